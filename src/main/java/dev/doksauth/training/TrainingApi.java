package dev.doksauth.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.doksauth.json.Jackson;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The stand-in API that {@code AotTraining api, sso and full} run their commands against, in a JVM of its own
 * that nothing records: its server's classes would otherwise fill the archive every command loads at start-up. It speaks TLS
 * as the real API does ({@code TrainingApi KEYSTORE PASSWORD CA_FILE}: its key in the PKCS12 KEYSTORE, its
 * certificate in the PEM CA_FILE), or plain http without arguments (where install.sh could not make a
 * certificate). It prints its URL and then its OpenID issuer's on stdout, a line each, and serves until its stdin
 * ends.
 *
 * <p>Under {@link #ISSUER_PATH} it is also an OpenID provider for {@code AotTraining}'s single sign-on: discovery,
 * signing keys, the device authorization grant (signed in at once) and refresh, its ID tokens signed with RS256
 * as most providers sign them.
 */
public final class TrainingApi {

    /** The path of the training provider's issuer URL below the API's. */
    static final String ISSUER_PATH = "/sso";

    private TrainingApi() {
    }

    public static void main(String[] args) throws Exception {
        // The JDK's server writes an answer's headers and body apart; without TCP_NODELAY every body waits 40 ms
        // for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (args.length == 3) {
            String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(args[2])));
            HttpsServer api = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            api.setHttpsConfigurator(new HttpsConfigurator(serverTls(Path.of(args[0]), args[1].toCharArray())));
            serve(api, "https", ca);
        } else if (args.length == 0) {
            serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http", "");
        } else {
            System.err.println("usage: TrainingApi [KEYSTORE PASSWORD CA_FILE]");
            System.exit(2);
        }
    }

    /** Prints the URL, then serves until stdin ends. */
    private static void serve(HttpServer api, String scheme, String caBase64) throws IOException {
        Map<String, Object> cluster = Map.of("id", AotTraining.CLUSTER_ID, "name", "training", "region", "fra1",
                "version", "1.33.1-do.0", "status", Map.of("state", "running"), "endpoint", "https://127.0.0.1:6443",
                "sso", Map.of("enabled", false));
        String url = scheme + "://127.0.0.1:" + api.getAddress().getPort();
        api.createContext(ISSUER_PATH + "/", new TrainingProvider(url + ISSUER_PATH));
        api.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, Object> body;
            if (path.endsWith("/credentials")) {
                body = Map.of("server", "https://127.0.0.1:6443", "certificate_authority_data", caBase64,
                        "token", "training-cluster-token", "expires_at", Instant.now().plusSeconds(86_400).toString());
            } else if (path.equals("/v2/kubernetes/clusters")) {
                body = Map.of("kubernetes_clusters", List.of(cluster), "links", Map.of(), "meta", Map.of("total", 1));
            } else {
                body = Map.of("kubernetes_cluster", cluster);
            }
            answer(exchange, 200, body);
        });
        api.start();
        try {
            System.out.println(url);
            System.out.println(url + ISSUER_PATH);
            System.out.flush();
            while (System.in.read() >= 0) {
                // until install.sh closes our stdin
            }
        } finally {
            api.stop(0);
        }
    }

    /** Answers with a JSON document, which Jackson writes, as every JSON document off the cache-hit path. */
    static void answer(HttpExchange exchange, int status, Map<String, Object> document) throws IOException {
        byte[] bytes = Jackson.write(document).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SSLContext serverTls(Path keyStore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);
        return tls;
    }
}
