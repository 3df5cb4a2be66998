package dev.doksauth.core;

import dev.doksauth.cache.CacheKey;
import dev.doksauth.exec.ExecInfo;

import java.time.Duration;

/**
 * What {@link GetCredential} is asked for: which credential, whether a new one is wanted whatever the store
 * holds, and what it needs to notice a client asking again and to speak of the credential.
 *
 * @param key                 the store's key
 * @param forced              obtain a new one even when the stored one is fresh ({@code --no-cache}, {@code sso login})
 * @param cluster             the cluster client-go is about to use, or null
 * @param client              the process that runs us, or null
 * @param subject             "the credential of cluster ID" or "the sign-in to ISSUER", for messages
 * @param waitWorthMentioning how long a wait for another process goes unmentioned
 * @param lifetimeHint        what a lifetime too short to print can be helped by, after "check this computer's clock"
 */
public record Wanted(CacheKey key, boolean forced, ExecInfo.Cluster cluster, ClientProcess client, String subject,
                     Duration waitWorthMentioning, String lifetimeHint) {

    /** A DigitalOcean credential of a cluster. */
    public static Wanted cluster(CacheKey key, String clusterId, long expirySeconds, boolean forced, ExecInfo.Cluster cluster,
                                 ClientProcess client) {
        // A DigitalOcean fetch takes a fraction of a second, and a burst of kubectl commands waits for one.
        return new Wanted(key, forced, cluster, client, "the credential of cluster " + clusterId, Duration.ofSeconds(5),
                expirySeconds > 0 ? ", or ask for a longer --expiry-seconds" : "");
    }

    /** A single sign-on ID token; a sign-in waits for a person, so a wait for one is mentioned at once. */
    public static Wanted signIn(CacheKey key, String issuerUrl, boolean forced, ExecInfo.Cluster cluster, ClientProcess client) {
        return new Wanted(key, forced, cluster, client, "the sign-in to " + issuerUrl, Duration.ofSeconds(1),
                ", or ask the provider for longer-lived ID tokens");
    }

    /** Whether we keep track of which credential the client was served, to notice a retry after a 401. */
    boolean tracksClient() {
        return client != null && cluster != null;
    }
}
