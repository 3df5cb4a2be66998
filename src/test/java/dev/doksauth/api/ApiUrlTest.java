package dev.doksauth.api;

import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiUrlTest {

    @Test
    void optionThenEnvironmentThenDefault() {
        assertEquals("https://a.example", ApiUrl.resolve("https://a.example/", Map.of("DIGITALOCEAN_API_URL", "https://b.example")));
        assertEquals("https://b.example", ApiUrl.resolve(null, Map.of("DIGITALOCEAN_API_URL", "https://b.example")));
        assertEquals(ApiUrl.DEFAULT, ApiUrl.resolve(null, Map.of()));
    }

    @Test
    void normalisedForTheCacheKey() {
        assertEquals("https://api.example:8443/base", ApiUrl.normalise("HTTPS://API.Example:8443/base//", "x"));
        assertEquals("http://127.0.0.1:8080", ApiUrl.normalise("http://127.0.0.1:8080", "x"));
        assertEquals("http://localhost", ApiUrl.normalise("http://localhost", "x"));
        assertEquals("http://[::1]:9", ApiUrl.normalise("http://[::1]:9", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.digitalocean.com", "http://10.0.0.1", "http://127.0.0.1.evil.com", "http://128.0.0.1",
        "ftp://x", "api.digitalocean.com", "https://user:pass@x", "https://x?q=1", "https://x#f", "::::", ""})
    void refused(String url) {
        assertEquals(DoksAuthException.USAGE, assertThrows(DoksAuthException.class, () -> ApiUrl.normalise(url, "--api-url")).exitCode());
    }
}
