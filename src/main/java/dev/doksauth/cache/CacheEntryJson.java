package dev.doksauth.cache;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.JsonObject;

/**
 * The one format of a cache entry, read by the cache-hit path and written by the slow path.
 * An entry records the hash of its key's identity, so that a file in the wrong place is a miss.
 */
final class CacheEntryJson {

    /** Bumped when the format changes; an entry of another format is a miss. */
    static final long FORMAT = 2;

    private CacheEntryJson() {
    }

    static String write(CacheKey key, CacheEntry entry) {
        Credential credential = entry.credential();
        StringBuilder out = new StringBuilder(4096)
                .append("{\"format\":").append(FORMAT)
                .append(",\"key\":").append(Json.quote(key.identityHash()))
                .append(",\"clusterId\":").append(key.clusterId() == null ? "null" : Json.quote(key.clusterId()))
                .append(",\"origin\":").append(Json.quote(key.origin()))
                .append(",\"label\":").append(Json.quote(key.label()))
                .append(",\"expirySeconds\":").append(key.expirySeconds())
                .append(",\"obtainedAt\":").append(credential.obtainedAt())
                .append(",\"expiresAt\":").append(credential.expiresAt());
        if (credential.token() != null) {
            out.append(",\"token\":").append(Json.quote(credential.token()));
        }
        if (credential.clientCertificatePem() != null) {
            out.append(",\"clientCertificateData\":").append(Json.quote(credential.clientCertificatePem()))
                    .append(",\"clientKeyData\":").append(Json.quote(credential.clientKeyPem()));
        }
        if (entry.state() != null) {
            out.append(",\"state\":").append(Json.quote(entry.state()));
        }
        return out.append("}\n").toString();
    }

    /** The entry, if it is of this format and for this key. */
    static CacheEntry read(String text, CacheKey key) throws JsonException {
        JsonObject o = parse(text);
        if (!key.identityHash().equals(o.requiredString("key"))) {
            throw new JsonException("entry is for another key");
        }
        return new CacheEntry(credential(o), o.string("state"));
    }

    static CredentialCache.ListedEntry readListed(String text) throws JsonException {
        JsonObject o = parse(text);
        String clusterId = o.string("clusterId");
        return new CredentialCache.ListedEntry(clusterId == null ? CacheKey.SSO_PREFIX : clusterId,
                o.requiredString("label"), o.requiredString("origin"), o.requiredLong("expirySeconds"), credential(o));
    }

    private static JsonObject parse(String text) throws JsonException {
        JsonObject o = Json.parseObject(text);
        if (!o.has("format") || o.requiredLong("format") != FORMAT) {
            throw new JsonException("entry of another format");
        }
        return o;
    }

    private static Credential credential(JsonObject o) throws JsonException {
        try {
            return new Credential(o.string("token"), o.string("clientCertificateData"), o.string("clientKeyData"),
                    o.requiredLong("obtainedAt"), o.requiredLong("expiresAt"));
        } catch (IllegalArgumentException e) {
            throw new JsonException(e.getMessage());
        }
    }
}
