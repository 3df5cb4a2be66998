package dev.doksauth.launcher;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLock;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Deadline;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClassLoadLog;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Processes;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher protocol as install.sh lays it out: paths with spaces keep the fast path, upgrades
 * never break a command in flight, and a command has one deadline across its two JVMs.
 */
class LauncherIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String EXEC_INFO = "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
            + "\"spec\":{\"interactive\":false,\"cluster\":{\"server\":\"https://127.0.0.1:6443\"}}}";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;

    /** The JDK copies hold links into /etc, which JUnit's clean-up would warn about, one line each. */
    @AfterEach
    void removeLinks() throws Exception {
        dev.doksauth.testing.Links.removeAll(home);
    }

    /** install.sh --no-build into {@code prefix}, with {@code javaHome} if not null. */
    static void install(Path prefix, Path javaHome) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("install.sh").toAbsolutePath().toString(),
                "--no-build", "--quiet", "--prefix", prefix.toString()));
        if (javaHome != null) {
            command.addAll(List.of("--java-home", javaHome.toString()));
        }
        Processes.runOk(Duration.ofMinutes(5), command.toArray(String[]::new));
    }

    Launcher launcherIn(Path prefix) {
        return new Launcher(home).command(prefix.resolve("bin/doks-auth"))
                .env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_launcher")
                .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString())
                .env("KUBERNETES_EXEC_INFO", EXEC_INFO);
    }

    /** The newest JDK under /usr/lib/jvm, as install.sh picks it, else the one running this test. */
    static Path newestJdk() throws Exception {
        Path newest = Path.of(System.getProperty("java.home")).toRealPath();
        int newestMajor = Runtime.version().feature();
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path jdk : jdks.toList()) {
                Path release = jdk.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(jdk.resolve("bin/jlink"))) {
                    String version = Files.readString(release).replaceAll("(?s).*JAVA_VERSION=\"(\\d+).*", "$1");
                    if (version.matches("\\d+") && Integer.parseInt(version) > newestMajor) {
                        newest = jdk.toRealPath();
                        newestMajor = Integer.parseInt(version);
                    }
                }
            }
        }
        return newest;
    }

    /**
     * With the newest JDK (an AOT cache) and with the one running the tests (JDK 17 here: an AppCDS
     * archive), installed from and into paths with spaces, a hit runs from the first JVM's archive.
     */
    @Test
    void anInstallWithSpacesInItsPathsKeepsTheFastPath() throws Exception {
        Set<Path> jdks = new LinkedHashSet<>(List.of(newestJdk(), Path.of(System.getProperty("java.home")).toRealPath()));
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        int installs = 0;
        for (Path installed : jdks) {
            installs++;
            Path jdk = home.resolve("a jdk with spaces " + installs);
            Processes.runOk(Duration.ofMinutes(2), "cp", "-al", installed.toString(), jdk.toString());
            Path prefix = home.resolve("a prefix with spaces " + installs);
            install(prefix, jdk);
            Launcher launcher = launcherIn(prefix).env("DOKS_AUTH_CACHE_DIR", home.resolve("cache " + installs).toString());
            Launcher.Result fetched = launcher.run("credential", CLUSTER, "--api-url", api.baseUrl());
            assertEquals(0, fetched.exitCode(), fetched.toString());
            Path log = home.resolve("classes " + installs + ".log");
            // From a shell of its own, as each kubectl command is its own process: from this JVM, which ran the
            // fetch, a hit with the cluster would be the same client asking again (a suspicion: not a plain hit).
            Launcher logged = launcher.command(ClassLoadLog.loggingLauncher(prefix.resolve("bin/doks-auth"), log,
                    home.resolve("logged launcher " + installs))).wrappedIn("sh", "-c", "\"$0\" \"$@\"; exit $?");
            Launcher.Result hit = logged.run("credential", CLUSTER, "--api-url", api.baseUrl());
            assertEquals(fetched.stdout(), hit.stdout(), hit.toString());
            assertEquals("", hit.stderr());
            ClassLoadLog.assertAFastHit(Files.readString(log));
            assertEquals(installs, ApiStandIn.credentialRequests(api), installed + ": one fetch, then a hit");
        }
    }

    @Test
    void upgradingWhileCredentialsAreServedBreaksNoCommand() throws Exception {
        Path prefix = home.resolve("prefix");
        install(prefix, null);
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        String expected = launcherIn(prefix).run("credential", CLUSTER, "--api-url", api.baseUrl()).stdout();
        AtomicBoolean upgrading = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            boolean fetches = t == 0; // one client also makes the full JVM fetch, under the first JVM's lock
            Thread client = new Thread(() -> {
                while (upgrading.get() || served.get() < 1000) {
                    try {
                        Launcher.Result result = fetches
                                ? launcherIn(prefix).run("credential", CLUSTER, "--api-url", api.baseUrl(), "--expiry-seconds", "600")
                                : launcherIn(prefix).run("credential", CLUSTER, "--api-url", api.baseUrl());
                        if (result.exitCode() != 0 || !result.stderr().isEmpty() || (!fetches && !result.stdout().equals(expected))) {
                            failures.add(result.toString());
                        }
                        served.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        try {
            // Three upgrades: each records five archives beside three busy clients, about a minute on two cores.
            for (int i = 0; i < 3; i++) {
                install(prefix, null);
            }
        } finally {
            upgrading.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + served.get() + " failed; first: " + failures.peek());
        assertTrue(served.get() >= 1000);
        try (var versions = Files.list(prefix.resolve("lib/doks-auth"))) {
            assertTrue(versions.count() <= 2, "older versions are removed");
        }
    }

    @Test
    @SuppressWarnings("try")
    void aLockHeldElsewhereEndsAtTheOneDeadlineWithATrueSentence() throws Exception {
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        CacheKey key = CacheKey.forDoToken(api.baseUrl(), new DoToken("dop_v1_launcher", null, "test"), CLUSTER, 0);
        CredentialCache cache = new CredentialCache(home.resolve("cache"));
        try (CacheLock held = cache.lock(key, Deadline.in(Duration.ofSeconds(5)))) {
            Launcher.Result result = new Launcher(home)
                    .env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_launcher")
                    .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString())
                    .env("DOKS_AUTH_TIMEOUT", "6")
                    .run("credential", CLUSTER, "--api-url", api.baseUrl());
            assertEquals(1, result.exitCode(), result.toString());
            assertEquals("", result.stdout());
            List<String> lines = result.stderr().strip().lines().toList();
            assertEquals(2, lines.size(), result.stderr());
            String pid = Long.toString(ProcessHandle.current().pid());
            assertTrue(lines.get(0).matches("doks-auth: waiting for another doks-auth process \\(PID " + pid
                    + "\\) to finish the credential of cluster " + CLUSTER + " \\(at most [01] s more\\)\\."), lines.get(0));
            String sentence = lines.get(1);
            assertTrue(sentence.matches("doks-auth: gave up after [56]\\.\\d s waiting for another doks-auth process \\(PID "
                    + ProcessHandle.current().pid() + "\\).*"), sentence);
            assertTrue(sentence.contains("the 6 s budget of DOKS_AUTH_TIMEOUT ran out"), sentence);
        }
        assertEquals(0, ApiStandIn.credentialRequests(api), "nobody fetched behind the holder's back");
    }

    @Test
    void aHandOverVariableFromTheUsersEnvironmentIsHarmless() throws Exception {
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        for (String value : List.of("garbage", "-1", "99999999999999999999", "0")) {
            Launcher.Result result = new Launcher(home)
                    .env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_launcher")
                    .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString())
                    .env(LauncherProtocol.HANDED_OVER, value)
                    .run("credential", CLUSTER, "--api-url", api.baseUrl());
            assertEquals(0, result.exitCode(), value + ": " + result);
        }
        assertEquals(1, ApiStandIn.credentialRequests(api));
    }
}
