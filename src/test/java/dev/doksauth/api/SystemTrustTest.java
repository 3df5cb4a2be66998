package dev.doksauth.api;

import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The roots SSL_CERT_FILE and SSL_CERT_DIR name, as Go programs read them. */
class SystemTrustTest {

    @TempDir
    static Path dir;
    static X509Certificate corporate;
    static X509Certificate stranger;
    static Path corporatePem;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates made = TestCertificates.make(dir, "corporate-ca");
        corporate = (X509Certificate) made.certificate();
        stranger = (X509Certificate) TestCertificates.make(dir, "stranger").certificate();
        corporatePem = Files.writeString(dir.resolve("corporate.pem"), made.certificatePem());
    }

    private static void check(Map<String, String> env, X509Certificate certificate) throws CertificateException {
        new SystemTrust(env).checkServerTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA");
    }

    @Test
    void theFileSslCertFileNamesIsTrusted() throws Exception {
        check(Map.of("SSL_CERT_FILE", corporatePem.toString()), corporate);
        assertThrows(CertificateException.class, () -> check(Map.of("SSL_CERT_FILE", corporatePem.toString()), stranger));
    }

    @Test
    void aDirectoryOfHashLinksIsReadThroughTheFilesTheyName() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        Files.copy(corporatePem, certs.resolve("corporate.pem"));
        Files.createSymbolicLink(certs.resolve("0a1b2c3d.0"), Path.of("corporate.pem"));
        Files.writeString(certs.resolve("README"), "not a certificate\n");
        Map<String, String> env = Map.of("SSL_CERT_DIR", dir.resolve("missing") + ":" + certs);
        check(env, corporate);
        assertThrows(CertificateException.class, () -> check(env, stranger));
        check(Map.of("SSL_CERT_FILE", dir.resolve("stranger.p12").toString(), "SSL_CERT_DIR", certs.toString()), corporate);
    }
}
