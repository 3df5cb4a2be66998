package dev.doksauth.process;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Secrets;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command as a new user meets it through the installed launcher: -v and DOKS_AUTH_VERBOSE=1 say what
 * happens on every command, failures are one sentence without a stack trace, typos get a suggestion.
 */
class CommandLineIT {

    static final String DO_TOKEN = "dop_v1_command_line_secret";
    static final ApiStandIn.Cluster WEB = new ApiStandIn.Cluster("11111111-1111-4111-8111-111111111111", "web", "fra1");

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    Launcher launcher;
    Path kubeconfig;

    @BeforeEach
    void setUp() {
        kubeconfig = home.resolve("kubeconfig");
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN);
    }

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneIn(home, DO_TOKEN);
    }

    /** Each command with -v before its name, after it, or DOKS_AUTH_VERBOSE=1, and a line it must say. */
    @Test
    void verboseSaysWhatEveryCommandDoes() throws Exception {
        ApiStandIn.account(api, List.of(WEB), 200, "https://127.0.0.1:1", TestCertificates.clusterCaData(), "\"token\":\"doks-verbose-cluster-token\"");
        String kc = kubeconfig.toString();
        record Case(List<String> args, boolean fromEnvironment, List<String> says) {
        }
        List<Case> cases = List.of(
                new Case(List.of("-v", "clusters"), false, List.of("token from DIGITALOCEAN_ACCESS_TOKEN", "GET " + api.baseUrl())),
                new Case(List.of("clusters", "--verbose", "-o", "json"), false, List.of("token from DIGITALOCEAN_ACCESS_TOKEN")),
                new Case(List.of("clusters"), true, List.of("token from DIGITALOCEAN_ACCESS_TOKEN", "answer 200")),
                new Case(List.of("kubeconfig", "save", "web", "--kubeconfig", kc, "-v"), false,
                        List.of("token from DIGITALOCEAN_ACCESS_TOKEN", "GET " + api.baseUrl(), "kubeconfig [" + kc + "]")),
                new Case(List.of("cache", "list"), true, List.of("cache " + home.resolve("cache"))),
                new Case(List.of("-v", "kubeconfig", "remove", "web", "--kubeconfig", kc), false,
                        List.of("'web' is cluster " + WEB.id() + " by the kubeconfig entry do-fra1-web", "kubeconfig [" + kc + "]")),
                new Case(List.of("kubeconfig", "-v", "migrate", "--kubeconfig", kc), false, List.of("kubeconfig [" + kc + "]")),
                new Case(List.of("cache", "clear", "-v", WEB.id()), false, List.of("removing the entries of [" + WEB.id())),
                new Case(List.of("-v", "credential", WEB.id(), "--no-cache"), false, List.of("token from DIGITALOCEAN_ACCESS_TOKEN")));
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            Launcher.Result result = launcher.env("DOKS_AUTH_VERBOSE", c.fromEnvironment() ? "1" : null)
                    .run(c.args().toArray(String[]::new));
            boolean saysAll = c.says().stream().allMatch(line -> result.stderr().contains("doks-auth: [verbose] ")
                    && result.stderr().lines().anyMatch(l -> l.startsWith("doks-auth: [verbose] ") && l.contains(line)));
            if (result.exitCode() != 0 || !saysAll || result.stderr().contains(DO_TOKEN)) {
                problems.add(c + ": " + result);
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The API refuses the token: every command that calls it fails with one sentence; with -v, the lines before it. */
    @Test
    void failuresAreOneSentenceWithoutAStackTraceUnlessVerbose() throws Exception {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you.\",\"request_id\":\"r-1\"}")));
        Files.writeString(home.resolve("not-a-kubeconfig"), "{{{ not yaml");
        List<List<String>> commands = List.of(
                List.of("clusters"),
                List.of("kubeconfig", "save", "web", "--kubeconfig", kubeconfig.toString()),
                List.of("kubeconfig", "save", "--all"),
                List.of("kubeconfig", "remove", "web"),
                List.of("kubeconfig", "migrate", "--kubeconfig", home.resolve("not-a-kubeconfig").toString()),
                List.of("cache", "clear", "web"),
                List.of("credential", WEB.id(), "--no-cache"));
        List<String> problems = new ArrayList<>();
        for (List<String> command : commands) {
            Launcher.Result quiet = launcher.run(command.toArray(String[]::new));
            if (quiet.exitCode() != 1 || !oneSentence(quiet)) {
                problems.add(command + ": " + quiet);
            }
            List<String> verboseCommand = new ArrayList<>(command);
            verboseCommand.add("-v");
            Launcher.Result verbose = launcher.run(verboseCommand.toArray(String[]::new));
            if (verbose.exitCode() != 1 || !verbose.stderr().contains("doks-auth: [verbose] ")
                    || verbose.stderr().contains(DO_TOKEN) || !verbose.stdout().isEmpty()) {
                problems.add(verboseCommand + ": " + verbose);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void typosGetASuggestion() throws Exception {
        Launcher.Result command = launcher.run("cluster");
        assertEquals(2, command.exitCode(), command.toString());
        assertEquals("doks-auth: unknown command 'cluster'; did you mean 'clusters'?\n", command.stderr());
        Launcher.Result option = launcher.run("kubeconfig", "save", "--kubeconfg", "x", "--all");
        assertEquals(2, option.exitCode(), option.toString());
        assertEquals("doks-auth: unknown option '--kubeconfg' for 'doks-auth kubeconfig save'; did you mean '--kubeconfig'?\n",
                option.stderr());
        for (List<String> args : List.of(List.of("kubeconfig", "save"), List.of("kubeconfig", "save", "--all", "web"))) {
            Launcher.Result usage = launcher.run(args.toArray(String[]::new));
            assertEquals(2, usage.exitCode(), usage.toString());
            assertTrue(oneSentence(usage) && usage.stderr().contains("--all"), usage.toString());
        }
        Launcher.Result help = launcher.run("help", "kubeconfig", "save");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.stdout().startsWith("Usage: doks-auth kubeconfig save"), help.toString());
    }

    static boolean oneSentence(Launcher.Result result) {
        return result.stdout().isEmpty() && result.stderr().startsWith("doks-auth: ") && result.stderr().lines().count() == 1
                && result.stderr().endsWith(".\n") && !result.stderr().contains("\tat ")
                && !result.stderr().contains("Exception") && !result.stderr().contains("unexpected");
    }
}
