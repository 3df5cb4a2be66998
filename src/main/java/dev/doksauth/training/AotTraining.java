package dev.doksauth.training;

import dev.doksauth.Main;
import dev.doksauth.api.ApiUrl;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.CredentialLine;
import dev.doksauth.launcher.LauncherProtocol;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training runs install.sh records start-up archives from.
 *
 * <p>{@code prepare-hit DIR} lays out a doctl config and a fresh cache entry in DIR, for install.sh
 * to record the cache-hit path alone ({@code FirstJvm credential 00000000-0000-4000-8000-00000000a07a}
 * with {@code HOME=DIR}, {@code DOKS_AUTH_CACHE_DIR=DIR/cache}) in a JVM that does nothing else.
 *
 * <p>{@code offline}: the commands that make no request (help, completion), for the archive the launcher runs
 * them with: an AOT cache loads every class it holds at start-up, so theirs must hold nothing of TLS or HTTP.
 * {@code cache}: the cache's commands, for theirs, on a cache that holds an entry (reading one wakes Jackson) and
 * with a kubeconfig that holds the cluster's entry (clear looks names up there, in YAML).
 *
 * <p>{@code api|sso|full URL [CA_FILE]}: the commands users run that reach the API or the identity provider, for
 * real, against {@link TrainingApi} (trusted through SSL_CERT_FILE as a proxy's CA would be), in a throw-away
 * directory. {@code api}: those that never read a kubeconfig ({@code LauncherProtocol.API_COMMANDS}: a cold
 * credential as the full JVM runs it alone and as the launcher's child, hits, clusters), for an archive without
 * YAML, Fabric8 and OpenID Connect; {@code sso}: a single sign-on credential against the training provider
 * ({@link TrainingProvider}), for an archive with OpenID Connect and without the rest; {@code full}: kubeconfig show
 * and save, for the archive of every other command.
 */
public final class AotTraining {

    static final String CLUSTER_ID = "00000000-0000-4000-8000-00000000a07a";
    static final String TRAINING_TOKEN = "training-do-token";
    static final String SSO_CLIENT_ID = "training-client";

    private AotTraining() {
    }

    private static void prepareHit(Path dir) throws IOException {
        Path config = dir.resolve(".config/doctl/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "access-token: " + TRAINING_TOKEN + "\ncontext: default\n");
        writeEntry(dir.resolve("cache"));
    }

    /** A fresh entry for {@link #CLUSTER_ID}, as a fetch with the training token would have stored it. */
    private static void writeEntry(Path cache) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        DoToken token = new DoToken(TRAINING_TOKEN, TokenResolver.DEFAULT_CONTEXT, "training");
        new CredentialCache(cache).write(CacheKey.forDoToken(ApiUrl.DEFAULT, token, CLUSTER_ID, 0),
                CacheEntry.of(Credential.ofToken("training-cluster-token", now, now + 86_400)));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("prepare-hit")) {
            prepareHit(Path.of(args[1]));
            return;
        }
        Path home = Files.createTempDirectory("doks-auth-training");
        try {
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString());
            if (args.length == 1 && args[0].equals("offline")) {
                offline(env);
            } else if (args.length == 1 && args[0].equals("cache")) {
                cache(env);
            } else if ((args.length == 2 || args.length == 3) && List.of("api", "sso", "full").contains(args[0])) {
                if (args.length == 3) {
                    env.put("SSL_CERT_FILE", args[2]);
                }
                env.put("DIGITALOCEAN_ACCESS_TOKEN", TRAINING_TOKEN);
                env.put("KUBERNETES_EXEC_INFO", "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
                        + "\"spec\":{\"interactive\":false}}");
                boolean failed = switch (args[0]) {
                    case "api" -> api(args[1], env);
                    case "sso" -> sso(args[1], env);
                    default -> full(args[1], env);
                };
                if (failed) {
                    System.err.println("doks-auth: the training run failed");
                    System.exit(1);
                }
            } else {
                System.err.println("usage: AotTraining prepare-hit DIR | offline | cache | api|sso|full URL [CA_FILE]");
                System.exit(2);
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The commands that reach the API and not the kubeconfig, as users run them; true if one failed. */
    private static boolean api(String apiUrl, Map<String, String> env) {
        // The cold credential as the launcher runs it with no cache directory yet (the full JVM alone, taking the
        // key's lock), and as the first JVM's child runs it, the first JVM holding the lock
        int failed = run(withoutCache(env), "credential", CLUSTER_ID, "--api-url", apiUrl);
        failed |= run(child(env), "credential", CLUSTER_ID, "--api-url", apiUrl);
        for (int i = 0; i < 3; i++) {
            failed |= run(env, "credential", CLUSTER_ID, "--api-url", apiUrl);
        }
        failed |= run(env, "clusters", "--api-url", apiUrl);
        failed |= run(env, "clusters", "-o", "json", "--api-url", apiUrl);
        run(env, "credential", "--help");
        return failed != 0;
    }

    /** The commands that reach the API and the kubeconfig, as users run them; true if one failed. */
    private static boolean full(String apiUrl, Map<String, String> env) throws IOException {
        String kubeconfig = Path.of(env.get("HOME"), "kubeconfig").toString();
        // kubeconfig entries name the launcher (an executable file), which the launcher tells the full JVM
        Path launcher = Files.createDirectories(Path.of(env.get("HOME"), "bin")).resolve("doks-auth");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        System.setProperty(LauncherProtocol.COMMAND_PROPERTY, launcher.toString());
        int failed = run(env, "kubeconfig", "show", CLUSTER_ID, "--api-url", apiUrl);
        failed |= run(env, "kubeconfig", "save", CLUSTER_ID, "--api-url", apiUrl, "--kubeconfig", kubeconfig);
        // The entries that run a launcher, read through Fabric8's model and the YAML tree (install.sh --uninstall).
        run(env, "kubeconfig", "entries", "--command", launcher.toString(), "--kubeconfig", kubeconfig);
        return failed != 0;
    }

    /**
     * A single sign-on credential without a person: a device sign-in (the training provider finishes it at once) as
     * the full JVM runs it alone and as the launcher's child, then a refresh with its refresh token, as every ID
     * token's expiry brings, and a hit; true if one failed.
     */
    private static boolean sso(String apiUrl, Map<String, String> env) {
        List<String> credential = List.of("credential", CLUSTER_ID, CredentialLine.SSO_ISSUER_URL,
                apiUrl + TrainingApi.ISSUER_PATH, CredentialLine.SSO_CLIENT_ID, SSO_CLIENT_ID);
        Map<String, String> child = child(env);
        int failed = run(withoutCache(env), with(credential, CredentialLine.SSO_GRANT, "device"));
        failed |= run(child, with(credential, CredentialLine.SSO_GRANT, "device"));
        failed |= run(child, with(credential, CredentialLine.NO_CACHE));
        failed |= run(env, with(credential));
        return failed != 0;
    }

    /** The environment of the full JVM the first JVM runs under the key's lock. */
    private static Map<String, String> child(Map<String, String> env) {
        Map<String, String> child = new HashMap<>(env);
        child.put(LauncherProtocol.HANDED_OVER, Long.toString(System.currentTimeMillis() + 60_000));
        return child;
    }

    /** A cache directory of its own that is not there yet, as on a CI job's first command. */
    private static Map<String, String> withoutCache(Map<String, String> env) {
        Map<String, String> first = new HashMap<>(env);
        first.put(CacheLocation.VARIABLE, Path.of(env.get("HOME"), "cache-" + System.nanoTime()).toString());
        return first;
    }

    private static String[] with(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The commands that make no request. */
    private static void offline(Map<String, String> env) {
        run(env, "--help");
        run(env, "help", "kubeconfig");
        run(env, "kubeconfig", "save", "--help");
        run(env, "completion", "bash");
        run(env, "nosuch"); // a usage error
    }

    /**
     * The cache's commands, on a cache that holds an entry, with a kubeconfig that holds the cluster's entry: clear
     * looks its arguments up among the kubeconfig's doks-auth entries first, reading the file's YAML.
     */
    private static void cache(Map<String, String> env) throws IOException {
        writeEntry(Path.of(env.get(CacheLocation.VARIABLE)));
        Path kubeconfig = Path.of(env.get("HOME"), ".kube", "config");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config", "users:",
                "- name: do-fra1-training-admin", "  user:", "    exec:", "      apiVersion: client.authentication.k8s.io/v1",
                "      command: doks-auth", "      args: [credential, " + CLUSTER_ID + "]", "contexts:",
                "- name: do-fra1-training", "  context: {cluster: do-fra1-training, user: do-fra1-training-admin}", ""));
        run(env, "cache", "list");
        run(env, "cache", "list", "-o", "json");
        run(env, "cache", "clear", "training");
        run(env, "cache", "--help");
    }

    /** Runs a command as the launcher would; its failure goes to stderr, which install.sh keeps in training.log. */
    private static int run(Map<String, String> env, String... args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Main.run(args, env, discard, args[0].equals("nosuch") ? discard : System.err);
    }
}
