import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/**
 * The one-request floor: a JVM that trusts one CA (the PEM file SSL_CERT_FILE names) and makes one GET
 * through HttpsURLConnection (java OneGet URL). What any JVM program pays for the work of a cold fetch.
 */
public class OneGet {
    public static void main(String[] args) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(System.getenv("SSL_CERT_FILE")))) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpsURLConnection connection = (HttpsURLConnection) new URL(args[0]).openConnection();
        connection.setSSLSocketFactory(tls.getSocketFactory());
        connection.setRequestProperty("Authorization", "Bearer " + System.getenv("DIGITALOCEAN_ACCESS_TOKEN"));
        try (InputStream body = connection.getInputStream()) {
            System.out.write(body.readAllBytes());
        }
        System.out.flush();
    }
}
