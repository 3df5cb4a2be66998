package dev.doksauth.rejection;

import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.report.Verbose;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

/**
 * Asks the cluster whether it still takes a token: one {@code GET /api} with it, trusting the CA
 * the kubeconfig names, as kubectl would send it. Only a 401 means "rejected"; anything else (an
 * answer, a 403, a network failure, a timeout) leaves the credential in place, so a check can never
 * make things worse than not checking.
 */
public final class RejectionCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Names the check in the cluster's logs (and lets tests count checks). */
    public static final String USER_AGENT = "doks-auth (credential check)";

    private RejectionCheck() {
    }

    public static boolean rejects(ExecInfo.Cluster cluster, String token, Verbose verbose) {
        Answer answer = ask(cluster, token, TIMEOUT);
        if (answer.status() > 0) {
            verbose.log("the cluster answered " + answer.status() + " to the cached token");
        } else {
            verbose.log("could not ask the cluster (" + answer.failure() + "); keeping the cached token");
        }
        return answer.status() == 401;
    }

    /**
     * What the cluster answers to {@code GET /api} with this token.
     *
     * @param status  the HTTP status, or 0 when there was no answer
     * @param failure why there was no answer (a few words, no secret), or null
     */
    public record Answer(int status, String failure) {
    }

    /** One {@code GET /api} with the token, within {@code timeout} (connect and answer). */
    public static Answer ask(ExecInfo.Cluster cluster, String token, Duration timeout) {
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER).sslContext(trust(cluster));
            if (cluster.tlsServerName() != null && !cluster.tlsServerName().isBlank()) {
                SSLParameters parameters = new SSLParameters();
                parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(cluster.tlsServerName())));
                builder.sslParameters(parameters);
            }
            HttpClient http = builder.build();
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(cluster.server()) + "/api"))
                        .timeout(timeout).header("Authorization", "Bearer " + token).header("Accept", "application/json")
                        .header("User-Agent", USER_AGENT)
                        .GET().build();
                return new Answer(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), null);
            } finally {
                if (http instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        } catch (Exception e) {
            return new Answer(0, DigitalOceanClient.isUntrusted(e) ? "its TLS certificate is not signed by the kubeconfig's CA"
                    : DigitalOceanClient.describe(e));
        }
    }

    private static String stripSlash(String server) {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    /** The kubeconfig's CA, the system's roots without one, or nothing checked with insecure-skip-tls-verify. */
    private static SSLContext trust(ExecInfo.Cluster cluster) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        if (cluster.insecureSkipTlsVerify()) {
            context.init(null, new TrustManager[] {new TrustingEverything()}, null);
            return context;
        }
        if (cluster.certificateAuthorityData() == null || cluster.certificateAuthorityData().isBlank()) {
            return SSLContext.getDefault();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        byte[] pem = Base64.getMimeDecoder().decode(cluster.certificateAuthorityData());
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** What {@code insecure-skip-tls-verify: true} asks kubectl to do, for the one check kubectl would make anyway. */
    private static final class TrustingEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
