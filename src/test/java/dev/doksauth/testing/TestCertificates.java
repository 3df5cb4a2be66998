package dev.doksauth.testing;

import java.time.Duration;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;


/** Key pairs and self-signed certificates made with the JDK's keytool, as PKCS12 and PEM. */
public record TestCertificates(KeyStore keyStore, String certificatePem, String privateKeyPem) {

    static final char[] PASSWORD = "changeit".toCharArray();

    /** A self-signed EC certificate for {@code CN=commonName}, valid for 127.0.0.1 and localhost; key in PKCS#8. */
    public static TestCertificates make(Path dir, String commonName) throws Exception {
        return make(dir, commonName, false, "ip:127.0.0.1,dns:localhost");
    }

    private static final Map<String, TestCertificates> SHARED = new ConcurrentHashMap<>();

    /**
     * What {@link #make(Path, String)} makes, made once for all the tests of this JVM that ask for {@code commonName}:
     * the key store is held in memory, and keytool's files are deleted as soon as it is read.
     */
    public static TestCertificates shared(String commonName) {
        return SHARED.computeIfAbsent(commonName, name -> {
            try {
                Path dir = Files.createTempDirectory("doks-test-certificates-");
                try {
                    return make(dir, name);
                } finally {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path file : files.toList()) {
                            Files.delete(file);
                        }
                    }
                    Files.delete(dir);
                }
            } catch (Exception e) {
                throw new IllegalStateException("keytool did not make a certificate for CN=" + name, e);
            }
        });
    }

    /** The CA data of a test cluster: base64 of a real certificate's PEM, as the API gives it. */
    public static String clusterCaData() {
        return base64(shared("doks-test-cluster").certificatePem());
    }

    /** An EC certificate for the given subject alternative names, keytool's syntax ({@code dns:x,ip:y}). */
    public static TestCertificates makeFor(Path dir, String commonName, String subjectAlternativeNames) throws Exception {
        return make(dir, commonName, false, subjectAlternativeNames);
    }

    /**
     * The same with an RSA key written as PKCS#1 ({@code RSA PRIVATE KEY}), as kubeadm-made client
     * certificates, such as old DOKS clusters', come.
     */
    public static TestCertificates makeRsa(Path dir, String commonName) throws Exception {
        return make(dir, commonName, true, "ip:127.0.0.1,dns:localhost");
    }

    private static TestCertificates make(Path dir, String commonName, boolean rsa, String san) throws Exception {
        Path store = dir.resolve(commonName + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> algorithm = rsa ? List.of("-keyalg", "RSA", "-keysize", "2048") : List.of("-keyalg", "EC", "-groupname", "secp256r1");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "key"));
        command.addAll(algorithm);
        command.addAll(List.of("-dname", "CN=" + commonName, "-ext", "san=" + san,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        Processes.runOk(Duration.ofSeconds(60), command.toArray(String[]::new));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        Certificate certificate = keyStore.getCertificate("key");
        PrivateKey key = (PrivateKey) keyStore.getKey("key", PASSWORD);
        String keyPem = rsa ? pem("RSA PRIVATE KEY", pkcs1(key.getEncoded())) : pem("PRIVATE KEY", key.getEncoded());
        return new TestCertificates(keyStore, pem("CERTIFICATE", certificate.getEncoded()), keyPem);
    }

    /** The RSAPrivateKey (PKCS#1) inside a PrivateKeyInfo (PKCS#8): its last field, an OCTET STRING. */
    static byte[] pkcs1(byte[] pkcs8) {
        int[] position = {0};
        readHeader(pkcs8, position, 0x30); // PrivateKeyInfo SEQUENCE
        int version = readHeader(pkcs8, position, 0x02); // version INTEGER
        position[0] += version;
        int algorithm = readHeader(pkcs8, position, 0x30); // AlgorithmIdentifier SEQUENCE
        position[0] += algorithm;
        int length = readHeader(pkcs8, position, 0x04); // privateKey OCTET STRING
        return java.util.Arrays.copyOfRange(pkcs8, position[0], position[0] + length);
    }

    /** Reads a DER tag and length at position[0], leaves position[0] at the contents, returns their length. */
    private static int readHeader(byte[] der, int[] position, int tag) {
        if ((der[position[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag");
        }
        int length = der[position[0]++] & 0xff;
        if (length > 0x80) {
            int bytes = length - 0x80;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[position[0]++] & 0xff);
            }
        }
        return length;
    }

    /** The PKCS12 key store file keytool wrote, password {@code changeit}. */
    public static Path keyStoreFile(Path dir, String commonName) {
        return dir.resolve(commonName + ".p12");
    }

    public Certificate certificate() throws Exception {
        return keyStore.getCertificate("key");
    }

    /** A trust store holding just these certificates. */
    public static KeyStore trusting(List<TestCertificates> trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
            store.setCertificateEntry("trusted-" + i, trusted.get(i).certificate());
        }
        return store;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
