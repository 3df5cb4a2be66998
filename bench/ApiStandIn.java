import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's DigitalOcean API: a single-file program on loopback that speaks TLS, as the real API
 * does (java bench/ApiStandIn.java DIR KEYSTORE.p12 PASSWORD). It writes DIR/api-url (https://...) and
 * DIR/control-port, a plain-http port where GET /count answers the credentials calls made and GET /reset
 * sets them to 0. It mints a token per credentials call, answers one cluster and the cluster list,
 * and runs until its stdin closes.
 */
public class ApiStandIn {
    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";

    public static void main(String[] args) throws Exception {
        // The JDK's server writes an answer's headers and body apart, and without TCP_NODELAY the body waits
        // for the client's delayed ACK: 40 ms in every request, the floor's too, that no real API adds.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path dir = Path.of(args[0]);
        char[] password = args[2].toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        // The cluster CA the credentials answer names: any PEM certificate does, the stand-in's own.
        String ca = Base64.getEncoder().encodeToString(("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getCertificate("api").getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        String cluster = "{\"id\":\"" + CLUSTER + "\",\"name\":\"bench\",\"region\":\"fra1\",\"version\":\"1.33.1-do.0\","
                + "\"status\":{\"state\":\"running\"},\"endpoint\":\"https://127.0.0.1:6443\"}";
        AtomicInteger calls = new AtomicInteger();

        HttpsServer api = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        api.setHttpsConfigurator(new HttpsConfigurator(tls));
        api.setExecutor(Executors.newFixedThreadPool(8));
        api.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/credentials")) {
                int n = calls.incrementAndGet();
                answer(exchange, 200, "{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"" + ca
                        + "\",\"token\":\"bench-token-" + n + "-" + System.nanoTime()
                        + "\",\"expires_at\":\"" + Instant.now().plusSeconds(7 * 86_400) + "\"}");
            } else if (path.equals("/v2/kubernetes/clusters")) {
                answer(exchange, 200, "{\"kubernetes_clusters\":[" + cluster + "],\"links\":{},\"meta\":{\"total\":1}}");
            } else if (path.equals("/v2/kubernetes/clusters/" + CLUSTER)) {
                answer(exchange, 200, "{\"kubernetes_cluster\":" + cluster + "}");
            } else {
                answer(exchange, 404, "{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}");
            }
        });
        api.start();

        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        control.createContext("/count", exchange -> answer(exchange, 200, Integer.toString(calls.get())));
        control.createContext("/reset", exchange -> {
            calls.set(0);
            answer(exchange, 200, "0");
        });
        control.start();

        Files.writeString(dir.resolve("control-port"), Integer.toString(control.getAddress().getPort()));
        Files.writeString(dir.resolve("api-url"), "https://127.0.0.1:" + api.getAddress().getPort());
        System.out.println("ready");
        while (System.in.read() >= 0) {
            // until the benchmark closes our stdin
        }
        api.stop(0);
        control.stop(0);
        System.exit(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
