package dev.doksauth.cache;

import dev.doksauth.token.DoToken;

/**
 * What selects one cache entry. Two kinds:
 * <ul>
 *   <li>a DigitalOcean credential: the API base URL, the identity of the DigitalOcean token (its SHA-256,
 *   never the token), the cluster and the requested expiry; a different token or context therefore never
 *   receives another one's credential;</li>
 *   <li>a single sign-on identity: the issuer, the client ID and the scopes, shared by every cluster that
 *   names them (an ID token is for the provider application, not for one cluster).</li>
 * </ul>
 *
 * @param clusterId the cluster, or null for a sign-on identity
 * @param origin    the API base URL, or the issuer URL
 * @param label     shown by {@code cache list}: the doctl context or token variable, or the client ID; not part of the identity
 * @param expirySeconds the requested lifetime of a DigitalOcean credential; 0 for its default and for sign-on
 * @param identityHash SHA-256 (hex) of everything that selects the entry; it names the file and is recorded in the
 *                     entry, and is computed once per key (the cache hit needs it twice)
 */
public record CacheKey(String clusterId, String origin, String label, long expirySeconds, String identityHash) {

    /** The file-name prefix of sign-on identities (cluster entries start with their cluster ID). */
    public static final String SSO_PREFIX = "sso";
    /** Hex digits of the identity hash in a file name: 128 bits. */
    static final int STEM_HASH_LENGTH = 32;

    public static CacheKey forDoToken(String apiUrl, DoToken token, String clusterId, long expirySeconds) {
        String identity = "doks-auth cache key 1\n" + apiUrl + "\n" + Sha256.hex(token.value()) + "\n" + clusterId
                + "\n" + expirySeconds;
        return new CacheKey(clusterId, apiUrl, token.label(), expirySeconds, Sha256.hex(identity));
    }

    /** @param scopes the scopes asked for, in a fixed order */
    public static CacheKey forSso(String issuerUrl, String clientId, String scopes) {
        return new CacheKey(null, issuerUrl, clientId, 0, Sha256.hex("doks-auth sso key 1\n" + issuerUrl + "\n"
                + clientId + "\n" + scopes));
    }

    /**
     * The file name without extension: the cluster ID (not a secret, and it lets people and
     * {@code cache clear} see what is whose) or {@value #SSO_PREFIX}, and 128 bits of a hash of the identity.
     */
    public String fileStem() {
        return (clusterId != null ? clusterId : SSO_PREFIX) + "-" + identityHash().substring(0, STEM_HASH_LENGTH);
    }
}
