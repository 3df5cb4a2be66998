package dev.doksauth.core;

import dev.doksauth.api.Cluster;
import dev.doksauth.api.ClusterAccess;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.token.DoToken;

import java.util.List;
import java.util.Map;

/**
 * The DigitalOcean account as the kubeconfig use cases see it: its clusters, each cluster's server and CA, and
 * which token an entry uses. In production the API client and the token resolver ({@code cli.KubeconfigWiring});
 * the use-case tests use a fake.
 */
public interface ClusterDirectory {

    /**
     * Finds the API URL and the DigitalOcean token (as {@code credential} finds them), for calls to the API.
     *
     * @throws dev.doksauth.report.DoksAuthException for a bad API URL, or when there is no usable token
     */
    Session open(String apiUrlOption, String context, String doctlConfig);

    /**
     * The cache key of the credential a token entry gets when kubectl runs it (kubectl's environment with the
     * entry's {@code env} on top): its API URL, token, cluster and expiry.
     *
     * @throws dev.doksauth.report.DoksAuthException when its token cannot be found
     */
    CacheKey tokenEntryKey(String clusterId, ExecEntries.Options identity, Map<String, String> entryEnv);

    /** The API with one token; closing it never throws. */
    interface Session extends AutoCloseable {

        String apiUrl();

        DoToken token();

        /** {@code GET /v2/kubernetes/clusters}. */
        List<Cluster> clusters(Deadline deadline);

        /** {@code GET /v2/kubernetes/clusters/{id}}: the object that carries the cluster's SSO settings. */
        Cluster cluster(String id, Deadline deadline);

        /** The cluster's server, CA and a DigitalOcean-token credential of that expiry (0: the API's default). */
        ClusterAccess access(String id, long expirySeconds, Deadline deadline);

        /** The cluster's server and CA, for an SSO entry: no credential is minted. */
        ClusterAccess ssoAccess(String id, Deadline deadline);

        @Override
        void close();
    }
}
