package dev.doksauth.cache;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.JsonException;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheEntryJsonTest {

    static final CacheKey KEY = CacheKey.forDoToken("https://api.digitalocean.com", new DoToken("do-token", "default", "test"),
            "8d91899c-0739-4a1a-acc5-deadbeefbbb8", 600);
    static final CacheKey SSO = CacheKey.forSso("https://issuer.example", "client", "openid email");

    static List<CacheEntry> entries() {
        String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        String key = "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n";
        return List.of(CacheEntry.of(Credential.ofToken("t\"ok\\en\u2028", 1000, 2000)),
                CacheEntry.of(Credential.ofCertificate(cert, key, 1, 2)),
                new CacheEntry(Credential.ofToken("id.token.sig", 5, 6), "{\"version\":1,\"nested\":{\"a\":[1,2]}}"));
    }

    @Test
    void jacksonWritesAFlatObjectThatBothReadersReadTheSame() throws JsonException {
        for (CacheKey cacheKey : List.of(KEY, SSO)) {
            for (CacheEntry entry : entries()) {
                String text = CacheEntryJson.write(cacheKey, entry);
                assertTrue(text.startsWith("{\"format\":2,\"key\":\"") && text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, text);
                assertFalse(text.substring(1).contains("{") && entry.state() == null, "nothing nested: " + text);
                CacheEntry hit = CacheEntryJson.read(text, cacheKey);
                assertEquals(entry, hit);
                CredentialCache.ListedEntry listed = CacheEntryJson.readListed(text);
                assertEquals(entry.credential(), listed.credential());
                assertEquals(cacheKey.label(), listed.context());
                assertEquals(cacheKey.origin(), listed.apiUrl());
                assertEquals(cacheKey.clusterId() == null ? CacheKey.SSO_PREFIX : cacheKey.clusterId(), listed.clusterId());
            }
        }
    }

    @Test
    void anEntryOfTheHandWriterBeforeJacksonStillHits() throws JsonException {
        String old = "{\"format\":2,\"key\":\"" + KEY.identityHash() + "\",\"clusterId\":\"" + KEY.clusterId()
                + "\",\"origin\":\"https://api.digitalocean.com\",\"label\":\"default\",\"expirySeconds\":600,"
                + "\"obtainedAt\":1000,\"expiresAt\":2000,\"token\":\"t0ken\"}\n";
        assertEquals(CacheEntry.of(Credential.ofToken("t0ken", 1000, 2000)), CacheEntryJson.read(old, KEY));
        assertEquals(CacheEntryJson.write(KEY, CacheEntry.of(Credential.ofToken("t0ken", 1000, 2000))), old, "the same bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "null", "{\"format\":2}", "{\"format\":3,\"key\":\"k\"}",
        "{\"format\":2,\"key\":\"K\",\"origin\":\"o\",\"label\":\"l\",\"expirySeconds\":0,\"obtainedAt\":1,\"expiresAt\":2}",
        "{\"format\":2,\"key\":\"K\",\"origin\":\"o\",\"label\":\"l\",\"expirySeconds\":0,\"obtainedAt\":1.5,\"expiresAt\":2,\"token\":\"t\"}",
        "{\"format\":2,\"key\":\"K\",\"origin\":\"o\",\"label\":\"l\",\"expirySeconds\":0,\"obtainedAt\":1,\"expiresAt\":\"2\",\"token\":\"t\"}",
        "{\"format\":2,\"key\":\"K\",\"origin\":\"o\",\"label\":\"l\",\"expirySeconds\":0,\"obtainedAt\":1,\"expiresAt\":2,\"token\":\"t\",\"token\":\"u\"}",
        "{\"format\":2,\"key\":\"K\",\"origin\":\"o\",\"label\":\"l\",\"expirySeconds\":0,\"obtainedAt\":1,\"expiresAt\":2,\"token\":\"t\"} x",
        "{\"format\":2,\"key\":\"K\",\"origin\":\"o\",\"label\":\"l\",\"expirySeconds\":0,\"obtainedAt\":1,\"expiresAt\":2,\"clientKeyData\":\"k\"}"})
    void whatIsNotAWholeEntryIsRefusedByBothReaders(String text) {
        String entry = text.replace("\"K\"", "\"" + KEY.identityHash() + "\"");
        assertThrows(JsonException.class, () -> CacheEntryJson.read(entry, KEY), entry);
        assertThrows(JsonException.class, () -> CacheEntryJson.readListed(entry), entry);
    }

    @Test
    void anEntryForAnotherKeyIsNotRead() {
        String text = CacheEntryJson.write(KEY, entries().get(0));
        assertEquals("entry is for another key", assertThrows(JsonException.class, () -> CacheEntryJson.read(text, SSO)).getMessage());
    }
}
