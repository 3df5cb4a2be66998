package dev.doksauth.core;

import dev.doksauth.api.Cluster;
import dev.doksauth.api.ClusterAccess;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.token.DoToken;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DigitalOcean account in memory: its clusters, the credentials it mints (obtained at the fake clock's
 * {@link #NOW}), and every call made, so that a test can tell what was fetched, in which order, and under which
 * deadline.
 */
final class FakeClusterDirectory implements ClusterDirectory {

    /** The fake clock: every credential is minted at this moment. */
    static final long NOW = 1_900_000_000_000L;
    static final String API = "https://api.digitalocean.com";
    static final DoToken TOKEN = new DoToken("dop_v1_secret", "default", "context 'default' of /home/u/.config/doctl/config.yaml");

    final Map<String, Cluster> clusters = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<Deadline> deadlines = new ArrayList<>();
    /** What {@link #open} gives; null: there is no token. */
    DoToken token = TOKEN;
    String apiUrl = API;
    /** Thrown by the API's next call to {@link Session#cluster}, when set. */
    DoksAuthException apiFailure;
    /** The tokens of entries {@link #tokenEntryKey} can find, by doctl context (null: the environment's). */
    final Map<String, DoToken> entryTokens = new LinkedHashMap<>();
    boolean closed;

    FakeClusterDirectory with(Cluster cluster) {
        clusters.put(cluster.id(), cluster);
        return this;
    }

    static Cluster cluster(String id, String name, String region, Cluster.Sso sso) {
        return new Cluster(id, name, region, "1.31.1-do.0", "running", "", sso);
    }

    static String server(String id) {
        return "https://" + id + ".k8s.ondigitalocean.com";
    }

    static Credential minted(String id, long expirySeconds) {
        long life = expirySeconds == 0 ? 7 * 86_400_000L : expirySeconds * 1000;
        return Credential.ofToken("cluster-token-" + id, NOW, NOW + life);
    }

    @Override
    public Session open(String apiUrlOption, String context, String doctlConfig) {
        calls.add("open " + apiUrlOption + " " + context + " " + doctlConfig);
        if (token == null) {
            throw DoksAuthException.failure("no DigitalOcean token: set DIGITALOCEAN_ACCESS_TOKEN or run doctl auth init");
        }
        String url = apiUrlOption != null ? apiUrlOption : apiUrl;
        DoToken named = context == null ? token : new DoToken(token.value(), context, "context '" + context + "'");
        return new Session() {
            @Override
            public String apiUrl() {
                return url;
            }

            @Override
            public DoToken token() {
                return named;
            }

            @Override
            public List<Cluster> clusters(Deadline deadline) {
                record("list", deadline);
                return List.copyOf(clusters.values());
            }

            @Override
            public Cluster cluster(String id, Deadline deadline) {
                record("get " + id, deadline);
                if (apiFailure != null) {
                    throw apiFailure;
                }
                Cluster cluster = clusters.get(id);
                if (cluster == null) {
                    throw DoksAuthException.failure("the DigitalOcean API has no cluster " + id + " (404)");
                }
                return cluster;
            }

            @Override
            public ClusterAccess access(String id, long expirySeconds, Deadline deadline) {
                record("credentials " + id + " " + expirySeconds, deadline);
                return new ClusterAccess(server(id), "Q0E=", minted(id, expirySeconds));
            }

            @Override
            public ClusterAccess ssoAccess(String id, Deadline deadline) {
                record("sso " + id, deadline);
                return new ClusterAccess(server(id), "Q0E=", null);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private void record(String call, Deadline deadline) {
        calls.add(call);
        deadlines.add(deadline);
    }

    @Override
    public CacheKey tokenEntryKey(String clusterId, ExecEntries.Options identity, Map<String, String> entryEnv) {
        calls.add("key " + clusterId);
        String context = entryEnv.containsKey("DIGITALOCEAN_ACCESS_TOKEN") ? "env" : identity.context();
        DoToken found = entryTokens.get(context == null ? "default" : context);
        if (found == null) {
            throw DoksAuthException.failure("no DigitalOcean token for context " + context);
        }
        return CacheKey.forDoToken(identity.apiUrl() == null ? API : identity.apiUrl(), found, clusterId,
                identity.expirySeconds());
    }
}
