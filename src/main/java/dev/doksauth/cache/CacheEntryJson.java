package dev.doksauth.cache;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.Jackson;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.JsonObject;

/**
 * The one format of a cache entry: a flat JSON object of strings and whole numbers, written by Jackson from
 * {@link Stored}, read on the cache-hit path by the small reader ({@link Json}, as the hit must not load
 * Jackson) and by {@code cache list} with Jackson. Both readers end in {@link Stored}, which checks it.
 * An entry records the hash of its key's identity, so that a file in the wrong place is a miss.
 */
final class CacheEntryJson {

    /** Bumped when the format changes; an entry of another format is a miss. */
    static final long FORMAT = 2;

    private CacheEntryJson() {
    }

    /**
     * An entry as stored, members in this order, absent when null: nothing nested, so that the hit's reading
     * is one pass over one level.
     *
     * @param clusterId null for a sign-on identity
     * @param token     or the client certificate and key
     * @param state     the source's state (see {@link CacheEntry#state}), opaque text
     */
    record Stored(Long format, String key, String clusterId, String origin, String label, Long expirySeconds,
                  Long obtainedAt, Long expiresAt, String token, String clientCertificateData, String clientKeyData,
                  String state) {

        /** @throws IllegalArgumentException naming what is wrong, never a value */
        Stored {
            if (format == null || format != FORMAT) {
                throw new IllegalArgumentException("entry of another format");
            }
            if (key == null || origin == null || label == null || expirySeconds == null || obtainedAt == null
                    || expiresAt == null) {
                throw new IllegalArgumentException("entry without its key, origin, label, expiry or times");
            }
        }

        static Stored of(CacheKey key, CacheEntry entry) {
            Credential c = entry.credential();
            return new Stored(FORMAT, key.identityHash(), key.clusterId(), key.origin(), key.label(), key.expirySeconds(),
                    c.obtainedAt(), c.expiresAt(), c.token(), c.clientCertificatePem(), c.clientKeyPem(), entry.state());
        }

        /** @throws IllegalArgumentException when it holds no whole credential */
        Credential credential() {
            return new Credential(token, clientCertificateData, clientKeyData, obtainedAt, expiresAt);
        }

        @Override
        public String toString() {
            return "Stored[" + label + ", " + clusterId + "]"; // never the secrets
        }
    }

    static String write(CacheKey key, CacheEntry entry) {
        return Jackson.write(Stored.of(key, entry)) + "\n";
    }

    /** The entry, if it is of this format and for this key: on the cache-hit path, without Jackson. */
    static CacheEntry read(String text, CacheKey key) throws JsonException {
        JsonObject o = Json.parseObject(text);
        try {
            Stored stored = new Stored(o.number("format"), o.string("key"), o.string("clusterId"), o.string("origin"),
                    o.string("label"), o.number("expirySeconds"), o.number("obtainedAt"), o.number("expiresAt"),
                    o.string("token"), o.string("clientCertificateData"), o.string("clientKeyData"), o.string("state"));
            if (!key.identityHash().equals(stored.key())) {
                throw new JsonException("entry is for another key");
            }
            return new CacheEntry(stored.credential(), stored.state());
        } catch (IllegalArgumentException e) {
            throw new JsonException(e.getMessage());
        }
    }

    /** What an entry says about itself, for {@code cache list}: off the hit path, with Jackson. */
    static CredentialCache.ListedEntry readListed(String text) throws JsonException {
        Stored stored = Jackson.read(text, Stored.class);
        try {
            return new CredentialCache.ListedEntry(stored.clusterId() == null ? CacheKey.SSO_PREFIX : stored.clusterId(),
                    stored.label(), stored.origin(), stored.expirySeconds(), stored.credential());
        } catch (IllegalArgumentException e) {
            throw new JsonException(e.getMessage());
        }
    }
}
