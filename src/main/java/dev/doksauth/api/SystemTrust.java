package dev.doksauth.api;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;

/**
 * The roots the API's TLS certificate is checked against: the JDK's, then the ones a Go program
 * (doctl, kubectl) would use: {@code SSL_CERT_FILE}, else the system's bundle, and the files in
 * {@code SSL_CERT_DIR}. Users behind a proxy that inspects TLS add its CA to the system or to
 * SSL_CERT_FILE, and Java's own store alone would answer "PKIX path building failed".
 *
 * <p>A certificate is trusted when either set trusts it, and each set is read only when needed, once: the
 * JDK's first, and the system's only when the JDK's do not trust a certificate (the usual fetch does not
 * parse a bundle of a hundred and fifty certificates); but when SSL_CERT_FILE or SSL_CERT_DIR names roots,
 * those are what the user means, and the JDK's are read only if they do not trust it.
 */
final class SystemTrust implements X509TrustManager {

    /** Where Go looks for the system's bundle on Linux and the BSDs, in its order (crypto/x509/root_linux.go). */
    static final List<String> BUNDLES = List.of(
            "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
            "/etc/pki/tls/cacert.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem");

    private final Map<String, String> env;
    private final boolean named;
    private volatile X509TrustManager jdk;
    private volatile X509TrustManager system;
    private volatile boolean systemRead;

    private SystemTrust(Map<String, String> env) {
        this.env = env;
        this.named = isSet(env.get("SSL_CERT_FILE")) || isSet(env.get("SSL_CERT_DIR"));
    }

    static SSLContext context(Map<String, String> env) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new SystemTrust(env)}, null);
        return context;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (named) {
            X509TrustManager roots = system();
            if (roots != null) {
                try {
                    roots.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException notTrustedByTheNamedRoots) {
                    // the JDK's may
                }
            }
            jdk().checkServerTrusted(chain, authType);
            return;
        }
        try {
            jdk().checkServerTrusted(chain, authType);
        } catch (CertificateException notTrustedByTheJdk) {
            X509TrustManager roots = system();
            if (roots == null) {
                throw notTrustedByTheJdk;
            }
            roots.checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return jdk().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }

    private X509TrustManager jdk() throws CertificateException {
        if (jdk == null) {
            try {
                jdk = trustManager(null);
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the JDK's trusted roots cannot be read: " + e.getMessage(), e);
            }
        }
        return jdk;
    }

    private X509TrustManager system() {
        if (!systemRead) {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (Path file : files()) {
                    addPem(store, file);
                }
                system = store.size() == 0 ? null : trustManager(store);
            } catch (GeneralSecurityException | IOException e) {
                system = null;
            }
            systemRead = true;
        }
        return system;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** SSL_CERT_FILE or the first bundle that exists, then every file of SSL_CERT_DIR. */
    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        String file = env.get("SSL_CERT_FILE");
        if (file != null && !file.isBlank()) {
            files.add(Path.of(file));
        } else {
            BUNDLES.stream().map(Path::of).filter(Files::isRegularFile).findFirst().ifPresent(files::add);
        }
        String dirs = env.get("SSL_CERT_DIR");
        if (dirs != null) {
            for (String dir : dirs.split(File.pathSeparator)) {
                if (!dir.isBlank() && Files.isDirectory(Path.of(dir))) {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(dir))) {
                        entries.forEach(files::add);
                    }
                }
            }
        }
        return files;
    }

    private static void addPem(KeyStore store, Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) { // the JDK reads PEM a byte at a time
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("system-" + store.size(), certificate);
            }
        } catch (IOException | GeneralSecurityException e) {
            // a file that holds no certificate is skipped, as Go skips it
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
