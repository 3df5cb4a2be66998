package dev.doksauth.doctor;

import dev.doksauth.api.Cluster;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.kubeconfig.KubeconfigContexts;
import dev.doksauth.kubeconfig.Kuberc;
import dev.doksauth.rejection.RejectionCheck;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.sso.ProviderFacts;
import dev.doksauth.sso.SsoIdentity;
import dev.doksauth.token.DoToken;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link Doctor} asks of the world, each through the credential path's own code in production
 * ({@link SystemPorts}). Network calls are bounded by the ports, each by a few seconds and all by one deadline.
 * None of them mints a credential, signs in or opens a browser.
 */
public interface DoctorPorts {

    /** The kubeconfig files kubectl would read, merged. @throws DoksAuthException when one cannot be read */
    KubeconfigContexts kubeconfig();

    /** The file kubectl would run for {@code command} (Go's LookPath), or null. */
    Path lookPath(String command);

    boolean isExecutable(Path file);

    Kuberc.Verdict kuberc(String command);

    /**
     * The entry's arguments as {@code credential} reads them; null when {@code credential} would refuse them.
     *
     * @throws DoksAuthException (usage) naming what is wrong
     */
    CredentialRequest credentialArguments(List<String> args);

    /** @param entryEnv the exec entry's {@code env}, which kubectl gives the plugin on top of its own */
    String apiUrl(CredentialRequest request, Map<String, String> entryEnv);

    /** @throws DoksAuthException saying where it looked, when there is no token */
    DoToken token(CredentialRequest request, Map<String, String> entryEnv);

    /** {@code GET /v2/kubernetes/clusters/{id}}: never throws, never mints. */
    ApiAnswer cluster(String apiUrl, DoToken token, String clusterId, Map<String, String> entryEnv);

    /**
     * @param cluster         the cluster, or null when the API did not answer
     * @param clockAheadSeconds our clock minus the API's by its {@code Date} header, or null
     * @param failure         why there is no cluster, or null
     */
    record ApiAnswer(Cluster cluster, Long clockAheadSeconds, DoksAuthException failure) {
    }

    /** The cached entry, or null. @throws DoksAuthException when the cache directory is refused */
    CacheEntry cached(CacheKey key);

    /** {@code GET /api} at the cluster with the token, bounded. */
    RejectionCheck.Answer askCluster(ExecInfo.Cluster cluster, String token);

    /** @throws DoksAuthException when the provider's discovery cannot be had or is not consistent */
    ProviderFacts provider(String issuerUrl);

    /**
     * @param who                   the cached identity, or null when not signed in
     * @param abandonedSecondsAgo   seconds since a sign-in was abandoned, -1 when none recently
     */
    record SignIn(SsoIdentity.Who who, long abandonedSecondsAgo) {
    }

    /** @throws DoksAuthException when the cache cannot be read */
    SignIn signIn(SsoOptions options, String cluster);

    /**
     * @param problem why the credential path refuses the directory, or null
     */
    record CacheDirectoryState(Path path, boolean exists, String permissions, String problem) {
    }

    CacheDirectoryState cacheDirectory();

    long nowMillis();
}
