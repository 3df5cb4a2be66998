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
 * <p>A certificate is trusted when any set trusts it, and each set is read only when needed, once, in the order
 * that makes the usual case read the least: the JDK's first, then the bundle (the usual fetch parses no bundle of
 * a hundred and fifty certificates), then SSL_CERT_DIR; but when SSL_CERT_FILE or SSL_CERT_DIR names roots, those
 * are what the user means: the named file first, then the named directories (a system's holds some three hundred
 * files), and the JDK's only if neither trusts it.
 */
final class SystemTrust implements X509TrustManager {

    /** Where Go looks for the system's bundle on Linux and the BSDs, in its order (crypto/x509/root_linux.go). */
    static final List<String> BUNDLES = List.of(
            "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
            "/etc/pki/tls/cacert.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem");

    private final Roots jdk = new Roots(() -> trustManager(null), "the JDK's trusted roots cannot be read");
    /** The sets of roots, in the order they are tried. */
    private final List<Roots> order;

    SystemTrust(Map<String, String> env) {
        // A file or directory that cannot be read holds no roots, as for Go.
        Roots file = new Roots(() -> fromPem(bundle(env)), null);
        Roots dirs = new Roots(() -> fromPem(directoryFiles(env)), null);
        boolean named = isSet(env.get("SSL_CERT_FILE")) || isSet(env.get("SSL_CERT_DIR"));
        this.order = named ? List.of(file, dirs, jdk) : List.of(jdk, file, dirs);
    }

    static SSLContext context(Map<String, String> env) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new SystemTrust(env)}, null);
        return context;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        CertificateException last = null;
        for (Roots roots : order) {
            X509TrustManager manager;
            try {
                manager = roots.manager();
            } catch (CertificateException unreadable) {
                last = unreadable;
                continue;
            }
            if (manager == null) {
                continue; // no roots there
            }
            try {
                manager.checkServerTrusted(chain, authType);
                return;
            } catch (CertificateException notTrustedHere) {
                last = notTrustedHere;
            }
        }
        throw last != null ? last : new CertificateException("no trusted roots");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.manager().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return jdk.manager().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }

    /** Reads a set of roots; null when it holds none. */
    @FunctionalInterface
    private interface Reader {
        X509TrustManager read() throws GeneralSecurityException, IOException;
    }

    /** One set of roots, read at its first use and only once. */
    private static final class Roots {
        private final Reader reader;
        /** What a failure to read them says; null: a set that cannot be read holds none. */
        private final String unreadable;
        private X509TrustManager manager;
        private CertificateException failure;
        private boolean read;

        Roots(Reader reader, String unreadable) {
            this.reader = reader;
            this.unreadable = unreadable;
        }

        synchronized X509TrustManager manager() throws CertificateException {
            if (!read) {
                try {
                    manager = reader.read();
                } catch (GeneralSecurityException | IOException e) {
                    failure = unreadable == null ? null : new CertificateException(unreadable + ": " + e.getMessage(), e);
                }
                read = true;
            }
            if (failure != null) {
                throw failure;
            }
            return manager;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** SSL_CERT_FILE, else the first bundle that exists. */
    private static List<Path> bundle(Map<String, String> env) {
        String file = env.get("SSL_CERT_FILE");
        if (isSet(file)) {
            return List.of(Path.of(file));
        }
        return BUNDLES.stream().map(Path::of).filter(Files::isRegularFile).limit(1).toList();
    }

    /**
     * Every file of the directories SSL_CERT_DIR names, but a link to another file of the same directory (the
     * subject-hash names OpenSSL's c_rehash makes): that file is read itself, as Go skips such links.
     */
    private static List<Path> directoryFiles(Map<String, String> env) throws IOException {
        List<Path> files = new ArrayList<>();
        String dirs = env.get("SSL_CERT_DIR");
        if (dirs == null) {
            return files;
        }
        for (String dir : dirs.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isDirectory(Path.of(dir))) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(dir))) {
                    for (Path entry : entries) {
                        if (!linksWithinItsDirectory(entry)) {
                            files.add(entry);
                        }
                    }
                }
            }
        }
        return files;
    }

    private static boolean linksWithinItsDirectory(Path entry) {
        if (!Files.isSymbolicLink(entry)) {
            return false;
        }
        try {
            return !Files.readSymbolicLink(entry).toString().contains("/");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The roots in these PEM files; null when they hold none. */
    private static X509TrustManager fromPem(List<Path> files) throws GeneralSecurityException, IOException {
        if (files.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (Path file : files) {
            addPem(store, file);
        }
        return store.size() == 0 ? null : trustManager(store);
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
