package dev.doksauth.process;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.launcher.LauncherProtocol;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClassLoadLog;
import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache hit, the product's hot path, must not wake picocli, Jackson databind or Fabric8: each
 * costs tens of milliseconds on every kubectl command. Checked from the JVM's own class-loading log,
 * with the DigitalOcean token from the environment and from doctl's config file, and
 * KUBERNETES_EXEC_INFO as kubectl sets it. Not a timing test: bench/ measures time.
 */
class HotPathClassLoadingIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;

    private String classesLoadedOnAHit(Launcher launcher, String... args) throws Exception {
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        Launcher.Result fetch = launcher.run(args);
        assertEquals(0, fetch.exitCode(), fetch.toString());
        Path log = home.resolve("classes-" + System.nanoTime() + ".log");
        // Run from a shell of its own, as each kubectl command is its own process: from this JVM, which ran the
        // fetch, a hit with the cluster would be the same client asking again (a suspicion: not a plain hit).
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "\"$0\" \"$@\"; exit $?", ClassLoadLog.loggingLauncher(
                Launcher.path(), log, home.resolve("doks-auth-logged")).toString());
        builder.command().addAll(List.of(args));
        builder.environment().clear();
        builder.environment().putAll(launcher.environment());
        Launcher.Result hit = Launcher.finish(builder.start());
        assertEquals(0, hit.exitCode(), hit.toString());
        assertEquals(fetch.stdout(), hit.stdout(), "served from the cache");
        assertEquals(1, ApiStandIn.credentialRequests(api));
        return Files.readString(log);
    }

    /**
     * Wherever the cache is: named by DOKS_AUTH_CACHE_DIR, in XDG_CACHE_HOME, or in the home directory (the launcher
     * finds it there too: a directory of its own would send every hit to the full JVM).
     */
    @ParameterizedTest
    @CsvSource({"DOKS_AUTH_CACHE_DIR, cache, cache", "XDG_CACHE_HOME, xdg, xdg/doks-auth", "HOME, '', .cache/doks-auth"})
    void tokenFromTheEnvironment(String variable, String value, String cache) throws Exception {
        Launcher launcher = new Launcher(home)
                .env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_env")
                .env(variable, home.resolve(value).toString())
                .env("KUBERNETES_EXEC_INFO", Launcher.NOT_INTERACTIVE);
        ClassLoadLog.assertAFastHit(classesLoadedOnAHit(launcher, "credential", CLUSTER, "--api-url", api.baseUrl()));
        assertTrue(Files.isDirectory(home.resolve(cache)), "the cache is in " + cache);
    }

    @Test
    void tokenFromDoctlsConfigFile() throws Exception {
        Path config = home.resolve(".config/doctl/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "access-token: dop_v1_a\nauth-contexts:\n  work: dop_v1_work\ncontext: default\n");
        // As kubectl runs an entry kubeconfig save wrote: with the cluster (provideClusterInfo), so the hit
        // also records which client it served.
        Launcher launcher = new Launcher(home)
                .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString())
                .env("KUBERNETES_EXEC_INFO", "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                        + "\"spec\":{\"interactive\":false,\"cluster\":{\"server\":\"https://127.0.0.1:6443\"}}}");
        String classes = classesLoadedOnAHit(launcher, "credential", CLUSTER, "--context", "work", "--api-url", api.baseUrl());
        assertTrue(classes.contains("dev.doksauth.token.DoctlConfig "), "the token came from doctl's file");
        ClassLoadLog.assertAFastHit(classes);
    }

    /**
     * A credential whose cache directory is not there yet (a CI job's first command) runs one JVM, the full one,
     * which fetches under the lock it takes; once the directory is there, a credential it does not hold is the
     * first JVM's, which runs the full JVM under the key's lock.
     */
    @Test
    void aCredentialWithoutACacheDirectoryRunsTheFullJvmAlone() throws Exception {
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        Path logs = Files.createDirectory(home.resolve("logs"));
        Path cache = home.resolve("cache");
        Launcher launcher = ApiStandIn.launcher(api, home, "dop_v1_a")
                .env("DOKS_AUTH_CACHE_DIR", cache.toString())
                .env("KUBERNETES_EXEC_INFO", Launcher.NOT_INTERACTIVE)
                .command(ClassLoadLog.launcherLoggingEveryJvm(Launcher.path(), logs.resolve("jvm-%p.log"), home.resolve("doks-auth-logged")))
                .wrappedIn("sh", "-c", "umask 000; exec \"$0\" \"$@\"");
        Launcher.Result first = launcher.run("credential", CLUSTER);
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(1, ApiStandIn.credentialRequests(api));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)), "the launcher made it private");
        List<String> jvms = ClassLoadLog.logs(logs);
        assertEquals(1, jvms.size(), "one JVM");
        assertTrue(jvms.get(0).contains(" " + LauncherProtocol.FULL_JVM_CLASS + " "), "the full JVM");
        ClassLoadLog.assertNone(ClassLoadLog.KUBECONFIG, jvms.get(0), "a cold credential's full JVM");

        for (Path file : List.of(cache, logs)) {
            try (Stream<Path> entries = Files.list(file)) {
                for (Path entry : entries.toList()) {
                    Files.delete(entry);
                }
            }
        }
        Launcher.Result again = launcher.run("credential", CLUSTER);
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(2, ApiStandIn.credentialRequests(api));
        // The child runs the installed launcher, which logs nothing: this is the first JVM's.
        jvms = ClassLoadLog.logs(logs);
        assertEquals(1, jvms.size(), "the first JVM");
        assertTrue(jvms.get(0).contains(" " + LauncherProtocol.FIRST_JVM_CLASS + " "), "the first JVM");
        assertTrue(jvms.get(0).contains(" java.lang.ProcessBuilder "), "which ran the full JVM");
    }

    /**
     * A command that reaches the API starts with the archive of the client's classes: none of the training stand-in's
     * server (its own JVM, unrecorded); and picocli's, which the build compiles from picocli's sources so that an
     * archive can hold them (the released jar's Java 5 class files would load from the jar).
     */
    @Test
    void aCommandOfTheApiLoadsPicocliFromItsArchiveAndNothingOfAServer() throws Exception {
        ApiStandIn.account(api, List.of(new ApiStandIn.Cluster(CLUSTER, "web", "fra1")), 200, "https://127.0.0.1:1", "",
                "\"token\":\"doks-a\"");
        Path log = home.resolve("classes.log");
        Launcher launcher = ApiStandIn.launcher(api, home, "dop_v1_a")
                .command(ClassLoadLog.launcherLoggingEveryJvm(Launcher.path(), log, home.resolve("doks-auth-logged")));
        Launcher.Result result = launcher.run("clusters");
        assertEquals(0, result.exitCode(), result.toString());
        String classes = Files.readString(log);
        ClassLoadLog.assertFromTheArchive("picocli.", classes);
        assertFalse(classes.contains(" com.sun.net.httpserver."), "the archive holds the training stand-in's server");
    }

    /**
     * The commands that reach the API and never read a kubeconfig (a cold credential as the first JVM's child runs it,
     * and clusters) set up nothing of YAML or Fabric8, neither in their code nor through their start-up archive.
     */
    @Test
    void commandsOfTheApiAloneLoadNothingOfTheKubeconfig() throws Exception {
        ApiStandIn.account(api, List.of(new ApiStandIn.Cluster(CLUSTER, "web", "fra1")), 200, "https://127.0.0.1:1", "",
                "\"token\":\"doks-a\"");
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        Path log = home.resolve("classes.log");
        Launcher launcher = ApiStandIn.launcher(api, home, "dop_v1_a")
                .env("KUBERNETES_EXEC_INFO", Launcher.NOT_INTERACTIVE)
                .command(ClassLoadLog.launcherLoggingEveryJvm(Launcher.path(), log, home.resolve("doks-auth-logged")));
        // As the first JVM runs its child, holding the key's lock
        launcher.env(LauncherProtocol.HANDED_OVER, Long.toString(System.currentTimeMillis() + 60_000));
        Launcher.Result fetched = launcher.run("credential", CLUSTER);
        assertEquals(0, fetched.exitCode(), fetched.toString());
        assertEquals(1, ApiStandIn.credentialRequests(api), "the child fetched");
        ClassLoadLog.assertNone(ClassLoadLog.KUBECONFIG, Files.readString(log), "the child's cold credential");
        Files.delete(log);
        Launcher.Result clusters = launcher.env(LauncherProtocol.HANDED_OVER, null).run("clusters");
        assertEquals(0, clusters.exitCode(), clusters.toString());
        ClassLoadLog.assertNone(ClassLoadLog.KUBECONFIG, Files.readString(log), "clusters");
    }

    /** {@code --version} is a hello world: the first JVM prints it with nothing from outside its archive but our class. */
    @Test
    void versionLoadsNothingOfTheRuntimeFromOutsideItsArchive() throws Exception {
        Path log = home.resolve("classes.log");
        Launcher launcher = new Launcher(home).command(ClassLoadLog.loggingLauncher(Launcher.path(), log, home.resolve("doks-auth-logged")));
        Launcher.Result result = launcher.run("--version");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().startsWith("doks-auth "), result.toString());
        ClassLoadLog.assertOnlyOursOutsideTheArchive(Files.readString(log));
    }

    /**
     * The commands that make no request set up nothing of TLS, HTTP or OIDC, neither in their code nor through
     * their start-up archive (an AOT cache loads every class it holds at start-up); help and completion nothing of
     * the kubeconfig's YAML or Jackson either, which only the cache's commands use (clear looks names up in the
     * kubeconfig).
     */
    @Test
    void commandsThatMakeNoRequestLoadNothingOfTheNetwork() throws Exception {
        Launcher launcher = new Launcher(home).env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString());
        Path log = home.resolve("classes.log");
        launcher.command(ClassLoadLog.launcherLoggingEveryJvm(Launcher.path(), log, home.resolve("doks-auth-logged")));
        for (List<String> command : List.of(List.of("--version"), List.of("help"), List.of("--help"), List.of("cache", "list"),
                List.of("completion", "bash"))) {
            Files.deleteIfExists(log);
            Launcher.Result result = launcher.run(command.toArray(new String[0]));
            assertEquals(0, result.exitCode(), command + ": " + result);
            String classes = Files.readString(log);
            ClassLoadLog.assertNone(ClassLoadLog.NETWORK, classes, String.join(" ", command));
            if (!command.get(0).equals("cache")) {
                ClassLoadLog.assertNone(ClassLoadLog.KUBECONFIG, classes, String.join(" ", command));
                ClassLoadLog.assertNone(List.of("com.fasterxml.jackson.databind."), classes, String.join(" ", command));
            }
        }
    }

    /**
     * {@code cache list} of a cache that holds an entry reads it with Jackson, and {@code cache clear NAME} the
     * kubeconfig's YAML: their classes start from the cache commands' archive, which is recorded on such a cache
     * and kubeconfig (from the jars they cost 170 ms and 110 ms).
     */
    @Test
    void theCacheCommandsTakeJacksonAndYamlFromTheirArchive() throws Exception {
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        Path log = home.resolve("classes.log");
        Launcher launcher = ApiStandIn.launcher(api, home, "dop_v1_a").env("KUBERNETES_EXEC_INFO", Launcher.NOT_INTERACTIVE);
        Launcher.Result fetched = launcher.run("credential", CLUSTER);
        assertEquals(0, fetched.exitCode(), fetched.toString());
        launcher.command(ClassLoadLog.launcherLoggingEveryJvm(Launcher.path(), log, home.resolve("doks-auth-logged")));
        Launcher.Result list = launcher.run("cache", "list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.stdout().contains(CLUSTER), list.toString());
        String classes = Files.readString(log);
        ClassLoadLog.assertFromTheArchive("com.fasterxml.jackson.", classes);
        ClassLoadLog.assertNone(ClassLoadLog.NETWORK, classes, "cache list");

        Path kubeconfig = home.resolve(".kube/config");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config", "users:", "- name: do-fra1-web-admin",
                "  user:", "    exec:", "      apiVersion: client.authentication.k8s.io/v1", "      command: doks-auth",
                "      args: [credential, " + CLUSTER + "]", ""));
        Files.delete(log);
        Launcher.Result clear = launcher.run("cache", "clear", "web");
        assertEquals(0, clear.exitCode(), clear.toString());
        assertTrue(clear.stdout().startsWith("Removed 1 cached credential "), clear.toString());
        ClassLoadLog.assertFromTheArchive("org.yaml.snakeyaml.", Files.readString(log));
    }
}
