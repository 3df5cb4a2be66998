package dev.doksauth.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.json.Json;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.LocalServers;
import dev.doksauth.testing.Secrets;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 section 2 and issue 12's errors, through the installed launcher: every field of an API answer is
 * hostile until checked, the token goes only to the API's origin, and every failure points the right way.
 */
class HostileApiIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefcc01";
    static final String LIST = ApiStandIn.LIST;
    static final String DO_TOKEN = "dop_v1_hostile_api_suite_secret";
    static final String CLUSTER_TOKEN = "doks_hostile_api_suite_cluster_secret";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();
    /** Another origin, which must never see a request. */
    @RegisterExtension
    static WireMockExtension elsewhere = ApiStandIn.server();

    static final TestCertificates certificates = TestCertificates.shared("hostile-api");

    @TempDir
    Path home;
    Launcher launcher;

    @BeforeEach
    void setUp() {
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN).env("DOKS_AUTH_TIMEOUT", "10");
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("{\"kubernetes_clusters\":[],\"links\":{}}")));
    }

    @AfterEach
    void nothingLeaked() throws Exception {
        Secrets.assertNoneIn(home, DO_TOKEN, CLUSTER_TOKEN);
        assertEquals(0, elsewhere.findAll(anyRequestedFor(anyUrl())).size(), "a request reached another origin");
    }

    /** Exit 1, nothing on stdout, one printable sentence on stderr that holds {@code expected}, no secret. */
    private Launcher.Result fails(int exitCode, String expected, String... args) throws Exception {
        Launcher.Result result = launcher.run(args);
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertEquals("", result.stdout(), result.toString());
        assertEquals(1, result.stderr().lines().count(), result.toString());
        assertTrue(result.stderr().startsWith("doks-auth: ") && result.stderr().contains(expected), result.toString());
        assertTrue(result.stderr().strip().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable: " + result);
        assertFalse(result.stderr().contains("Exception") || result.stderr().contains("unexpected")
                || result.stderr().contains(DO_TOKEN) || result.stderr().contains(CLUSTER_TOKEN), result.toString());
        return result;
    }

    static String inAWeek() {
        return Instant.now().plus(Duration.ofDays(7)).toString();
    }

    static String cluster(String id, String name, String region) {
        return "{\"id\":\"" + id + "\",\"name\":" + Json.quote(name) + ",\"region\":" + Json.quote(region)
                + ",\"version\":\"1.31.1-do.0\",\"status\":{\"state\":\"running\"},\"endpoint\":\"https://" + id + ".example\"}";
    }

    private void credentialsAnswer(String body) {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(okJson(body)));
    }

    private void oneCluster(String name, String region) {
        api.stubFor(get(urlPathEqualTo(LIST + "/" + CLUSTER)).willReturn(okJson("{\"kubernetes_cluster\":" + cluster(CLUSTER, name, region) + "}")));
        api.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("{\"kubernetes_clusters\":[" + cluster(CLUSTER, name, region)
                + "],\"links\":{\"pages\":{}},\"meta\":{\"total\":1}}")));
    }

    private boolean cacheHasEntries() throws Exception {
        Path cache = home.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
        }
    }

    // ---- the token goes only to the API's origin

    @ParameterizedTest
    @ValueSource(strings = {"@localhost:{other}/v2/kubernetes/clusters?page=2", "//localhost:{other}/v2/kubernetes/clusters?page=2",
        "http://localhost:{other}/v2/kubernetes/clusters?page=2", "https://localhost:{port}/v2/kubernetes/clusters?page=2",
        "http://127.0.0.1:{port}/v2/kubernetes/clusters?page=2", "http://localhost:{port}@localhost:{other}/v2/kubernetes/clusters",
        "http://localhost:{port}\\@localhost:{other}/v2", "/\\localhost:{other}/v2", "http://localhost%3a{other}/v2",
        "http://x:y@localhost:{port}/v2/kubernetes/clusters?page=2"})
    void aNextPageOffTheApiOriginIsRefused(String template) throws Exception {
        String next = template.replace("{other}", Integer.toString(elsewhere.getPort())).replace("{port}", Integer.toString(api.getPort()));
        api.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("{\"kubernetes_clusters\":[" + cluster(CLUSTER, "web", "fra1")
                + "],\"links\":{\"pages\":{\"next\":" + Json.quote(next) + "}}}")));
        fails(1, "links its next page to somewhere other than " + api.baseUrl() + "; refused", "clusters");
        fails(1, "links its next page to somewhere other than", "kubeconfig", "save", "--all");
        assertFalse(Files.exists(home.resolve(".kube/config")), "nothing written");
        // 127.0.0.1 is another host than localhost, though the same server: it must not have been asked either.
        assertEquals(2, api.findAll(getRequestedFor(urlPathEqualTo(LIST))).size());
    }

    @Test
    void aLoopOfNextLinksEnds() throws Exception {
        api.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("{\"kubernetes_clusters\":[],\"links\":{\"pages\":{\"next\":\""
                + api.baseUrl() + "/v2/kubernetes/clusters?page=1&per_page=200\"}}}")));
        fails(1, "links back to a page it already gave", "clusters");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse().withStatus(307)
                .withHeader("Location", elsewhere.baseUrl() + "/steal")));
        fails(1, "307 for cluster " + CLUSTER + " with a redirect to " + elsewhere.baseUrl() + ", which doks-auth does not follow",
                "credential", CLUSTER);
    }

    // ---- what goes into a kubeconfig or an ExecCredential is checked first

    @ParameterizedTest
    @ValueSource(strings = {"{'server':'http://x.example','certificate_authority_data':'{ca}'}",
        "{'server':'https://u:p@x.example','certificate_authority_data':'{ca}'}",
        "{'server':'https://x.example\\u001b[2J','certificate_authority_data':'{ca}'}",
        "{'server':'https:///nohost','certificate_authority_data':'{ca}'}",
        "{'server':'https://x.example','certificate_authority_data':'Zm9v'}",
        "{'server':'https://x.example','certificate_authority_data':'not base64!'}",
        "{'server':'https://x.example','certificate_authority_data':'{key}'}"})
    void aServerOrCaThatCannotGoIntoAKubeconfigIsRefusedAndNothingIsWritten(String fields) throws Exception {
        oneCluster("web", "fra1");
        String body = fields.replace('\'', '"').replace("{ca}", TestCertificates.base64(certificates.certificatePem()))
                .replace("{key}", TestCertificates.base64(certificates.privateKeyPem()));
        credentialsAnswer(body.substring(0, body.length() - 1) + ",\"token\":\"" + CLUSTER_TOKEN + "\",\"expires_at\":\"" + inAWeek() + "\"}");
        Path kubeconfig = home.resolve("kubeconfig");
        Launcher.Result result = fails(1, "the DigitalOcean API's credentials answer for cluster " + CLUSTER + " has a ",
                "kubeconfig", "save", CLUSTER, "--kubeconfig", kubeconfig.toString());
        assertTrue(result.stderr().contains("server") || result.stderr().contains("certificate_authority_data"), result.toString());
        assertFalse(Files.exists(kubeconfig), "nothing written");
        assertFalse(cacheHasEntries(), "nothing cached");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"token\":\"has space\"", "\"token\":\"esc\\u001b[31m\"", "\"token\":\"bidi\\u202e\"",
        "\"client_certificate_data\":\"{key}\",\"client_key_data\":\"{key}\"",
        "\"client_certificate_data\":\"{cert}\",\"client_key_data\":\"{cert}\""})
    void aCredentialThatCannotGoIntoAnExecCredentialIsRefused(String credential) throws Exception {
        credentialsAnswer("{\"server\":\"https://x.example\"," + credential.replace("{key}", TestCertificates.base64(certificates.privateKeyPem()))
                .replace("{cert}", TestCertificates.base64(certificates.certificatePem())) + ",\"expires_at\":\"" + inAWeek() + "\"}");
        Launcher.Result result = fails(1, "the DigitalOcean API's credentials answer for cluster " + CLUSTER, "credential", CLUSTER);
        assertTrue(result.stderr().contains("token") || result.stderr().contains("client_"), result.toString());
        assertFalse(cacheHasEntries(), "nothing cached");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2099-01-02T03:04:05.123456789012Z", "2099-01-02t03:04:05z", "2099-01-02T05:04:05.5+02:00",
        "2099-01-01T22:04:05.000000000000000001-05:00"})
    void anyRfc3339TimeIsRead(String expiresAt) throws Exception {
        credentialsAnswer("{\"server\":\"https://x.example\",\"token\":\"" + CLUSTER_TOKEN + "\",\"expires_at\":\"" + expiresAt + "\"}");
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode status = new ObjectMapper().readTree(result.stdout()).get("status");
        // expires 2099-01-02T03:04:05Z; served until five minutes (the margin) before
        assertEquals("2099-01-02T02:59:05Z", status.get("expirationTimestamp").asText(), result.toString());
    }

    @Test
    void aLargeTokenWorksEndToEndAndIsServedFromTheCache() throws Exception {
        String large = CLUSTER_TOKEN + "-" + "t".repeat(1 << 20);
        credentialsAnswer("{\"server\":\"https://x.example\",\"token\":\"" + large + "\",\"expires_at\":\"" + inAWeek() + "\"}");
        for (int run = 0; run < 2; run++) {
            Launcher.Result result = launcher.run("credential", CLUSTER);
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals(large, new ObjectMapper().readTree(result.stdout()).get("status").get("token").asText());
        }
        assertEquals(1, ApiStandIn.credentialRequests(api), "the second run was a cache hit");
    }

    // ---- malformed answers: a sentence, never "unexpected"

    @ParameterizedTest
    @ValueSource(strings = {"{\"token\":42,\"server\":\"https://x.example\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
        "{\"token\":\"t\",\"token\":\"u\",\"server\":\"https://x.example\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
        "{\"token\":null,\"server\":null,\"expires_at\":null}", "[{\"token\":\"t\"}]", "{\"expires_at\":[]}",
        "{\"token\":\"t\",\"server\":\"https://x.example\",\"expires_at\":\"2099-01-01T00:00:00Z\",\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"})
    void aMalformedCredentialsAnswerGivesASentence(String body) throws Exception {
        credentialsAnswer(body);
        fails(1, "the DigitalOcean API's", "credential", CLUSTER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"kubernetes_clusters\":{}}", "{\"kubernetes_clusters\":[null]}", "{\"kubernetes_clusters\":[{\"id\":[],\"name\":\"x\"}]}",
        "{\"kubernetes_clusters\":[],\"links\":{\"pages\":{\"next\":{}}}}", "{}"})
    void aMalformedListGivesASentence(String body) throws Exception {
        api.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(body)));
        fails(1, "the DigitalOcean API's answer for the cluster list", "clusters");
    }

    // ---- what reaches a terminal is sanitised

    @Test
    void clusterNamesWithEscapesReachNoTerminalRaw() throws Exception {
        String name = "evil\u001b]0;owned\u0007\u001b[2J\u202egnp.exe\u009b31m";
        String region = "fra1\r\n\u0085" + "x".repeat(500);
        oneCluster(name, region);
        Launcher.Result table = launcher.run("clusters");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.stdout().contains("evil?]0;owned??[2J?gnp.exe?31m"), table.stdout());
        assertFalse(table.stdout().codePoints().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c < 0xa0) || c == 0x202e), table.stdout());
        assertTrue(table.stdout().lines().allMatch(line -> line.length() < 400), "a very long value is cut");

        Launcher.Result json = launcher.run("clusters", "-o", "json");
        assertEquals(0, json.exitCode(), json.toString());
        assertFalse(json.stdout().codePoints().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c < 0xa0) || c == 0x202e), json.stdout());
        JsonNode listed = new ObjectMapper().readTree(json.stdout()).get(0);
        assertEquals(name, listed.get("name").asText(), "the JSON keeps the value, escaped");
        assertEquals(region, listed.get("region").asText());
    }

    @Test
    void errorMessagesAndRequestIdsFromTheApiArePrintable() throws Exception {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse().withStatus(422).withBody(
                "{\"id\":\"unprocessable\\u001b[2J\",\"message\":\"no \\u202e\\u009b31m" + "m".repeat(2000) + "\",\"request_id\":\"r\\u0007q\"}")));
        Launcher.Result result = fails(1, "422 unprocessable?[2J", "credential", CLUSTER);
        assertTrue(result.stderr().contains("request id r?q") && result.stderr().length() < 1000, result.toString());
    }

    // ---- issue 12: errors that point the right way

    @Test
    void unauthorizedNamesTheEnvironmentVariableAndSaysToUnsetIt() throws Exception {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse().withStatus(401)
                .withBody("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you\"}")));
        Launcher.Result result = fails(1, "the DigitalOcean token from DIGITALOCEAN_ACCESS_TOKEN is wrong or expired; "
                + "unset DIGITALOCEAN_ACCESS_TOKEN or set it to a valid token", "credential", CLUSTER);
        assertFalse(result.stderr().contains("doctl auth init"), result.toString());
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null).env("DIGITALOCEAN_TOKEN", DO_TOKEN);
        fails(1, "unset DIGITALOCEAN_TOKEN or set it to a valid token", "credential", CLUSTER);
    }

    @Test
    void unauthorizedNamesTheDoctlContextAndItsFile() throws Exception {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse().withStatus(401)
                .withBody("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you\"}")));
        Path config = Files.writeString(home.resolve("doctl.yaml"), "context: work\nauth-contexts:\n  work: dop_v1_a_doctl_context_token\n");
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null);
        fails(1, "the DigitalOcean token from context 'work' of " + config + " is wrong or expired; run 'doctl auth init --context work'",
                "credential", CLUSTER, "--doctl-config", config.toString());
    }

    @Test
    void notFoundSaysTheClusterIsNotInThisAccountAndWhoseTokenItWas() throws Exception {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse().withStatus(404)
                .withBody("{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}")));
        fails(1, "there is no cluster " + CLUSTER + " in this account (token from DIGITALOCEAN_ACCESS_TOKEN", "credential", CLUSTER);
    }

    @Test
    void anUnreachableApiSaysHowOftenAndHowLongItTried() throws Exception {
        int port = LocalServers.freePort();
        launcher.env("DIGITALOCEAN_API_URL", "http://127.0.0.1:" + port).env("DOKS_AUTH_TIMEOUT", "30");
        Launcher.Result result = fails(1, "could not connect to the DigitalOcean API at http://127.0.0.1:" + port + " after ",
                "credential", CLUSTER);
        assertTrue(result.stderr().strip().matches("doks-auth: could not connect to the DigitalOcean API at \\S+ after \\d+ tries "
                + "in \\d+\\.\\d s: connection refused\\."), "says how often and how long it tried: " + result);
        launcher.env("DIGITALOCEAN_API_URL", "https://doks-auth-test.invalid");
        fails(1, "could not connect to the DigitalOcean API at https://doks-auth-test.invalid after ", "credential", CLUSTER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{base}/v2", "{base}/v2/", "{base}//", "{base}/v2//"})
    void theApisOwnPathInTheUrlIsTheBase(String url) throws Exception {
        credentialsAnswer("{\"server\":\"https://x.example\",\"token\":\"" + CLUSTER_TOKEN + "\",\"expires_at\":\"" + inAWeek() + "\"}");
        Launcher.Result result = launcher.run("credential", CLUSTER, "--api-url", url.replace("{base}", api.baseUrl()));
        assertEquals(0, result.exitCode(), result.toString());
        api.verify(getRequestedFor(urlPathEqualTo(LIST + "/" + CLUSTER + "/credentials")));
        api.verify(0, getRequestedFor(urlPathMatching("/v2/v2/.*")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{base}/v1", "{base}/api/v2", "{base}/v2/kubernetes", "{base}/?x=1", "{base}/#top", "http://me:pw@localhost:1"})
    void anyOtherPathQueryFragmentOrUserInTheUrlIsRefused(String url) throws Exception {
        String value = url.replace("{base}", api.baseUrl());
        Launcher.Result result = fails(2, "--api-url must ", "credential", CLUSTER, "--api-url", value);
        assertFalse(result.stderr().contains("pw@"), result.toString());
        launcher.env("DIGITALOCEAN_API_URL", value);
        fails(2, "DIGITALOCEAN_API_URL must ", "clusters");
        assertEquals(0, api.findAll(anyRequestedFor(anyUrl())).size(), "refused before any request");
    }

    @Test
    void aDoctlConfigFileThatIsNotThereIsNamed() throws Exception {
        Path missing = home.resolve("no/such/config.yaml");
        fails(1, "--doctl-config names " + missing + ", which does not exist", "credential", CLUSTER, "--doctl-config", missing.toString());
        fails(1, "--doctl-config names " + home + ", which is a directory", "credential", CLUSTER, "--doctl-config", home.toString());
        assertEquals(0, api.findAll(anyRequestedFor(anyUrl())).size(), "refused before any request");
    }
}
