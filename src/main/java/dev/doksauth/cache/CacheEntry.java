package dev.doksauth.cache;

import dev.doksauth.credential.Credential;

/**
 * What the cache holds for one key: the credential, and the state its source needs to make the next
 * one (for single sign-on: the refresh token, the provider's discovery document and keys).
 *
 * @param state source-specific text, opaque to the cache and never interpreted on the cache-hit path; null for none
 */
public record CacheEntry(Credential credential, String state) {

    public static CacheEntry of(Credential credential) {
        return new CacheEntry(credential, null);
    }

    @Override
    public String toString() {
        // The state holds secrets (a refresh token).
        return "CacheEntry[" + credential + (state == null ? "" : ", with state") + "]";
    }
}
