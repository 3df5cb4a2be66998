package dev.doksauth.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The DigitalOcean API calls doks-auth makes, on the JDK's HttpClient. */
public final class DigitalOceanClient implements AutoCloseable {

    static final long MAX_BODY_BYTES = 4L << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final DoToken token;
    private final Verbose verbose;
    private final HttpClient http;
    private final String userAgent;
    /** The {@code Date} header of the last successful answer, or null: DigitalOcean's clock. */
    private String lastAnswerDate;

    public DigitalOceanClient(String apiUrl, DoToken token, Map<String, String> env, Verbose verbose) {
        this.apiUrl = apiUrl;
        this.token = token;
        this.verbose = verbose;
        verbose.secret(token.value());
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (apiUrl.startsWith("https://")) {
            try {
                builder.sslContext(SystemTrust.context(env));
            } catch (java.security.GeneralSecurityException e) {
                throw DoksAuthException.failure("cannot set up TLS: " + e.getMessage(), e);
            }
        }
        EnvironmentProxySelector proxies = EnvironmentProxySelector.from(env);
        if (proxies.hasCredentials()) {
            // The JDK refuses Basic for CONNECT tunnels unless told otherwise; Go sends it, and so do we,
            // to the proxy named in the environment only.
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
            builder.authenticator(new ProxyAuthenticator(proxies));
        }
        this.http = builder
                .connectTimeout(CONNECT_TIMEOUT)
                .proxy(proxies)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect must not carry the token elsewhere
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String version = DigitalOceanClient.class.getPackage().getImplementationVersion();
        this.userAgent = "doks-auth/" + (version == null ? "dev" : version);
    }

