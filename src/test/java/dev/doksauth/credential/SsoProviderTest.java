package dev.doksauth.credential;

import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsoProviderTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.evil.example/", "http://127.0.0.1.nip.io/", "http://127.0.0.1evil.example/",
            "http://[::1].evil.example/", "http://idp.example", "ftp://idp.example", "https://u:p@idp.example",
            "https://idp.example/?q", "https://idp.example/#f", "https:///path", "https:idp.example", "idp.example",
            "https://idp.example/ x", "https://idp.example:0/", "https://idp.example:70000/", "", "https://\u00e9.example"})
    void anIssuerOtherThanHttpsOrPlainHttpToLoopbackIsAUsageError(String issuer) {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> new SsoProvider(issuer, "client", 8080), issuer);
        assertEquals(DoksAuthException.USAGE, e.exitCode(), issuer);
        assertTrue(e.getMessage().startsWith("--sso-issuer-url "), e.getMessage());
        assertFalse(e.getMessage().contains("evil") || e.getMessage().contains("u:p"), "the value is not echoed: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://idp.example", "https://idp.example/realms/x/", "http://127.0.0.1:5556/dex",
            "http://localhost:5556", "http://[::1]:5556", "HTTPS://idp.example"})
    void httpsAndPlainHttpToLoopbackAreTaken(String issuer) {
        assertEquals(issuer, new SsoProvider(issuer, "client", 8080).issuerUrl(), "kept as given: iss must equal it");
    }

    @Test
    void aClientIdIsOneTo255VisibleAsciiCharactersWithoutSpaces() {
        new SsoProvider("https://idp.example", "x".repeat(255), 8080);
        new SsoProvider("https://idp.example", "0oa1!~{}", 8080);
        for (String bad : new String[] {"", "x".repeat(256), "my app", "c\u001b[31m", "caf\u00e9", "tab\t"}) {
            DoksAuthException e = assertThrows(DoksAuthException.class, () -> new SsoProvider("https://idp.example", bad, 8080));
            assertEquals(DoksAuthException.USAGE, e.exitCode());
        }
        assertThrows(DoksAuthException.class, () -> new SsoProvider("https://idp.example", null, 8080));
    }

    @Test
    void thePortIsOneTo65535() {
        new SsoProvider("https://idp.example", "c", 1);
        new SsoProvider("https://idp.example", "c", 65535);
        assertThrows(DoksAuthException.class, () -> new SsoProvider("https://idp.example", "c", 0));
        assertThrows(DoksAuthException.class, () -> new SsoProvider("https://idp.example", "c", 65536));
    }

    @Test
    void valuesFromElsewhereAreAFailureThatSaysWhere() {
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> SsoProvider.from("http://127.0.0.1.nip.io", "c", 8080, "the SSO settings of cluster X"));
        assertEquals(DoksAuthException.FAILURE, e.exitCode());
        assertTrue(e.getMessage().startsWith("the SSO settings of cluster X cannot be used: "), e.getMessage());
    }
}
