package dev.doksauth.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://127.0.0.1:5556/dex", "http://127.255.3.4", "http://localhost:8080",
            "http://LOCALHOST/", "http://[::1]:5556/", "http://[0:0:0:0:0:0:0:1]/"})
    void literalLoopbackAddressesAndLocalhostAre(String url) {
        assertTrue(Loopback.isLoopbackHost(URI.create(url).getHost()), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.evil.example/", "http://127.0.0.1.nip.io/", "http://127.0.0.1evil.example/",
            "http://localhost.evil.example/", "http://localhostevil/", "http://128.0.0.1/", "http://127.0.0.256/",
            "http://127.0.0/", "http://127.1/", "http://0127.0.0.1/", "http://[::2]/", "http://[::]/",
            "http://[fe80::1]/", "http://0.0.0.0/", "http://idp.example/", "http://127.0.0.1.:80/"})
    void namesThatMerelyBeginLikeOneAreNot(String url) {
        assertFalse(Loopback.isLoopbackHost(URI.create(url).getHost()), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "::1x", "[::1].evil.example", "127.0.0.1 ", "::ffff:zz"})
    void malformedHostsAreNot(String host) {
        assertFalse(Loopback.isLoopbackHost(host), host);
    }
}
