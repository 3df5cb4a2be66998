package dev.doksauth.cache;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.JsonObject;

/**
 * The one format of a cache entry, read by the cache-hit path and written by the slow path.
 * An entry repeats its key (but the token's hash) so that a file in the wrong place is a miss.
 */
final class CacheEntryJson {

    /** Bumped when the format changes; an entry of another format is a miss. */
    static final long FORMAT = 1;

    private CacheEntryJson() {
    }

    static String write(CacheKey key, Credential credential) {
        StringBuilder out = new StringBuilder(4096)
                .append("{\"format\":").append(FORMAT)
                .append(",\"clusterId\":").append(Json.quote(key.clusterId()))
                .append(",\"apiUrl\":").append(Json.quote(key.apiUrl()))
                .append(",\"context\":").append(Json.quote(key.context()))
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
        return out.append("}\n").toString();
    }

    /** The entry's credential, if the entry is of this format and for this key. */
    static Credential read(String text, CacheKey key) throws JsonException {
        CredentialCache.ListedEntry entry = readEntry(text);
        if (!entry.clusterId().equals(key.clusterId()) || !entry.apiUrl().equals(key.apiUrl())
                || entry.expirySeconds() != key.expirySeconds()) {
            throw new JsonException("entry is for another key");
        }
        return entry.credential();
    }

    static CredentialCache.ListedEntry readEntry(String text) throws JsonException {
        JsonObject o = Json.parseObject(text);
        if (!o.has("format") || o.requiredLong("format") != FORMAT) {
            throw new JsonException("entry of another format");
        }
        try {
            Credential credential = new Credential(o.string("token"), o.string("clientCertificateData"),
                    o.string("clientKeyData"), o.requiredLong("obtainedAt"), o.requiredLong("expiresAt"));
            return new CredentialCache.ListedEntry(o.requiredString("clusterId"), o.requiredString("context"),
                    o.requiredString("apiUrl"), o.requiredLong("expirySeconds"), credential);
        } catch (IllegalArgumentException e) {
            throw new JsonException(e.getMessage());
        }
    }
}
