package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input: every option absent, empty, huge, negative or not a number; cluster IDs that try
 * to escape; broken KUBERNETES_EXEC_INFO and doctl configs. Each is one clear sentence and the right
 * exit code, with no stack trace, no request and, for usage errors, no file. (A NUL cannot be
 * tested: the operating system cannot pass one in an argument or a variable.)
 */
class InputFaultsIT {

    static final String ID = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String DO_TOKEN = "dop_v1_input_fault_secret";
    static final String HUGE = "9".repeat(100_000);

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    Launcher launcher;

    @BeforeEach
    void setUp() {
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN);
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
    }

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneIn(home, DO_TOKEN);
    }

    /** Usage errors: exit 2, and nothing touched. */
    static Map<String, List<String>> usageErrors() {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("no cluster", List.of("credential"));
        cases.put("empty cluster", List.of("credential", ""));
        cases.put("path separators", List.of("credential", "../../etc/passwd"));
        cases.put("an ID and a path", List.of("credential", ID + "/.."));
        cases.put("a look-alike digit", List.of("credential", ID.substring(0, 35) + "\uff18"));
        cases.put("a huge ID", List.of("credential", HUGE));
        cases.put("expiry absent", List.of("credential", ID, "--expiry-seconds"));
        cases.put("expiry empty", List.of("credential", ID, "--expiry-seconds", ""));
        cases.put("expiry negative", List.of("credential", ID, "--expiry-seconds", "-1"));
        cases.put("expiry not a number", List.of("credential", ID, "--expiry-seconds", "ten"));
        cases.put("expiry huge", List.of("credential", ID, "--expiry-seconds", HUGE));
        cases.put("api url empty", List.of("credential", ID, "--api-url", ""));
        cases.put("api url not http", List.of("credential", ID, "--api-url", "ftp://api.example"));
        cases.put("api url in clear", List.of("credential", ID, "--api-url", "http://api.example.com"));
        cases.put("api url huge", List.of("credential", ID, "--api-url", "https://" + HUGE));
        cases.put("api version unknown", List.of("credential", ID, "--api-version", "v2"));
        cases.put("api version empty", List.of("credential", ID, "--api-version", ""));
        cases.put("context empty", List.of("credential", ID, "--context", ""));
        cases.put("unknown option", List.of("credential", ID, "--frobnicate"));
        cases.put("unknown command", List.of("frobnicate"));
        cases.put("cache clear of a bad ID", List.of("cache", "clear", "../x"));
        cases.put("completion for an unknown shell", List.of("completion", "tcsh"));
        return cases;
    }

    @Test
    void usageErrors_exitTwoAndTouchNothing() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : usageErrors().entrySet()) {
            Launcher.Result result = launcher.run(c.getValue().toArray(String[]::new));
            if (result.exitCode() != 2 || !oneSentence(result)) {
                problems.add(c.getKey() + ": " + result);
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(0, ApiStandIn.credentialRequests(api));
        assertTrue(!Files.exists(home.resolve("cache")), "no cache directory for a command that was refused");
    }

    private static boolean oneSentence(Launcher.Result result) {
        return result.stdout().isEmpty() && result.stderr().startsWith("doks-auth: ") && result.stderr().lines().count() == 1
                && !result.stderr().contains("Exception") && !result.stderr().contains("\tat ");
    }

    @Test
    void brokenKubernetesExecInfo() throws Exception {
        for (String info : List.of("not json", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}", "[]",
                "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1alpha1\"}", "{".repeat(10_000))) {
            Launcher.Result result = launcher.env("KUBERNETES_EXEC_INFO", info).run("credential", ID);
            assertEquals(2, result.exitCode(), info + ": " + result);
            assertTrue(oneSentence(result) && result.stderr().contains("KUBERNETES_EXEC_INFO"), result.toString());
        }
        Launcher.Result empty = launcher.env("KUBERNETES_EXEC_INFO", "").run("credential", ID);
        assertEquals(0, empty.exitCode(), "an empty one is as none: " + empty);
    }

    @Test
    void badEnvironmentValues() throws Exception {
        for (String timeout : List.of("abc", "0", "-5", HUGE)) {
            Launcher.Result result = launcher.env("DOKS_AUTH_TIMEOUT", timeout).run("credential", ID, "--no-cache");
            assertEquals(2, result.exitCode(), timeout + ": " + result);
            assertTrue(oneSentence(result) && result.stderr().contains("DOKS_AUTH_TIMEOUT"), result.toString());
        }
        launcher.env("DOKS_AUTH_TIMEOUT", null);
        Launcher.Result badToken = launcher.env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_with\u0001control").run("credential", ID);
        assertEquals(1, badToken.exitCode());
        assertTrue(oneSentence(badToken) && !badToken.stderr().contains("dop_v1_with"), badToken.toString());
        Launcher.Result badProxy = launcher.env("DIGITALOCEAN_ACCESS_TOKEN", DO_TOKEN).env("HTTPS_PROXY", "socks5://proxy:1080")
                .env("DIGITALOCEAN_API_URL", "https://api.example").run("credential", ID);
        assertEquals(2, badProxy.exitCode(), badProxy.toString());
        assertTrue(oneSentence(badProxy) && badProxy.stderr().contains("HTTPS_PROXY"), badProxy.toString());
    }

    @Test
    void doctlConfigsThatCannotBeUsed() throws Exception {
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null);
        Path config = home.resolve(".config/doctl/config.yaml");
        Files.createDirectories(config.getParent());
        for (String text : List.of("\u0000\u0001binary\u00ff", "- a list\n- not a map\n", "access-token: [x, y]\n")) {
            Files.writeString(config, text);
            Launcher.Result result = launcher.run("credential", ID);
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(oneSentence(result) && result.stderr().contains("doctl's config file"), result.toString());
        }
        Files.writeString(config, "access-token: dop_v1_x\ncontext: gone\n");
        Launcher.Result missing = launcher.run("credential", ID);
        assertEquals(1, missing.exitCode());
        assertTrue(oneSentence(missing) && missing.stderr().contains("no context 'gone'"), missing.toString());
        Launcher.Result noFile = launcher.run("credential", ID, "--context", "work", "--doctl-config", home.resolve("none.yaml").toString());
        assertEquals(1, noFile.exitCode());
        assertTrue(oneSentence(noFile) && noFile.stderr().contains("does not exist"), noFile.toString());
        assertEquals(0, ApiStandIn.credentialRequests(api));
    }
}
