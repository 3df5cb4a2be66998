package dev.doksauth.core;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.credential.Deadline;
import dev.doksauth.exec.ExecApiVersion;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.time.Duration;
import java.util.Map;

/**
 * Everything a {@link CredentialRequest} resolves to before the cache or any network is consulted.
 *
 * @param version     the ExecCredential version to answer with
 * @param key         the cache entry that holds this credential
 * @param cluster     the cluster client-go is about to use (provideClusterInfo), or null
 * @param client      the process that runs us (kubectl), or null when the launcher did not say
 * @param interactive whether a person can take part (a sign-in may ask on the terminal)
 * @param apiUrl      the DigitalOcean API base URL; null for single sign-on
 * @param token       the DigitalOcean token; null for single sign-on, which never needs one
 */
public record CredentialPlan(CredentialRequest request, ExecApiVersion version, CacheKey key, ExecInfo.Cluster cluster,
                             ClientProcess client, boolean interactive, String apiUrl, DoToken token) {

    /**
     * @param env       kubectl's KUBERNETES_EXEC_INFO, the DigitalOcean token's variables and files, the API URL
     * @param clientPid the PID of the process that runs us, as the launcher tells it, or null
     */
    public static CredentialPlan of(CredentialRequest request, Map<String, String> env, String clientPid) {
        ExecInfo execInfo = ExecInfo.read(env.get(ExecInfo.ENVIRONMENT_VARIABLE), request.apiVersion());
        // Only with the cluster can a suspicion be checked: without it, /proc is not read.
        ClientProcess client = execInfo.cluster() == null ? null : ClientProcess.of(clientPid);
        SsoOptions sso = request.sso();
        if (sso != null) {
            return new CredentialPlan(request, execInfo.version(), CacheKey.forSso(sso.issuerUrl(), sso.clientId(),
                    sso.scopesKey()), execInfo.cluster(), client, execInfo.interactive(), null, null);
        }
        String apiUrl = ApiUrl.resolve(request.apiUrl(), env);
        DoToken token = new TokenResolver(env).resolve(request.context(), request.doctlConfig());
        return new CredentialPlan(request, execInfo.version(), CacheKey.forDoToken(apiUrl, token, request.clusterId(),
                request.expirySeconds()), execInfo.cluster(), client, execInfo.interactive(), apiUrl, token);
    }

    /**
     * The command's deadline: the one the first JVM handed over, else the budget starting now
     * ({@code DOKS_AUTH_TIMEOUT}, or {@code --sso-timeout} for a sign-in, which a person may take minutes over).
     *
     * @param handedOver the deadline the first JVM handed over (epoch milliseconds as text), or null
     */
    public Deadline deadline(Map<String, String> env, String handedOver) {
        Deadline own = request.sso() != null
                ? Deadline.in(Duration.ofSeconds(request.sso().timeoutSeconds()), "--sso-timeout")
                : Deadline.fromEnvironment(env);
        Deadline handed = handedOver == null ? null : Deadline.handedOver(handedOver, own);
        return handed != null ? handed : own;
    }

    /** What the use case is asked for. */
    public Wanted wanted() {
        return request.sso() != null ? Wanted.signIn(key, request.sso().issuerUrl(), request.noCache(), cluster, client)
                : Wanted.cluster(key, request.clusterId(), request.expirySeconds(), request.noCache(), cluster, client);
    }
}