    /**
     * Stops the HTTP client's selector thread. A thread left blocked in native code at exit makes
     * the JVM wait 300 ms before it ends; {@code HttpClient} can be closed from Java 21 on.
     */
    @Override
    public void close() {
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                verbose.log("closing the HTTP client: " + e);
            }
        }
    }

    /** {@code GET /v2/kubernetes/clusters/{id}/credentials}: a fresh credential, minted by DigitalOcean. */
    public Credential credentials(String clusterId, long expirySeconds, Deadline deadline) {
        return access(clusterId, expirySeconds, deadline).credential();
    }

    /** The same call, with the server and CA that a kubeconfig entry needs. */
    public ClusterAccess access(String clusterId, long expirySeconds, Deadline deadline) {
        String path = "/v2/kubernetes/clusters/" + clusterId + "/credentials"
                + (expirySeconds > 0 ? "?expiry_seconds=" + expirySeconds : "");
        JsonNode body = get(path, deadline, "cluster " + clusterId);
        // expires_at is on DigitalOcean's clock: judged by it, then moved onto ours, so that a local
        // clock that is wrong neither refuses a credential just issued nor serves one too long.
        long localNow = System.currentTimeMillis() / 1000;
        long serverNow = ServerClock.epochSecond(lastAnswerDate, localNow);
        Credential credential = CredentialsResponse.parse(body, clusterId, serverNow, verbose).shifted(localNow - serverNow);
        String server = CredentialsResponse.text(body, "server");
        if (server == null || !server.startsWith("https://")) {
            throw DoksAuthException.failure("the DigitalOcean API's credentials answer for cluster " + clusterId
                    + " has no https server address");
        }
        return new ClusterAccess(server, CredentialsResponse.text(body, "certificate_authority_data"), credential);
    }

    /** How far our clock is ahead of DigitalOcean's (negative: behind), in seconds, as of the last answer; 0 when unknown. */
    public long clockSkewSeconds() {
        long localNow = System.currentTimeMillis() / 1000;
        return localNow - ServerClock.epochSecond(lastAnswerDate, localNow);
    }

    /** {@code GET /v2/kubernetes/clusters/{id}}. */
    public Cluster cluster(String clusterId, Deadline deadline) {
        JsonNode cluster = get("/v2/kubernetes/clusters/" + clusterId, deadline, "cluster " + clusterId).get("kubernetes_cluster");
        if (cluster == null || !cluster.isObject()) {
            throw DoksAuthException.failure("the DigitalOcean API's answer for cluster " + clusterId + " has no kubernetes_cluster");
        }
        return ClustersResponse.cluster(cluster);
    }

    /** Every cluster of the account: {@code GET /v2/kubernetes/clusters}, following {@code links.pages.next}. */
    public List<Cluster> clusters(Deadline deadline) {
        List<Cluster> clusters = new ArrayList<>();
        String path = "/v2/kubernetes/clusters?page=1&per_page=" + ClustersResponse.PER_PAGE;
        for (int page = 1; path != null; page++) {
            if (page > ClustersResponse.MAX_PAGES) {
                throw DoksAuthException.failure("the DigitalOcean API's cluster list goes on past "
                        + ClustersResponse.MAX_PAGES + " pages");
            }
            JsonNode body = get(path, deadline, "the cluster list");
            clusters.addAll(ClustersResponse.clusters(body));
            path = ClustersResponse.nextPage(body, apiUrl);
        }
        return clusters;
    }

    /** A GET with retries; returns the parsed JSON of a 2xx answer or throws a user-facing failure. */
    JsonNode get(String path, Deadline deadline, String subject) {
        URI uri = URI.create(apiUrl + path);
        DoksAuthException last = null;
        for (int attempt = 1; attempt <= RetryPolicy.MAX_ATTEMPTS; attempt++) {
            Duration remaining = deadline.remaining();
            if (remaining.isZero()) {
                break;
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(remaining)
                    .header("Authorization", "Bearer " + token.value())
                    .header("Accept", "application/json")
                    .header("User-Agent", userAgent)
                    .GET()
                    .build();
            verbose.log("GET " + uri + " (attempt " + attempt + ")");
            Duration pause;
            CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, LimitedBodySubscriber.handler(MAX_BODY_BYTES));
            try {
                HttpResponse<byte[]> response = call.get(remaining.toMillis() + 1, TimeUnit.MILLISECONDS);
                int status = response.statusCode();
                // A proxy's refusal of a tunnel comes back as a response without a body.
                byte[] body = response.body() == null ? new byte[0] : response.body();
                verbose.log("answer " + status + " (" + body.length + " bytes, request id "
                        + response.headers().firstValue("x-request-id").orElse("none") + ")");
                if (status == 407) {
                    throw proxyWantsCredentials(null);
                }
                if (status >= 200 && status < 300) {
                    lastAnswerDate = response.headers().firstValue("date").orElse(null);
                    return parse(body);
                }
                last = ApiErrors.fromResponse(status, response.headers(), body, subject);
                if (!RetryPolicy.isRetryable(status)) {
                    throw last;
                }
                pause = RetryPolicy.serverDelay(response.headers(), System.currentTimeMillis())
                        .orElse(RetryPolicy.backoff(attempt));
            } catch (TimeoutException e) {
                call.cancel(true);
                break;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof LimitedBodySubscriber.TooLargeException) {
                    throw DoksAuthException.failure("the DigitalOcean API's answer for " + subject
                            + " is larger than " + (MAX_BODY_BYTES >> 20) + " MiB, which no real answer is");
                }
                if (cause instanceof java.net.http.HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                    break;
                }
                if (cause instanceof IOException && String.valueOf(cause.getMessage()).contains(" 407")) {
                    throw proxyWantsCredentials(cause);
                }
                if (cause instanceof javax.net.ssl.SSLHandshakeException) {
                    // Not transient: retrying would only spend the time budget.
                    throw DoksAuthException.failure(isUntrusted(cause)
                            ? "the TLS certificate of " + uri.getHost() + " is not trusted (behind a proxy that inspects "
                              + "TLS? add its CA to the system's store or name it with SSL_CERT_FILE)"
                            : "the TLS handshake with " + uri.getHost() + " failed: " + describe(cause), cause);
                }
                last = DoksAuthException.failure("cannot reach the DigitalOcean API at " + apiUrl + ": "
                        + describe(cause), cause);
                verbose.log("attempt " + attempt + " failed: " + describe(cause));
                pause = RetryPolicy.backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DoksAuthException.failure("interrupted while waiting for the DigitalOcean API");
            }
            if (attempt == RetryPolicy.MAX_ATTEMPTS) {
                break;
            }
            if (pause.compareTo(deadline.remaining()) >= 0) {
                verbose.log("the next attempt would come after the time budget; giving up");
                throw last;
            }
            verbose.log("retrying in " + pause.toMillis() + " ms");
            sleep(pause);
        }
        if (last != null && !deadline.passed()) {
            throw last;
        }
        throw DoksAuthException.failure("no answer from the DigitalOcean API at " + apiUrl + " within "
                + deadline.budget().toSeconds() + " s" + (last == null ? "" : " (last: " + last.getMessage() + ")")
                + "; set DOKS_AUTH_TIMEOUT to wait longer");
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw DoksAuthException.failure("the DigitalOcean API answered with something that is not JSON");
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot read the DigitalOcean API's answer: " + describe(e));
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DoksAuthException.failure("interrupted while waiting to retry the DigitalOcean API");
        }
    }

    private static DoksAuthException proxyWantsCredentials(Throwable cause) {
        return DoksAuthException.failure("the proxy asks for a user name and password (407); put them in HTTPS_PROXY "
                + "as http://USER:PASSWORD@HOST:PORT, or check the ones there", cause);
    }

    private static boolean isUntrusted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : message;
    }

    /** Answers a proxy's 407 with the credentials of its URL; never anything else's challenge. */
    private static final class ProxyAuthenticator extends java.net.Authenticator {
        private final EnvironmentProxySelector proxies;

        ProxyAuthenticator(EnvironmentProxySelector proxies) {
            this.proxies = proxies;
        }

        @Override
        protected java.net.PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY ? proxies.credentials(getRequestingHost(), getRequestingPort()) : null;
        }
    }

    static final class CredentialsResponse {

        private CredentialsResponse() {
        }

        static Credential parse(JsonNode body, String clusterId, long obtainedAt, Verbose verbose) {
            if (body == null || !body.isObject()) {
                throw badAnswer(clusterId, "is not a JSON object");
            }
            long expiresAt = expiresAt(body, clusterId);
            if (expiresAt <= obtainedAt) {
                throw badAnswer(clusterId, "holds a credential that has already expired (expires_at "
                        + text(body, "expires_at") + ")");
            }
            String token = text(body, "token");
            if (token != null && !token.isEmpty()) {
                verbose.secret(token);
                for (int i = 0; i < token.length(); i++) {
                    if (token.charAt(i) <= 0x20 || token.charAt(i) >= 0x7f) {
                        throw badAnswer(clusterId, "holds a token with characters no token has");
                    }
                }
                return Credential.ofToken(token, obtainedAt, expiresAt);
            }
            String certificate = text(body, "client_certificate_data");
            String key = text(body, "client_key_data");
            if (certificate != null && !certificate.isEmpty() && key != null && !key.isEmpty()) {
                String keyPem = pem(key, clusterId, "client_key_data");
                verbose.secret(keyPem);
                return Credential.ofCertificate(pem(certificate, clusterId, "client_certificate_data"), keyPem,
                        obtainedAt, expiresAt);
            }
            throw badAnswer(clusterId, "has neither a token nor a client certificate and key");
        }

        private static long expiresAt(JsonNode body, String clusterId) {
            String value = text(body, "expires_at");
            if (value == null || value.isEmpty()) {
                throw badAnswer(clusterId, "has no expires_at");
            }
            try {
                return OffsetDateTime.parse(value).toEpochSecond();
            } catch (DateTimeParseException e) {
                throw badAnswer(clusterId, "has an expires_at that is not an RFC 3339 time");
            }
        }

        /** base64 of PEM, as the API sends it, to PEM text, as client-go wants it. */
        private static String pem(String base64, String clusterId, String field) {
            String text;
            try {
                text = new String(java.util.Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw badAnswer(clusterId, "has a " + field + " that is not base64");
            }
            if (!text.strip().startsWith("-----BEGIN ") || !text.contains("-----END ")) {
                throw badAnswer(clusterId, "has a " + field + " that is not PEM");
            }
            return text;
        }

        static String text(JsonNode body, String field) {
            JsonNode node = body.get(field);
            return node != null && node.isTextual() ? node.asText() : null;
        }

        private static DoksAuthException badAnswer(String clusterId, String what) {
            return DoksAuthException.failure("the DigitalOcean API's credentials answer for cluster " + clusterId + " " + what);
        }
    }
}
