import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's DigitalOcean API: a single-file program (java bench/ApiStandIn.java PORT_FILE) on
 * loopback that mints a token per credentials call and counts the calls. GET /count answers the count,
 * GET /reset sets it to 0. It runs until its stdin closes.
 */
public class ApiStandIn {
    public static void main(String[] args) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            if (path.endsWith("/credentials")) {
                int n = calls.incrementAndGet();
                body = "{\"server\":\"https://127.0.0.1:6443\",\"token\":\"bench-token-" + n + "-" + System.nanoTime()
                        + "\",\"expires_at\":\"" + Instant.now().plusSeconds(7 * 86_400) + "\"}";
            } else if (path.equals("/count")) {
                body = Integer.toString(calls.get());
            } else if (path.equals("/reset")) {
                calls.set(0);
                body = "0";
            } else {
                body = "{\"id\":\"not_found\",\"message\":\"no\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        Files.writeString(Path.of(args[0]), "http://127.0.0.1:" + server.getAddress().getPort());
        System.out.println("ready");
        while (System.in.read() >= 0) {
            // until the benchmark closes our stdin
        }
        server.stop(0);
        System.exit(0);
    }
}
