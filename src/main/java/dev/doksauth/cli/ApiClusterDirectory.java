package dev.doksauth.cli;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.api.Cluster;
import dev.doksauth.api.ClusterAccess;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.core.ClusterDirectory;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link ClusterDirectory} on the DigitalOcean API client and the token resolver, as {@code credential} uses them. */
record ApiClusterDirectory(Map<String, String> env, Verbose verbose) implements ClusterDirectory {

    @Override
    public Session open(String apiUrlOption, String context, String doctlConfig) {
        String apiUrl = ApiUrl.resolve(apiUrlOption, env);
        DoToken token = new TokenResolver(env).resolve(context, doctlConfig);
        verbose.secret(token.value());
        return new ApiSession(apiUrl, token);
    }

    @Override
    public CacheKey tokenEntryKey(String clusterId, ExecEntries.Options identity, Map<String, String> entryEnv) {
        Map<String, String> pluginEnv = new HashMap<>(env);
        pluginEnv.putAll(entryEnv);
        DoToken token = new TokenResolver(pluginEnv).resolve(identity.context(), identity.doctlConfig());
        String apiUrl = ApiUrl.resolve(identity.apiUrl(), pluginEnv);
        return CacheKey.forDoToken(apiUrl, token, clusterId, identity.expirySeconds());
    }

    /** The client is made at the first call: the use case says which API and token it uses before that. */
    private final class ApiSession implements Session {

        private final String apiUrl;
        private final DoToken token;
        private DigitalOceanClient client;

        ApiSession(String apiUrl, DoToken token) {
            this.apiUrl = apiUrl;
            this.token = token;
        }

        private DigitalOceanClient client() {
            if (client == null) {
                client = new DigitalOceanClient(apiUrl, token, env, verbose);
            }
            return client;
        }

        @Override
        public String apiUrl() {
            return apiUrl;
        }

        @Override
        public DoToken token() {
            return token;
        }

        @Override
        public List<Cluster> clusters(Deadline deadline) {
            return client().clusters(deadline);
        }

        @Override
        public Cluster cluster(String id, Deadline deadline) {
            return client().cluster(id, deadline);
        }

        @Override
        public ClusterAccess access(String id, long expirySeconds, Deadline deadline) {
            return client().access(id, expirySeconds, deadline);
        }

        @Override
        public ClusterAccess ssoAccess(String id, Deadline deadline) {
            return client().ssoAccess(id, deadline);
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
