package dev.doksauth.doctor;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.api.Cluster;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.cache.CacheDirectory;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Deadline;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.kubeconfig.KubeconfigContexts;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.kubeconfig.Kuberc;
import dev.doksauth.rejection.RejectionCheck;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.sso.ProviderFacts;
import dev.doksauth.sso.SsoContext;
import dev.doksauth.sso.SsoIdentity;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link DoctorPorts} on the credential path's own code: the kubeconfig reader, kuberc, the token resolver, the
 * API client, the cache, the cluster check and the provider's discovery. Every network call gets at most
 * {@link #CALL_TIMEOUT}, and all of them together what is left of one deadline.
 */
final class SystemPorts implements DoctorPorts {

    /** Each network check: connect and answer. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    /** Every network check together: the whole run stays well under 15 s when everything times out. */
    static final Duration BUDGET = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final String kubeconfigOption;
    private final Function<List<String>, CredentialRequest> credentialArguments;
    private final Verbose verbose;
    /** What sets doctor's time, in sentences such as "within the 4 s budget of doctor's checks". */
    private static final String DEADLINE_NAME = "doctor's checks";

    private final Deadline deadline = Deadline.in(BUDGET, DEADLINE_NAME);

    SystemPorts(Map<String, String> env, String kubeconfigOption,
                Function<List<String>, CredentialRequest> credentialArguments, Verbose verbose) {
        this.env = env;
        this.kubeconfigOption = kubeconfigOption;
        this.credentialArguments = credentialArguments;
        this.verbose = verbose;
    }

    /** The rest of the budget, at most one call's worth. */
    private Deadline call() {
        Duration left = deadline.remaining();
        return Deadline.in(left.compareTo(CALL_TIMEOUT) < 0 ? left : CALL_TIMEOUT, DEADLINE_NAME);
    }

    /** What kubectl gives the plugin: its own environment and the entry's {@code env} on top. */
    private Map<String, String> pluginEnv(Map<String, String> entryEnv) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(entryEnv);
        return merged;
    }

    @Override
    public KubeconfigContexts kubeconfig() {
        KubeconfigFiles files = KubeconfigFiles.resolve(kubeconfigOption, env);
        verbose.log("kubeconfig " + files.files());
        return KubeconfigContexts.read(files);
    }

    @Override
    public Path lookPath(String command) {
        Path file = Kuberc.lookPath(command, env);
        return file != null && Files.exists(file) ? file : null;
    }

    @Override
    public boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    @Override
    public Kuberc.Verdict kuberc(String command) {
        return Kuberc.judge(command, env);
    }

    @Override
    public CredentialRequest credentialArguments(List<String> args) {
        return credentialArguments.apply(args);
    }

    @Override
    public String apiUrl(CredentialRequest request, Map<String, String> entryEnv) {
        return ApiUrl.resolve(request.apiUrl(), pluginEnv(entryEnv));
    }

    @Override
    public DoToken token(CredentialRequest request, Map<String, String> entryEnv) {
        DoToken token = new TokenResolver(pluginEnv(entryEnv)).resolve(request.context(), request.doctlConfig());
        verbose.secret(token.value());
        verbose.log("token from " + token.source());
        return token;
    }

    @Override
    public ApiAnswer cluster(String apiUrl, DoToken token, String clusterId, Map<String, String> entryEnv) {
        try (DigitalOceanClient client = new DigitalOceanClient(apiUrl, token, pluginEnv(entryEnv), verbose)) {
            Cluster cluster = client.cluster(clusterId, call());
            return new ApiAnswer(cluster, client.clockAheadByLastAnswer(), null);
        } catch (DoksAuthException e) {
            return new ApiAnswer(null, null, e);
        }
    }

    @Override
    public CacheEntry cached(CacheKey key) {
        return new CredentialCache(CacheLocation.find(env)).read(key);
    }

    @Override
    public RejectionCheck.Answer askCluster(ExecInfo.Cluster cluster, String token) {
        verbose.secret(token);
        Duration timeout = call().remaining();
        if (timeout.isZero()) {
            return new RejectionCheck.Answer(0, "doctor's time ran out before it could ask");
        }
        RejectionCheck.Answer answer = RejectionCheck.ask(cluster, token, timeout);
        verbose.log("GET " + cluster.server() + "/api with the cached credential: "
                + (answer.status() > 0 ? "answer " + answer.status() : answer.failure()));
        return answer;
    }

    @Override
    public ProviderFacts provider(String issuerUrl) {
        verbose.log("discovery of " + issuerUrl);
        return ProviderFacts.discover(issuerUrl, env, call());
    }

    @Override
    public SignIn signIn(SsoOptions options, String cluster) {
        // Nothing here signs in, nor reads stdin or writes to the terminal: a context that cannot do either.
        SsoIdentity identity = new SsoIdentity(options, SsoContext.silent(env, verbose, cluster));
        SsoIdentity.Who who;
        try {
            who = identity.whoami();
        } catch (DoksAuthException e) {
            who = null; // a cached token that cannot be read: the next sign-in replaces it
        }
        return new SignIn(who, identity.secondsSinceAbandonedSignIn(System.currentTimeMillis() / 1000));
    }

    @Override
    public CacheDirectoryState cacheDirectory() {
        Path directory;
        try {
            directory = CacheLocation.find(env);
        } catch (DoksAuthException e) {
            return new CacheDirectoryState(null, false, null, e.getMessage());
        }
        String permissions = null;
        try {
            permissions = "d" + PosixFilePermissions.toString(Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            // missing, or not a POSIX file system: the check below says what matters
        }
        try {
            boolean exists = new CacheDirectory(directory).check();
            return new CacheDirectoryState(directory, exists, permissions, null);
        } catch (DoksAuthException e) {
            return new CacheDirectoryState(directory, true, permissions, e.getMessage());
        }
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }
}
