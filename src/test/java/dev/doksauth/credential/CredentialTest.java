package dev.doksauth.credential;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialTest {

    @Test
    void marginIsTenPercentOfTheLifetimeAtMostFiveMinutes() {
        assertEquals(300, Credential.ofToken("t", 0, 7 * 86_400).refreshMargin());
        assertEquals(60, Credential.ofToken("t", 1000, 1600).refreshMargin());
        assertEquals(2, Credential.ofToken("t", 1000, 1005).refreshMargin(), "short lifetimes keep a margin");
        assertEquals(1, Credential.ofToken("t", 1000, 1001).refreshMargin(), "at most half the lifetime");
        assertEquals(0, Credential.ofToken("t", 1000, 900).refreshMargin());
    }

    @Test
    void freshUntilTheMarginBeforeExpiry() {
        Credential credential = Credential.ofToken("t", 1000, 1600);
        assertEquals(1540, credential.freshUntil());
        assertTrue(credential.isFreshAt(1539_999), "judged against the millisecond clock");
        assertFalse(credential.isFreshAt(1540_000));
        assertFalse(credential.isFreshAt(5000_000));
    }

    @Test
    void needsATokenOrACertificateWithItsKey() {
        assertThrows(IllegalArgumentException.class, () -> new Credential(null, null, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Credential(null, "cert", null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Credential(null, null, "key", 0, 1));
    }

    @Test
    void toStringHoldsNoSecret() {
        assertFalse(Credential.ofToken("secret-token", 0, 1).toString().contains("secret-token"));
        assertFalse(Credential.ofCertificate("CERT", "secret-key", 0, 1).toString().contains("secret-key"));
    }
}
