package dev.doksauth.process;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonObject;
import dev.doksauth.launcher.LauncherProtocol;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClassLoadLog;
import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code doks-auth credential} as kubectl runs it: the installed launcher, as a process. */
class CredentialProcessIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String DO_TOKEN = "dop_v1_process_test_secret";
    static final String EXEC_INFO_V1 = Launcher.NOT_INTERACTIVE;
    static final String EXEC_INFO_V1BETA1 = EXEC_INFO_V1.replace("/v1\"", "/v1beta1\"");

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;

    Path cacheDir;
    Launcher launcher;

    @BeforeEach
    void setUp() {
        cacheDir = home.resolve("cache");
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN).env("KUBERNETES_EXEC_INFO", EXEC_INFO_V1);
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
    }

    static JsonObject credential(Launcher.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.stderr(), result.toString());
        assertEquals(1, result.stdout().lines().count(), "one line of JSON: " + result);
        JsonObject o = Json.parseObject(result.stdout());
        assertEquals("ExecCredential", o.string("kind"));
        return o;
    }

    static String token(Launcher.Result result) throws Exception {
        return credential(result).object("status").string("token");
    }

    @Test
    void aCacheHitMakesNoRequest() throws Exception {
        String first = token(launcher.run("credential", CLUSTER));
        assertTrue(first.startsWith("doks-"));
        assertEquals(first, token(launcher.run("credential", CLUSTER)));
        assertEquals(first, token(launcher.run("credential", CLUSTER.toUpperCase())));
        assertEquals(1, ApiStandIn.credentialRequests(api));
        assertFalse(first.equals(token(launcher.run("credential", CLUSTER, "--no-cache"))), "--no-cache fetches anew");
        assertEquals(2, ApiStandIn.credentialRequests(api));
    }

    /**
     * On an empty cache too, and the waiters stay small: only the command that made the cache directory runs the
     * full JVM without a first JVM; every other waits in its first JVM.
     */
    @Test
    void sixteenProcessesAtOnceMakeOneRequestAndPrintOneToken() throws Exception {
        Path logs = Files.createDirectory(home.resolve("logs"));
        launcher.command(ClassLoadLog.launcherLoggingEveryJvm(Launcher.path(), logs.resolve("jvm-%p.log"),
                home.resolve("doks-auth-logged")));
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            processes.add(launcher.start("credential", CLUSTER));
        }
        Set<String> tokens = new HashSet<>();
        for (Process process : processes) {
            tokens.add(token(Launcher.finish(process)));
        }
        assertEquals(1, tokens.size(), tokens.toString());
        assertEquals(1, ApiStandIn.credentialRequests(api));
        // Each launcher's own JVM (a first JVM's child runs the installed launcher, which logs nothing)
        List<String> jvms = ClassLoadLog.logs(logs);
        assertEquals(16, jvms.size());
        assertEquals(1, jvms.stream().filter(l -> !l.contains(" " + LauncherProtocol.FIRST_JVM_CLASS + " ")).count(),
                "full JVMs without a first JVM");
    }

    @Test
    void anotherDigitalOceanTokenGetsItsOwnEntry() throws Exception {
        String mine = token(launcher.run("credential", CLUSTER));
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_someone_else");
        String theirs = token(launcher.run("credential", CLUSTER));
        assertFalse(mine.equals(theirs));
        assertEquals(2, ApiStandIn.credentialRequests(api));
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".json")).count());
        }
    }

    @Test
    void aBrokenEntryIsReplaced() throws Exception {
        token(launcher.run("credential", CLUSTER));
        Path entry = entry();
        String whole = Files.readString(entry);
        for (String broken : List.of(whole.substring(0, whole.length() / 3), "\u0000garbage\u00ff", "")) {
            Files.writeString(entry, broken);
            String token = token(launcher.run("credential", CLUSTER));
            assertTrue(Files.readString(entry).contains(token), "the entry was replaced");
        }
        assertEquals(4, ApiStandIn.credentialRequests(api));
    }

    private Path entry() throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    @Test
    void theCacheIsPrivateAndHoldsNoDigitalOceanToken() throws Exception {
        token(launcher.run("credential", CLUSTER));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)));
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
                assertFalse(file.getFileName().toString().contains(DO_TOKEN));
                assertFalse(Files.readString(file).contains(DO_TOKEN));
            }
        }
    }

    @Test
    void aBadClusterIdIsAUsageErrorBeforeAnythingIsTouched() throws Exception {
        for (String bad : List.of("not-a-uuid", "../../etc/passwd", "8d91899c-0739-4a1a-acc5-deadbeefbbb8/../x", "")) {
            Launcher.Result result = launcher.run("credential", bad);
            assertEquals(2, result.exitCode(), result.toString());
            assertEquals("", result.stdout());
            assertTrue(result.stderr().startsWith("doks-auth: ") && result.stderr().lines().count() == 1, result.toString());
        }
        assertEquals(0, ApiStandIn.credentialRequests(api));
        assertFalse(Files.exists(cacheDir));
    }

    @Test
    void theAnswerHasTheVersionKubectlAskedFor() throws Exception {
        JsonObject v1 = credential(launcher.run("credential", CLUSTER));
        JsonObject v1beta1 = credential(launcher.env("KUBERNETES_EXEC_INFO", EXEC_INFO_V1BETA1).run("credential", CLUSTER));
        assertEquals("client.authentication.k8s.io/v1", v1.string("apiVersion"));
        assertEquals("client.authentication.k8s.io/v1beta1", v1beta1.string("apiVersion"));
        assertEquals(v1.object("status").string("token"), v1beta1.object("status").string("token"));
        assertEquals(v1.object("status").string("expirationTimestamp"), v1beta1.object("status").string("expirationTimestamp"));
        JsonObject fromOption = credential(launcher.env("KUBERNETES_EXEC_INFO", null)
                .run("credential", CLUSTER, "--api-version", "v1beta1"));
        assertEquals("client.authentication.k8s.io/v1beta1", fromOption.string("apiVersion"));
        Launcher.Result unknown = launcher.env("KUBERNETES_EXEC_INFO",
                EXEC_INFO_V1.replace("/v1\"", "/v1alpha1\"")).run("credential", CLUSTER);
        assertEquals(2, unknown.exitCode(), unknown.toString());
    }

    @Test
    void apiFailuresAreOneSentenceOnStderrAndNothingOnStdout() throws Exception {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse().withStatus(401)
                .withBody("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you.\",\"request_id\":\"r-1\"}")));
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals("", result.stdout());
        assertEquals(1, result.stderr().lines().count(), result.toString());
        assertTrue(result.stderr().contains("401 unauthorized") && result.stderr().contains("r-1"), result.toString());
        assertFalse(result.stderr().contains(DO_TOKEN));
        Launcher.Result verbose = launcher.run("credential", CLUSTER, "-v");
        assertEquals(1, verbose.exitCode());
        assertTrue(verbose.stderr().contains("[verbose]") && !verbose.stderr().contains(DO_TOKEN), verbose.toString());
    }

    @Test
    void withoutATokenItSaysWhereItLooked() throws Exception {
        Launcher.Result result = launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null).run("credential", CLUSTER);
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("no DigitalOcean API token found"), result.toString());
    }

    @Test
    void aTokenFromDoctlsConfigAndItsContexts() throws Exception {
        Path config = home.resolve(".config/doctl/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "access-token: dop_v1_default\nauth-contexts:\n  work: dop_v1_work\ncontext: default\n");
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null);
        String byDefault = token(launcher.run("credential", CLUSTER));
        String work = token(launcher.run("credential", CLUSTER, "--context", "work"));
        assertFalse(byDefault.equals(work), "another context, another entry");
        assertEquals(work, token(launcher.env("DIGITALOCEAN_CONTEXT", "work").run("credential", CLUSTER)));
        assertEquals(2, ApiStandIn.credentialRequests(api));
        Launcher.Result missing = launcher.run("credential", CLUSTER, "--context", "play");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("no context 'play'"), missing.toString());
    }

    @Test
    void cacheListAndClear() throws Exception {
        token(launcher.run("credential", CLUSTER));
        Launcher.Result list = launcher.run("cache", "list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.stdout().contains(CLUSTER) && list.stdout().contains("DIGITALOCEAN_ACCESS_TOKEN"), list.toString());
        Launcher.Result json = launcher.run("cache", "list", "-o", "json");
        assertTrue(json.stdout().contains("\"clusterId\" : \"" + CLUSTER + "\""), json.toString());
        for (Launcher.Result r : List.of(list, json)) {
            assertFalse(r.stdout().contains("doks-") || r.stdout().contains(DO_TOKEN), "no token in cache list");
        }
        assertEquals(0, launcher.run("cache", "clear", CLUSTER).exitCode());
        assertFalse(launcher.run("cache", "list").stdout().contains(CLUSTER));
    }

    @Test
    void versionAndHelp() throws Exception {
        Launcher.Result version = launcher.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().startsWith("doks-auth "), version.toString());
        Launcher.Result help = launcher.run("credential", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("--expiry-seconds"), help.toString());
        assertFalse(Files.exists(cacheDir), "help makes no cache directory");
        for (String shell : List.of("bash", "zsh", "fish")) {
            Launcher.Result completion = launcher.run("completion", shell);
            assertEquals(0, completion.exitCode(), completion.toString());
            assertTrue(completion.stdout().contains(switch (shell) {
                case "bash" -> "complete -F";
                case "zsh" -> "#compdef doks-auth";
                default -> "complete -c doks-auth";
            })
                    && completion.stdout().contains("kubeconfig"), shell);
        }
        Launcher.Result unknown = launcher.run("credential", CLUSTER, "--bogus");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().contains("--bogus") && unknown.stdout().isEmpty(), unknown.toString());
    }
}
