package dev.doksauth.exec;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecCredentialJsonTest {

    @Test
    void rfc3339AgreesWithInstantForDatesFarApart() {
        Random random = new Random(7);
        long[] fixed = {0, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 4_107_542_400L /* 2100-03-01 */, 253_402_300_799L};
        for (long second : fixed) {
            assertEquals(Instant.ofEpochSecond(second).toString(), ExecCredentialJson.rfc3339(second));
        }
        for (int i = 0; i < 10_000; i++) {
            long second = random.nextLong(253_402_300_799L);
            assertEquals(Instant.ofEpochSecond(second).toString(), ExecCredentialJson.rfc3339(second));
        }
        assertEquals("2026-11-21T07:40:25Z", ExecCredentialJson.rfc3339(Instant.parse("2026-11-21T07:40:25Z").getEpochSecond()));
    }

    @Test
    void tokenCredential() throws Exception {
        String json = ExecCredentialJson.render(ExecApiVersion.V1BETA1, Credential.ofToken("tok\"en", 1000, 1600));
        assertTrue(json.endsWith("}\n") && json.indexOf('\n') == json.length() - 1, "one line");
        JsonObject o = Json.parseObject(json);
        assertEquals("ExecCredential", o.string("kind"));
        assertEquals("client.authentication.k8s.io/v1beta1", o.string("apiVersion"));
        assertTrue(json.contains("\"spec\":{\"interactive\":false}"), json);
        JsonObject status = o.object("status");
        assertEquals("tok\"en", status.string("token"));
        assertEquals(ExecCredentialJson.rfc3339(1540), status.string("expirationTimestamp"));
        assertNull(status.string("clientCertificateData"));
    }

    @Test
    void certificateCredential() throws Exception {
        String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        String key = "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n";
        JsonObject status = Json.parseObject(ExecCredentialJson.render(ExecApiVersion.V1,
                Credential.ofCertificate(cert, key, 0, 100))).object("status");
        assertEquals(cert, status.string("clientCertificateData"));
        assertEquals(key, status.string("clientKeyData"));
        assertNull(status.string("token"));
    }

    @Test
    void theFirstJvmWritesWhatJacksonWrites() {
        String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        String key = "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n";
        String hostile = "t\"o\\k\u0000\u001b[2J\u007f\u009b\u202e\u2028\ud800\ud83d\ude00\u00e9\b\f\t";
        for (ExecApiVersion version : ExecApiVersion.values()) {
            for (Credential credential : new Credential[] {Credential.ofToken("t0ken", 1000, 1600),
                    Credential.ofToken(hostile, 0, 86_400), Credential.ofCertificate(cert, key, 0, 100)}) {
                assertEquals(ExecCredential.render(version, credential), ExecCredentialJson.render(version, credential));
            }
        }
    }
}
