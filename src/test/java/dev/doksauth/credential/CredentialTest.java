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
        assertEquals(0, Credential.ofToken("t", 1000, 1005).refreshMargin());
        assertEquals(0, Credential.ofToken("t", 1000, 900).refreshMargin());
    }

    @Test
    void freshUntilTheMarginBeforeExpiry() {
        Credential credential = Credential.ofToken("t", 1000, 1600);
        assertEquals(1540, credential.freshUntil());
        assertTrue(credential.isFreshAt(1539));
        assertFalse(credential.isFreshAt(1540));
        assertFalse(credential.isFreshAt(5000));
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
