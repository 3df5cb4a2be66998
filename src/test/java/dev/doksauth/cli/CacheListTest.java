package dev.doksauth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Credential;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cache list: each column holds one thing, for token credentials and single sign-ons alike, and never a token. */
class CacheListTest {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefcace";
    static final String ISSUER = "https://id.example.com/realms/team";
    static final String CLIENT = "doks-team-client";
    static final String CLUSTER_TOKEN = "doks-cluster-secret";

    @TempDir
    Path cacheDir;

    private Map<String, String> filled() throws Exception {
        CredentialCache cache = new CredentialCache(cacheDir);
        long now = System.currentTimeMillis() / 1000;
        cache.write(CacheKey.forDoToken("https://api.digitalocean.com", new DoToken("dop_v1_a", null,
                "DIGITALOCEAN_ACCESS_TOKEN"), CLUSTER, 0), CacheEntry.of(Credential.ofToken(CLUSTER_TOKEN, now, now + 3600)));
        cache.write(CacheKey.forDoToken("https://api.example.test", new DoToken("dop_v1_b", "work", "context 'work'"),
                CLUSTER, 600), CacheEntry.of(Credential.ofToken(CLUSTER_TOKEN + "2", now, now + 600)));
        cache.write(CacheKey.forSso(ISSUER, CLIENT, "openid email"),
                CacheEntry.of(Credential.ofToken(idToken("{\"sub\":\"u-42\",\"email\":\"ada@example.com\"}"), now, now + 900)));
        return Map.of("DOKS_AUTH_CACHE_DIR", cacheDir.toString(), "HOME", "/nonexistent-doks-auth-test");
    }

    private static String idToken(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void tokenCredentialsAndSignInsEachHaveTheirColumns() throws Exception {
        CliTest.Run run = CliTest.run(filled(), "cache", "list");
        assertEquals(0, run.code(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("CLUSTER +TOKEN FROM +API URL +KIND +TIME LEFT"), run.out());
        assertTrue(lines.get(1).matches(CLUSTER + " +\\$DIGITALOCEAN_ACCESS_TOKEN +https://api.digitalocean.com +token +.*"),
                run.out());
        assertTrue(lines.get(2).matches(CLUSTER + " +doctl context work +https://api.example.test +token +.*"), run.out());
        assertEquals("", lines.get(3));
        assertTrue(lines.get(4).matches("ISSUER +CLIENT +SIGNED IN AS +KIND +TIME LEFT"), run.out());
        assertTrue(lines.get(5).matches(ISSUER.replace(".", "\\.") + " +" + CLIENT + " +ada@example.com +sso +\\d+m.*"),
                run.out());
        assertFalse(run.out().contains(CLUSTER_TOKEN) || run.out().contains("eyJ"), "no token in the list");
    }

    @Test
    void jsonHasTheTablesFields() throws Exception {
        CliTest.Run run = CliTest.run(filled(), "cache", "list", "-o", "json");
        assertEquals(0, run.code(), run.toString());
        JsonNode rows = new ObjectMapper().readTree(run.out());
        assertEquals(3, rows.size(), run.out());
        JsonNode sso = null;
        for (JsonNode row : rows) {
            if (row.get("kind").asText().equals("sso")) {
                sso = row;
            } else {
                assertEquals(CLUSTER, row.get("clusterId").asText());
                assertTrue(List.of("$DIGITALOCEAN_ACCESS_TOKEN", "doctl context work").contains(row.get("tokenFrom").asText()));
                assertFalse(row.has("issuerUrl"));
            }
        }
        assertEquals(ISSUER, sso.get("issuerUrl").asText());
        assertEquals(CLIENT, sso.get("clientId").asText());
        assertEquals("ada@example.com", sso.get("signedInAs").asText());
        assertFalse(sso.has("clusterId") || sso.has("apiUrl"), sso.toString());
        assertFalse(run.out().contains(CLUSTER_TOKEN) || run.out().contains("eyJ"), "no token in the list");
    }

    @Test
    void aSignInWithoutEmailShowsItsSubject() throws Exception {
        CredentialCache cache = new CredentialCache(cacheDir);
        long now = System.currentTimeMillis() / 1000;
        cache.write(CacheKey.forSso(ISSUER, CLIENT, "openid"),
                CacheEntry.of(Credential.ofToken(idToken("{\"sub\":\"u-42\"}"), now, now + 900)));
        CliTest.Run run = CliTest.run(Map.of("DOKS_AUTH_CACHE_DIR", cacheDir.toString()), "cache", "list");
        assertTrue(run.out().lines().skip(1).findFirst().orElseThrow().matches(".* u-42 +sso .*"), run.out());
    }
}
