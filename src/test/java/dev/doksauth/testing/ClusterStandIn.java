package dev.doksauth.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API server on loopback HTTPS, enough for {@code kubectl get pods}: it answers only a
 * request that carries the expected bearer token, or (for a certificate cluster) the expected client
 * certificate, and 401 otherwise, as a real API server does.
 */
public final class ClusterStandIn implements AutoCloseable {

    public static final String POD = "hello-doks";

    private final HttpsServer server;
    private final TestCertificates serverCertificates;
    private volatile java.util.Set<String> acceptedTokens = java.util.Set.of();
    private volatile java.util.function.Predicate<String> acceptedBy = token -> false;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();

    private ClusterStandIn(HttpsServer server, TestCertificates serverCertificates) {
        this.server = server;
        this.serverCertificates = serverCertificates;
    }

    /** A cluster that accepts one bearer token. */
    public static ClusterStandIn acceptingToken(TestCertificates serverCertificates, String token) throws Exception {
        ClusterStandIn cluster = start(serverCertificates, null);
        cluster.accept(token);
        return cluster;
    }

    /**
     * A cluster that takes the ID tokens it verifies against the keys the provider publishes (issuer, audience =
     * client ID, expiry), as kube-apiserver's OIDC authenticator does; keys are fetched once, and again when a
     * token names a key not seen yet.
     */
    public static ClusterStandIn acceptingIdTokens(TestCertificates serverCertificates, String issuer, String clientId)
            throws Exception {
        ClusterStandIn cluster = start(serverCertificates, null);
        cluster.acceptIdTokens(issuer, clientId);
        return cluster;
    }

    /** From now on, takes the ID tokens of {@code issuer} for {@code clientId} (a provider with new keys: call again). */
    public void acceptIdTokens(String issuer, String clientId) throws java.net.MalformedURLException {
        com.nimbusds.openid.connect.sdk.validators.IDTokenValidator validator =
                new com.nimbusds.openid.connect.sdk.validators.IDTokenValidator(new com.nimbusds.oauth2.sdk.id.Issuer(issuer),
                        new com.nimbusds.oauth2.sdk.id.ClientID(clientId), com.nimbusds.jose.JWSAlgorithm.RS256,
                        new java.net.URL(issuer + "/jwks"));
        acceptWhen(token -> {
            try {
                validator.validate(com.nimbusds.jwt.JWTParser.parse(token), null);
                return true;
            } catch (Exception refused) {
                return false;
            }
        });
    }

    /** A cluster that requires a client certificate and accepts only {@code client}'s. */
    public static ClusterStandIn acceptingCertificate(TestCertificates serverCertificates, TestCertificates client) throws Exception {
        return start(serverCertificates, client);
    }

    private static ClusterStandIn start(TestCertificates serverCertificates, TestCertificates client) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverCertificates.keyStore(), TestCertificates.PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestCertificates.trusting(client == null ? List.of() : List.of(client)));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), client == null ? null : trust.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(client != null);
                params.setSSLParameters(parameters);
            }
        });
        ClusterStandIn cluster = new ClusterStandIn(server, serverCertificates);
        Certificate expectedClient = client == null ? null : client.certificate();
        server.createContext("/", exchange -> cluster.handle(exchange, expectedClient));
        // One thread per exchange: on the server's own thread, a TLS handshake waits for its client's bytes while
        // other clients' handshakes queue behind it (kubectl gives up after 10 s), as when a burst of kubectl
        // processes all get their credential at the same moment.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return cluster;
    }

    /** From now on the cluster takes these tokens only, as after its credentials were reset. */
    public void accept(String... tokens) {
        acceptedTokens = java.util.Set.of(tokens);
    }

    /** From now on the cluster also takes the bearer tokens {@code rule} accepts: an SSO cluster verifying ID tokens. */
    public void acceptWhen(java.util.function.Predicate<String> rule) {
        acceptedBy = rule;
    }

    public String server() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The CA data for the kubeconfig: the server's self-signed certificate, base64 of PEM. */
    public String certificateAuthorityData() {
        return TestCertificates.base64(serverCertificates.certificatePem());
    }

    public int acceptedRequests() {
        return accepted.get();
    }

    public int rejectedRequests() {
        return rejected.get();
    }

    /** Requests doks-auth made to check whether the cluster still takes a token. */
    public int checksByDoksAuth() {
        return checks.get();
    }

    private void handle(HttpExchange exchange, Certificate expectedClient) throws IOException {
        try (exchange) {
            if (dev.doksauth.rejection.RejectionCheck.USER_AGENT.equals(exchange.getRequestHeaders().getFirst("User-Agent"))) {
                checks.incrementAndGet();
            }
            if (!authenticated(exchange, expectedClient)) {
                rejected.incrementAndGet();
                send(exchange, 401, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
                return;
            }
            accepted.incrementAndGet();
            String body = RESPONSES.get(exchange.getRequestURI().getPath());
            if (body == null) {
                send(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
            } else {
                send(exchange, 200, body);
            }
        }
    }

    private boolean authenticated(HttpExchange exchange, Certificate expectedClient) {
        if (expectedClient != null) {
            try {
                Certificate[] peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
                return peer.length > 0 && peer[0].equals(expectedClient);
            } catch (SSLPeerUnverifiedException e) {
                return false;
            }
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.startsWith("Bearer ")
                && (acceptedTokens.contains(authorization.substring("Bearer ".length()))
                    || acceptedBy.test(authorization.substring("Bearer ".length())));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final Map<String, String> RESPONSES = Map.of(
            "/version", "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.1\",\"platform\":\"linux/amd64\"}",
            "/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:443\"}]}",
            "/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}",
            "/api/v1", "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"pods\","
                    + "\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"po\"]}]}",
            "/api/v1/namespaces/default/pods", "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},"
                    + "\"items\":[{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + POD + "\",\"namespace\":\"default\","
                    + "\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]},"
                    + "\"status\":{\"phase\":\"Running\"}}]}");

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
