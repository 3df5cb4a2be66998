package dev.doksauth.cache;

import dev.doksauth.token.DoToken;

/**
 * What selects one cache entry: the API base URL, the identity of the DigitalOcean token (its
 * SHA-256, never the token), the cluster and the requested expiry. A different token or context
 * therefore never receives another one's credential.
 *
 * @param context shown by {@code cache list}; not part of the identity (the token is)
 */
public record CacheKey(String apiUrl, String tokenSha256, String clusterId, long expirySeconds, String context) {

    public static CacheKey of(String apiUrl, DoToken token, String clusterId, long expirySeconds) {
        return new CacheKey(apiUrl, Sha256.hex(token.value()), clusterId, expirySeconds, token.label());
    }

    /**
     * The file name without extension: the cluster ID (not a secret, and it lets people and
     * {@code cache clear} see what is whose) and 128 bits of a hash of everything else.
     */
    String fileStem() {
        String identity = "doks-auth cache key 1\n" + apiUrl + "\n" + tokenSha256 + "\n" + clusterId + "\n" + expirySeconds;
        return clusterId + "-" + Sha256.hex(identity).substring(0, 32);
    }
}
