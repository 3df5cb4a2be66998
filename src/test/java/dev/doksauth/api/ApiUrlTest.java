package dev.doksauth.api;

import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiUrlTest {

    @Test
    void optionThenEnvironmentThenDefault() {
        assertEquals("https://a.example", ApiUrl.resolve("https://a.example/", Map.of("DIGITALOCEAN_API_URL", "https://b.example")));
        assertEquals("https://b.example", ApiUrl.resolve(null, Map.of("DIGITALOCEAN_API_URL", "https://b.example")));
        assertEquals(ApiUrl.DEFAULT, ApiUrl.resolve(null, Map.of()));
    }

    @Test
    void normalisedForTheCacheKey() {
        assertEquals("https://api.example:8443", ApiUrl.normalise("HTTPS://API.Example:8443//", "x"));
        assertEquals("https://api.example", ApiUrl.normalise("https://api.example:443/", "x"));
        assertEquals("http://127.0.0.1:8080", ApiUrl.normalise("http://127.0.0.1:8080", "x"));
        assertEquals("http://localhost", ApiUrl.normalise("http://localhost", "x"));
        assertEquals("http://[::1]:9", ApiUrl.normalise("http://[::1]:9", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.digitalocean.com", "http://10.0.0.1", "http://127.0.0.1.evil.com", "http://128.0.0.1",
        "ftp://x", "api.digitalocean.com", "https://user:pass@x", "https://x?q=1", "https://x#f", "::::", "",
        "https://x/base", "https://x/v2/kubernetes", "https://x/v1", "https://x/V2", "https://x/v2?x", "https://x:0", "https://x:70000",
        "https://x/\u001b[2J", "https://x /v2", "https:x", "https://", "https://x\\@y"})
    void refused(String url) {
        assertEquals(DoksAuthException.USAGE, assertThrows(DoksAuthException.class, () -> ApiUrl.normalise(url, "--api-url")).exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.digitalocean.com/v2", "https://api.digitalocean.com/v2/", "https://api.digitalocean.com/v2///",
        "https://API.digitalocean.com:443/v2", "https://api.digitalocean.com//"})
    void theApisOwnPathIsTheBase(String url) {
        assertEquals(ApiUrl.DEFAULT, ApiUrl.resolve(url, Map.of()));
        assertEquals(ApiUrl.DEFAULT, ApiUrl.resolve(null, Map.of("DIGITALOCEAN_API_URL", url)));
    }

    @Test
    void aRefusalSaysWhyWithoutRepeatingAPassword() {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> ApiUrl.resolve("https://me:s3cret@x.example/v2", Map.of()));
        assertEquals("--api-url must not hold a user name or password; give a URL such as https://api.digitalocean.com", e.getMessage());
        e = assertThrows(DoksAuthException.class, () -> ApiUrl.resolve(null, Map.of("DIGITALOCEAN_API_URL", "https://x.example/v2/kubernetes")));
        assertEquals("DIGITALOCEAN_API_URL must be the API's base URL without a path, such as https://api.digitalocean.com "
                + "(it has the path '/v2/kubernetes')", e.getMessage());
    }

    @Test
    void sameOriginIsSchemeHostAndPort() {
        assertTrue(ApiUrl.isSameOrigin(java.net.URI.create("https://API.example:443/v2/x"), "https://api.example"));
        assertTrue(ApiUrl.isSameOrigin(java.net.URI.create("http://127.0.0.1:80/"), "http://127.0.0.1"));
        org.junit.jupiter.api.Assertions.assertFalse(ApiUrl.isSameOrigin(java.net.URI.create("http://api.example/v2"), "https://api.example"));
        org.junit.jupiter.api.Assertions.assertFalse(ApiUrl.isSameOrigin(java.net.URI.create("https://api.example:8443/"), "https://api.example"));
        org.junit.jupiter.api.Assertions.assertFalse(ApiUrl.isSameOrigin(java.net.URI.create("https://api.example.evil/"), "https://api.example"));
    }
}
