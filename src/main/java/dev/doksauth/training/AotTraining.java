package dev.doksauth.training;

import com.sun.net.httpserver.HttpServer;
import dev.doksauth.Main;
import dev.doksauth.api.ApiUrl;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Credential;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training runs install.sh records start-up archives from.
 *
 * <p>{@code prepare-hit DIR} lays out a doctl config and a fresh cache entry in DIR, for install.sh
 * to record the cache-hit path alone ({@code CacheHitMain credential 00000000-0000-4000-8000-00000000a07a}
 * with {@code HOME=DIR}, {@code DOKS_AUTH_CACHE_DIR=DIR/cache}) in a JVM that does nothing else.
 *
 * <p>Without arguments: the training run install.sh records the AOT cache (JDK 25+) or AppCDS archive (JDK 17-24) from:
 * the commands kubectl runs, for real, against a stand-in API on loopback in a throw-away directory.
 * First a cache miss (picocli, Jackson, the HTTP client), then cache hits, then the JSON of {@code cache list} and
 * {@code clusters}, so that those paths start fast too.
 */
public final class AotTraining {

    static final String CLUSTER_ID = "00000000-0000-4000-8000-00000000a07a";
    static final String TRAINING_TOKEN = "training-do-token";

    private AotTraining() {
    }

    private static void prepareHit(Path dir) throws IOException {
        Path config = dir.resolve(".config/doctl/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "access-token: " + TRAINING_TOKEN + "\ncontext: default\n");
        long now = System.currentTimeMillis() / 1000;
        DoToken token = new DoToken(TRAINING_TOKEN, TokenResolver.DEFAULT_CONTEXT, "training");
        new CredentialCache(dir.resolve("cache")).write(CacheKey.forDoToken(ApiUrl.DEFAULT, token, CLUSTER_ID, 0),
                CacheEntry.of(Credential.ofToken("training-cluster-token", now, now + 86_400)));
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("prepare-hit")) {
            prepareHit(Path.of(args[1]));
            return;
        }
        Path home = Files.createTempDirectory("doks-auth-training");
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/v2/kubernetes/clusters", exchange -> {
            // The cluster list, or (any path below it) a credentials answer.
            String cluster = "{\"id\":\"" + CLUSTER_ID + "\",\"name\":\"training\",\"region\":\"fra1\","
                    + "\"version\":\"1.33.1-do.0\",\"status\":{\"state\":\"running\"},\"endpoint\":\"https://127.0.0.1:6443\","
                    + "\"sso\":{\"enabled\":false}}";
            String path = exchange.getRequestURI().getPath();
            String body = path.equals("/v2/kubernetes/clusters")
                    ? "{\"kubernetes_clusters\":[" + cluster + "],\"links\":{},\"meta\":{\"total\":1}}"
                    : path.equals("/v2/kubernetes/clusters/" + CLUSTER_ID) ? "{\"kubernetes_cluster\":" + cluster + "}"
                    : "{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"\","
                      + "\"token\":\"training-cluster-token\",\"expires_at\":\"" + Instant.now().plusSeconds(86_400) + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        api.start();
        try {
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString());
            env.put("DIGITALOCEAN_ACCESS_TOKEN", TRAINING_TOKEN);
            env.put("KUBERNETES_EXEC_INFO",
                    "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}");
            String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort();
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            String[] credential = {"credential", CLUSTER_ID, "--api-url", apiUrl};
            int miss = Main.run(credential, env, discard, discard);
            int hit = 0;
            for (int i = 0; i < 3; i++) {
                hit |= Main.run(credential, env, discard, discard);
            }
            Main.run(new String[] {"cache", "list"}, env, discard, discard);
            Main.run(new String[] {"cache", "list", "-o", "json"}, env, discard, discard);
            int clusters = Main.run(new String[] {"clusters", "-o", "json", "--api-url", apiUrl}, env, discard, discard);
            Main.run(new String[] {"credential", "--help"}, env, discard, discard);
            // The kubeconfig commands: entries built and read through Fabric8's model and the YAML tree.
            if (System.getProperty("doksauth.launcher") == null) {
                System.setProperty("doksauth.launcher", "/bin/sh"); // any executable: show only names it
            }
            Main.run(new String[] {"kubeconfig", "show", CLUSTER_ID, "--api-url", apiUrl}, env, discard, discard);
            Path kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, "users:\n- name: u\n  user:\n    exec:\n      command: /bin/sh\n"
                    + "      args: [credential, " + CLUSTER_ID + "]\n");
            Main.run(new String[] {"kubeconfig", "entries", "--command", "/bin/sh", "--kubeconfig", kubeconfig.toString()},
                    env, discard, discard);
            if (miss != 0 || hit != 0 || clusters != 0) {
                System.err.println("doks-auth: the training run failed (exit " + miss + ", " + hit + ", " + clusters + ")");
                System.exit(1);
            }
        } finally {
            api.stop(0);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
