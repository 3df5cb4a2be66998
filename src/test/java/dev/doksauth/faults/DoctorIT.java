package dev.doksauth.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClusterStandIn;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.jsonResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: {@code doctor} through the installed launcher names each breakage of a context by its cause, with
 * exit 1 for a problem and 0 otherwise, within its time bound, and never prints a secret. The context is the one
 * {@code kubeconfig save} writes against the API and cluster stand-ins; each test breaks one link.
 */
class DoctorIT {

    static final String DO_TOKEN = "dop_v1_doctor_it_secret";
    static final String CLUSTER_TOKEN = "doks-doctor-cluster-token";
    static final ApiStandIn.Cluster WEB = new ApiStandIn.Cluster("5a1c9a5e-0d0c-4e2b-9c1d-d0c70d0c7011", "web", "fra1");
    static final String CONTEXT = "do-fra1-web";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    static ClusterStandIn cluster;

    @TempDir
    Path home;
    Launcher launcher;
    Path kubeconfig;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ClusterStandIn.acceptingToken(TestCertificates.shared("doks-doctor-cluster"), CLUSTER_TOKEN);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    /** The healthy context: saved against the stand-ins, its credential cached, the cluster taking it. */
    @BeforeEach
    void saveTheContext() throws Exception {
        cluster.accept(CLUSTER_TOKEN);
        ApiStandIn.account(api, List.of(WEB), 200, cluster.server(), cluster.certificateAuthorityData(),
                "\"token\":\"" + CLUSTER_TOKEN + "\"");
        kubeconfig = home.resolve(".kube/config");
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN);
        Launcher.Result saved = launcher.run("kubeconfig", "save", WEB.name());
        assertEquals(0, saved.exitCode(), saved.toString());
    }

    /** Runs doctor; checks what every run must: no secret anywhere, the time bound, the exit code's rule. */
    private Launcher.Result doctor(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("doctor"));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Launcher.Result result = launcher.run(command.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "doctor took " + took);
        for (String secret : List.of(DO_TOKEN, CLUSTER_TOKEN, DO_TOKEN.substring(8, 20), CLUSTER_TOKEN.substring(5, 18))) {
            assertFalse(result.stdout().contains(secret) || result.stderr().contains(secret), "a secret in " + result);
        }
        boolean problem = result.stdout().lines().anyMatch(line -> line.startsWith("problem "))
                || result.stdout().contains("\"status\" : \"problem\"");
        assertEquals(problem ? 1 : 0, result.exitCode(), result.toString());
        sample(args, result);
        return result;
    }

    /** The line of one check, e.g. "problem  cluster accepts    ...". */
    private static String line(Launcher.Result result, String check) {
        return result.stdout().lines().filter(l -> l.length() > 28 && l.substring(9, 28).strip().equals(check))
                .findFirst().orElseThrow(() -> new AssertionError("no check '" + check + "' in\n" + result));
    }

    @Test
    void aHealthyContextIsOkAndExitsZero() throws Exception {
        Launcher.Result result = doctor();
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(line(result, "cluster accepts").startsWith("ok "), result.toString());
        assertTrue(line(result, "token").contains("DIGITALOCEAN_ACCESS_TOKEN"), result.toString());
        assertTrue(line(result, "cached credential").contains("fresh for 6 d"), result.toString());
        assertTrue(result.stdout().strip().endsWith("0 problems, 0 warnings, " + (result.stdout().lines().count() - 2) + " ok."),
                result.toString());
        assertEquals(0, ApiStandIn.credentialRequests(api) - 1, "doctor minted a credential");
    }

    @Test
    void aRevokedCredentialIsNamedWithWhatHappensNext() throws Exception {
        cluster.accept("another-token");
        Launcher.Result result = doctor(CONTEXT);
        assertTrue(line(result, "cluster accepts").startsWith("problem ") && line(result, "cluster accepts")
                .contains("revoked, or the cluster was re-created"), result.toString());
        assertTrue(result.stdout().contains("doks-auth cache clear " + WEB.id()), result.toString());
    }

    @Test
    void noTokenSaysWhereItLooked() throws Exception {
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null);
        Launcher.Result result = doctor();
        assertTrue(line(result, "token").startsWith("problem ") && line(result, "token").contains("no DigitalOcean API token"),
                result.toString());
    }

    @Test
    void aWrongTokenIsNamedBySource() throws Exception {
        api.stubFor(get(urlPathMatching("/v2/.*")).atPriority(1).withHeader("Authorization", equalTo("Bearer dop_v1_wrong"))
                .willReturn(jsonResponse("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you.\"}", 401)));
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_wrong");
        Launcher.Result result = doctor();
        assertTrue(line(result, "token").startsWith("problem ") && line(result, "token").contains("401")
                && line(result, "token").contains("DIGITALOCEAN_ACCESS_TOKEN"), result.toString());
        assertFalse(result.stdout().contains("dop_v1_wrong"), result.toString());
    }

    @Test
    void anUnreachableApiIsAProblem() throws Exception {
        // save wrote the stand-in's URL into the entry (--api-url): the entry is what doctor follows
        Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(api.baseUrl(), "http://127.0.0.1:1"));
        Launcher.Result result = doctor();
        assertTrue(line(result, "api").startsWith("problem ") && line(result, "api").contains("could not connect"),
                result.toString());
    }

    @Test
    void aClusterGoneFromTheAccountIsAProblem() throws Exception {
        api.stubFor(get(urlPathEqualTo("/v2/kubernetes/clusters/" + WEB.id())).atPriority(1)
                .willReturn(jsonResponse("{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}", 404)));
        Launcher.Result result = doctor();
        assertTrue(line(result, "cluster").startsWith("problem ") && line(result, "cluster").contains(WEB.id()), result.toString());
    }

    @Test
    void aMovedLauncherIsAProblem() throws Exception {
        Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(Launcher.path().toString(), "/opt/gone/bin/doks-auth"));
        Launcher.Result result = doctor();
        assertTrue(line(result, "command").startsWith("problem ") && line(result, "command").contains("/opt/gone/bin/doks-auth"),
                result.toString());
    }

    @Test
    void anOpenCacheDirectoryIsAProblem() throws Exception {
        Files.setPosixFilePermissions(home.resolve("cache"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Launcher.Result result = doctor();
        assertTrue(line(result, "cache directory").startsWith("problem ") && line(result, "cache directory")
                .contains("writable by others"), result.toString());
    }

    @Test
    void aKubercThatDoesNotAdmitTheLauncherGivesTheLinesToAdd() throws Exception {
        Path kuberc = Files.createDirectories(home.resolve(".kube")).resolve("kuberc");
        for (String policy : List.of("credentialPluginPolicy: DenyAll\n",
                "credentialPluginPolicy: Allowlist\ncredentialPluginAllowlist:\n- name: kubelogin\n")) {
            Files.writeString(kuberc, "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n" + policy);
            Launcher.Result result = doctor();
            assertTrue(line(result, "kuberc").startsWith("problem "), result.toString());
            assertTrue(result.stdout().contains("- name: " + Launcher.path()), result.toString());
        }
        Files.writeString(kuberc, "credentialPluginPolicy: Allowlist\ncredentialPluginAllowlist:\n- command: "
                + Launcher.path() + "\n");
        assertTrue(line(doctor(), "kuberc").startsWith("ok "));
    }

    @Test
    void saveWarnsWhenKubercRefusesTheLauncher() throws Exception {
        Path kuberc = Files.createDirectories(home.resolve(".kube")).resolve("kuberc");
        Files.writeString(kuberc, "credentialPluginPolicy: DenyAll\n");
        Launcher.Result saved = launcher.run("kubeconfig", "save", WEB.name());
        assertEquals(0, saved.exitCode(), saved.toString());
        assertTrue(saved.stderr().startsWith("doks-auth: warning: kuberc " + kuberc + " sets credentialPluginPolicy: DenyAll"),
                saved.toString());
        assertTrue(saved.stderr().contains("    credentialPluginPolicy: Allowlist\n    credentialPluginAllowlist:\n"
                + "      - name: " + Launcher.path() + "\n"), saved.toString());
        assertEquals("credentialPluginPolicy: DenyAll\n", Files.readString(kuberc), "save does not edit kuberc");
        Launcher.Result off = launcher.env("KUBERC", "off").run("kubeconfig", "save", WEB.name());
        assertFalse(off.stderr().contains("warning"), off.toString());
    }

    @Test
    void jsonSaysTheSameAsData() throws Exception {
        cluster.accept("another-token");
        Launcher.Result result = doctor("-o", "json");
        JsonNode report = new ObjectMapper().readTree(result.stdout());
        assertEquals(CONTEXT, report.get("context").asText());
        assertEquals(1, report.get("summary").get("problems").asInt());
        JsonNode accepts = null;
        for (JsonNode check : report.get("checks")) {
            if (check.get("name").asText().equals("cluster accepts")) {
                accepts = check;
            }
        }
        assertEquals("problem", accepts.get("status").asText());
        assertTrue(accepts.get("todo").asText().contains("cache clear"));
    }

    /** Everything that can time out does: the API answers after 20 s, the cluster never answers. */
    @Test
    void itEndsInTimeWhenEverythingTimesOut() throws Exception {
        api.stubFor(get(urlPathEqualTo("/v2/kubernetes/clusters/" + WEB.id())).atPriority(1)
                .willReturn(okJson("{}").withFixedDelay(20_000)));
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(cluster.server(),
                    "https://127.0.0.1:" + silent.getLocalPort()));
            long started = System.nanoTime();
            Launcher.Result result = doctor();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(line(result, "api").startsWith("problem "), result.toString());
            assertTrue(took.compareTo(Duration.ofSeconds(13)) < 0, "took " + took);
        }
    }

    @Test
    void anUnreachableProviderIsAProblem() throws Exception {
        ssoContext("http://127.0.0.1:1/realms/doks");
        Launcher.Result result = doctor();
        assertTrue(line(result, "provider").startsWith("problem ") && line(result, "provider").contains("cannot reach"),
                result.toString());
    }

    @Test
    void aProviderWithoutPkceS256IsAProblemAndAGoodOneIsOk() throws Exception {
        String issuer = provider("/pkceless", "[\"plain\"]");
        ssoContext(issuer);
        Launcher.Result result = doctor();
        assertTrue(line(result, "pkce").startsWith("problem ") && line(result, "pkce").contains("S256"), result.toString());

        ssoContext(provider("/good", "[\"S256\"]"));
        Launcher.Result good = doctor();
        assertTrue(line(good, "pkce").startsWith("ok "), good.toString());
        assertTrue(line(good, "cached sign-in").startsWith("warning ") && line(good, "cached sign-in").contains("not signed in"),
                good.toString());
        assertEquals(0, good.exitCode(), good.toString());
    }

    /** An OpenID provider's discovery and keys on the API stand-in, at {@code path}; @return its issuer */
    private String provider(String path, String pkceMethods) {
        String issuer = api.baseUrl() + path;
        api.stubFor(get(urlPathEqualTo(path + "/.well-known/openid-configuration")).willReturn(okJson("{\"issuer\":\"" + issuer
                + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\","
                + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"scopes_supported\":[\"openid\",\"email\",\"offline_access\"],"
                + "\"claims_supported\":[\"sub\",\"email\",\"team_role\"],"
                + "\"code_challenge_methods_supported\":" + pkceMethods + "}")));
        api.stubFor(get(urlPathEqualTo(path + "/jwks")).willReturn(okJson("{\"keys\":[]}")));
        return issuer;
    }

    /** The kubeconfig's only context becomes an SSO one, as 'kubeconfig save --type sso' writes it. */
    private void ssoContext(String issuer) throws Exception {
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: sso\nclusters:\n- name: sso\n  cluster:\n"
                + "    server: " + cluster.server() + "\n    certificate-authority-data: " + cluster.certificateAuthorityData()
                + "\ncontexts:\n- name: sso\n  context:\n    cluster: sso\n    user: sso\nusers:\n- name: sso\n  user:\n"
                + "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: " + Launcher.path() + "\n"
                + "      args: [credential, " + WEB.id() + ", --sso-issuer-url, '" + issuer + "', --sso-client-id, doks]\n"
                + "      interactiveMode: IfAvailable\n");
    }

    private static final java.util.Map<String, Integer> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Keeps the output of each run for the documentation: target/doctor-samples. */
    private static void sample(String[] args, Launcher.Result result) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "doctor-samples"));
        String test = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getMethodName)
                .filter(name -> !name.equals("doctor") && !name.equals("sample")).findFirst().orElse("run"));
        int run = RUNS.merge(test, 1, Integer::sum);
        Files.writeString(dir.resolve(test + (run == 1 ? "" : "-" + run) + (args.length > 0 && args[0].equals("-o") ? ".json" : ".txt")),
                result.stdout() + "exit " + result.exitCode() + "\n");
    }
}
