package dev.doksauth.api;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.TestCertificates;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every field of an API answer is hostile until checked (issue 13, section 2), at the level of the client. */
class HostileAnswersTest {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String CREDENTIALS = ApiStandIn.credentialsOf(CLUSTER);
    static final String LIST = ApiStandIn.LIST;
    static final String DO_TOKEN = "dop_v1_hostile_answers_secret";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();
    /** Somewhere else: another port of the same host is another origin. */
    @RegisterExtension
    static WireMockExtension elsewhere = ApiStandIn.server();

    static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        certificates = TestCertificates.makeRsa(dir, "hostile");
    }

    private static DigitalOceanClient client(DoToken token) {
        return new DigitalOceanClient(api.baseUrl(), token, Map.of(), Verbose.off());
    }

    private static DoToken token() {
        return new DoToken(DO_TOKEN, null, "DIGITALOCEAN_ACCESS_TOKEN");
    }

    private static DoksAuthException fails(java.util.function.Consumer<DigitalOceanClient> call) {
        try (DigitalOceanClient client = client(token())) {
            DoksAuthException e = assertThrows(DoksAuthException.class, () -> call.accept(client));
            assertEquals(DoksAuthException.FAILURE, e.exitCode());
            assertFalse(e.getMessage().contains(DO_TOKEN), e.getMessage());
            assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable: " + e.getMessage());
            return e;
        }
    }

    private static DoksAuthException credentialsFail(String body) {
        api.resetAll();
        api.stubFor(get(urlPathEqualTo(CREDENTIALS)).willReturn(okJson(body)));
        return fails(client -> client.access(CLUSTER, 0, Deadline.in(Duration.ofSeconds(5))));
    }

    private static ClusterAccess credentials(String body) {
        api.resetAll();
        api.stubFor(get(urlPathEqualTo(CREDENTIALS)).willReturn(okJson(body)));
        try (DigitalOceanClient client = client(token())) {
            return client.access(CLUSTER, 0, Deadline.in(Duration.ofSeconds(10)));
        }
    }

    static String inAWeek() {
        return Instant.now().plus(Duration.ofDays(7)).toString();
    }

    static String body(String server, String ca, String credential, String expiresAt) {
        return "{\"server\":" + server + ",\"certificate_authority_data\":" + ca + "," + credential
                + ",\"expires_at\":" + expiresAt + "}";
    }

    static String quoted(String text) {
        return dev.doksauth.json.Json.quote(text);
    }

    // ---- pagination: the token goes only to the API's origin

    private void listWithNext(String next) {
        api.resetAll();
        elsewhere.resetAll();
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("{\"kubernetes_clusters\":[],\"links\":{}}")));
        api.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("{\"kubernetes_clusters\":[],\"links\":{\"pages\":{\"next\":"
                + quoted(next) + "}}}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "@127.0.0.1:{other}/v2/kubernetes/clusters?page=2",
        "//127.0.0.1:{other}/v2/kubernetes/clusters?page=2",
        "http://127.0.0.1:{other}/v2/kubernetes/clusters?page=2",
        "http://127.0.0.1:{port}/v2/kubernetes/clusters?page=2",
        "https://localhost:{port}/v2/kubernetes/clusters?page=2",
        "http://user:pw@localhost:{port}/v2/kubernetes/clusters?page=2",
        "http://localhost:{port}@localhost:{other}/v2/kubernetes/clusters?page=2",
        "http://127.0.0.1:{port}@127.0.0.1:{other}/v2/kubernetes/clusters?page=2",
        "http://127.0.0.1:{port}\\@127.0.0.1:{other}/v2/kubernetes/clusters?page=2",
        "\\\\127.0.0.1:{other}/v2/kubernetes/clusters?page=2",
        "http:\\\\127.0.0.1:{other}/v2",
        "http://127.0.0.1%3a{other}/v2/kubernetes/clusters?page=2",
        "http://%31%32%37.0.0.1:{other}/v2/kubernetes/clusters",
        "http:127.0.0.1:{other}/v2",
        "javascript:alert(1)",
        " http://127.0.0.1:{other}/v2",
        "http://127.0.0.1:{other}/v2\u0000",
    })
    void aNextPageOffTheApiOriginIsRefusedAndGetsNoToken(String template) {
        listWithNext(template.replace("{other}", Integer.toString(elsewhere.getPort()))
                .replace("{port}", Integer.toString(api.getPort())));
        String message = fails(client -> client.clusters(Deadline.in(Duration.ofSeconds(5)))).getMessage();
        assertTrue(message.contains("next page") && message.contains("refused"), message);
        assertEquals(0, elsewhere.findAll(anyRequestedFor(anyUrl())).size(), "nothing reached another origin");
        api.verify(1, getRequestedFor(urlPathEqualTo(LIST)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{base}/v2/kubernetes/clusters?page=2&per_page=1", "/v2/kubernetes/clusters?page=2&per_page=1",
        "v2/kubernetes/clusters?page=2&per_page=1", "http://localhost:{port}/v2/kubernetes/clusters?page=2&per_page=1",
        "HTTP://LOCALHOST:{port}/v2/kubernetes/clusters?page=2&per_page=1", "//localhost:{port}/v2/kubernetes/clusters?page=2&per_page=1"})
    void aNextPageOnTheApiOriginIsFollowed(String template) {
        api.resetAll();
        String next = template.replace("{base}", api.baseUrl()).replace("{port}", Integer.toString(api.getPort()));
        api.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("page", equalTo("1")).willReturn(okJson("{\"kubernetes_clusters\":["
                + cluster("8d91899c-0739-4a1a-acc5-000000000001", "one") + "],\"links\":{\"pages\":{\"next\":" + quoted(next) + "}}}")));
        api.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("page", equalTo("2")).willReturn(okJson("{\"kubernetes_clusters\":["
                + cluster("8d91899c-0739-4a1a-acc5-000000000002", "two") + "],\"links\":{\"pages\":{}}}")));
        try (DigitalOceanClient client = client(token())) {
            assertEquals(List.of("one", "two"), client.clusters(Deadline.in(Duration.ofSeconds(5))).stream().map(Cluster::name).toList());
        }
        api.verify(getRequestedFor(urlPathEqualTo(LIST)).withHeader("Authorization", equalTo("Bearer " + DO_TOKEN)));
    }

    static String cluster(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":" + quoted(name) + ",\"region\":\"fra1\",\"status\":{\"state\":\"running\"}}";
    }

    @Test
    void aLoopOfNextLinksEnds() {
        listWithNext(api.baseUrl() + "/v2/kubernetes/clusters?page=1&per_page=200");
        String message = fails(client -> client.clusters(Deadline.in(Duration.ofSeconds(5)))).getMessage();
        assertTrue(message.contains("links back"), message);
        api.resetAll();
        // Every page links to a new one: the chain ends at the bound.
        api.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"kubernetes_clusters\":[],\"links\":{\"pages\":{\"next\":\"/v2/kubernetes/clusters?page={{randomValue length=12 type='NUMERIC'}}\"}}}")
                .withTransformers("response-template")));
        message = fails(client -> client.clusters(Deadline.in(Duration.ofSeconds(20)))).getMessage();
        assertTrue(message.contains("past " + ClustersResponse.MAX_PAGES + " pages"), message);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowed(int status) {
        api.resetAll();
        elsewhere.resetAll();
        api.stubFor(get(urlPathEqualTo(CREDENTIALS)).willReturn(aResponse().withStatus(status)
                .withHeader("Location", elsewhere.baseUrl() + CREDENTIALS)));
        String message = fails(client -> client.access(CLUSTER, 0, Deadline.in(Duration.ofSeconds(5)))).getMessage();
        assertTrue(message.contains(status + " for cluster " + CLUSTER + " with a redirect to " + elsewhere.baseUrl())
                && message.contains("does not follow"), message);
        assertEquals(0, elsewhere.findAll(anyRequestedFor(anyUrl())).size());
    }

    // ---- what goes into a kubeconfig or an ExecCredential

    @ParameterizedTest
    @ValueSource(strings = {"\"http://x.example\"", "\"x.example\"", "\"https://\"", "\"https:///path\"", "\"https://u:p@x.example\"",
        "\"https://x.example/ a\"", "\"https://x.example\\n\"", "\"https://x.example\\u001b[2J\"", "\"https://x.example?q=1\"",
        "\"https://x.example#f\"", "\"https://x.example:99999\"", "\"https://\u00e9.example\"", "\"\"", "null", "42",
        "[\"https://x.example\"]", "{\"url\":\"https://x.example\"}"})
    void aServerThatIsNotAnHttpsUrlWithAHostIsRefused(String server) {
        String message = credentialsFail(body(server, "\"\"", "\"token\":\"t0ken\"", quoted(inAWeek()))).getMessage();
        assertTrue(message.contains("server"), message);
    }

    @Test
    void certificateAuthorityDataMustBeBase64OfCertificates() {
        String goodServer = "\"https://x.example\"";
        for (String ca : List.of("\"Zm9v\"", "\"%%%\"", quoted(TestCertificates.base64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")),
                quoted(TestCertificates.base64(certificates.privateKeyPem())), quoted(TestCertificates.base64(certificates.certificatePem() + "junk")),
                quoted(TestCertificates.base64(certificates.certificatePem().replace("-----END CERTIFICATE-----", ""))), "42", "[]")) {
            String message = credentialsFail(body(goodServer, ca, "\"token\":\"t0ken\"", quoted(inAWeek()))).getMessage();
            assertTrue(message.contains("certificate_authority_data"), ca + ": " + message);
        }
        String two = TestCertificates.base64(certificates.certificatePem() + certificates.certificatePem());
        assertEquals(two, credentials(body(goodServer, quoted(two), "\"token\":\"t0ken\"", quoted(inAWeek()))).certificateAuthorityData());
    }

    @Test
    void clientCertificatesAndKeysMustParse() {
        String cert = quoted(TestCertificates.base64(certificates.certificatePem()));
        String key = quoted(TestCertificates.base64(certificates.privateKeyPem()));
        ClusterAccess access = credentials(body("\"https://x.example\"", "\"\"", "\"client_certificate_data\":" + cert
                + ",\"client_key_data\":" + key, quoted(inAWeek())));
        assertEquals(certificates.privateKeyPem(), access.credential().clientKeyPem());
        String brokenKey = quoted(TestCertificates.base64("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n"));
        assertTrue(credentialsFail(body("\"https://x.example\"", "\"\"", "\"client_certificate_data\":" + cert
                + ",\"client_key_data\":" + brokenKey, quoted(inAWeek()))).getMessage().contains("client_key_data"));
        assertTrue(credentialsFail(body("\"https://x.example\"", "\"\"", "\"client_certificate_data\":" + key
                + ",\"client_key_data\":" + key, quoted(inAWeek()))).getMessage().contains("client_certificate_data"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a\\tb", "a\\u001b[31m", "caf\u00e9", "a\\nb", "\u202etoken"})
    void aTokenWithCharactersNoTokenHasIsRefused(String token) {
        String message = credentialsFail(body("\"https://x.example\"", "\"\"", "\"token\":\"" + token + "\"", quoted(inAWeek()))).getMessage();
        assertTrue(message.contains("token"), message);
    }

    @Test
    void aLargeTokenWorksAndAnOverlongOneIsRefused() {
        String large = "t".repeat(1 << 20);
        assertEquals(large, credentials(body("\"https://x.example\"", "\"\"", "\"token\":\"" + large + "\"", quoted(inAWeek())))
                .credential().token());
        String message = credentialsFail(body("\"https://x.example\"", "\"\"", "\"token\":\""
                + "t".repeat(dev.doksauth.credential.Credential.MAX_TOKEN_LENGTH + 1) + "\"", quoted(inAWeek()))).getMessage();
        assertTrue(message.contains("longer than"), message);
    }

    @Test
    void anyRfc3339TimeIsRead() {
        for (String time : List.of("2099-01-02T03:04:05Z", "2099-01-02t03:04:05z", "2099-01-02T03:04:05.1Z",
                "2099-01-02T03:04:05.123456789012Z", "2099-01-02T05:04:05+02:00", "2099-01-01T22:04:05-05:00",
                "2099-01-02T03:04:05.000000000000000000001-00:00")) {
            long expected = Instant.parse("2099-01-02T03:04:05Z").getEpochSecond();
            assertEquals(expected, credentials(body("\"https://x.example\"", "\"\"", "\"token\":\"t0ken\"", quoted(time)))
                    .credential().expiresAt(), time);
        }
    }

    // ---- malformed answers: a sentence naming what was wrong

    @ParameterizedTest
    @ValueSource(strings = {"{\"token\":42,\"server\":\"https://x\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
        "{\"token\":\"t\",\"server\":\"https://x\",\"expires_at\":2099}",
        "{\"token\":[\"t\"],\"server\":\"https://x\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
        "{\"token\":{},\"server\":\"https://x\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
        "{\"token\":\"t\",\"server\":\"https://x\",\"expires_at\":null}",
        "{\"token\":\"t\",\"token\":\"u\",\"server\":\"https://x\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
        "{\"token\":\"t\",\"server\":\"https://x\",\"expires_at\":\"2099-01-01T00:00:00Z\",\"n\":1"
            + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000}",
        "[]", "null", "\"text\"", "42", "{}", "{\"token\":\"t\"}"})
    void aMalformedCredentialsAnswerGivesASentence(String body) {
        String message = credentialsFail(body).getMessage();
        assertTrue(message.startsWith("the DigitalOcean API's"), message);
    }

    @Test
    void hugeNumbersWhereNoneIsReadAreHarmless() {
        String expires = quoted(inAWeek());
        assertEquals("t0ken", credentials("{\"token\":\"t0ken\",\"server\":\"https://x\",\"expires_at\":" + expires
                + ",\"a\":1e99999999999,\"b\":123456789012345678901234567890,\"c\":-0.0000000000000000000001}").credential().token());
    }

    @Test
    void deepNestingAndNonUtf8AreRefusedWithASentence() {
        String message = credentialsFail("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getMessage();
        assertTrue(message.contains("nested too deep"), message);
        api.resetAll();
        api.stubFor(get(urlPathEqualTo(CREDENTIALS)).willReturn(aResponse().withStatus(200)
                .withBody(new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'})));
        message = fails(client -> client.access(CLUSTER, 0, Deadline.in(Duration.ofSeconds(5)))).getMessage();
        assertTrue(message.contains("not UTF-8"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"kubernetes_clusters\":{}}", "{\"kubernetes_clusters\":[42]}", "{\"kubernetes_clusters\":null}",
        "{\"kubernetes_clusters\":[{\"id\":7,\"name\":\"x\"}]}", "{\"kubernetes_clusters\":[{\"id\":\"8d91899c-0739-4a1a-acc5-000000000001\",\"name\":[]}]}",
        "{\"kubernetes_clusters\":[{\"id\":\"8d91899c-0739-4a1a-acc5-000000000001\",\"name\":\"x\",\"status\":\"running\"}]}",
        "{\"kubernetes_clusters\":[],\"links\":[]}", "{\"kubernetes_clusters\":[],\"links\":{\"pages\":{\"next\":5}}}"})
    void aMalformedListGivesASentence(String body) {
        api.resetAll();
        api.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(body)));
        String message = fails(client -> client.clusters(Deadline.in(Duration.ofSeconds(5)))).getMessage();
        assertTrue(message.startsWith("the DigitalOcean API's answer for the cluster list"), message);
    }

    // ---- errors: printable, with the hint that fits the token's source

    @Test
    void anErrorAnswerReachesTheTerminalPrintable() {
        api.resetAll();
        api.stubFor(get(urlPathEqualTo(CREDENTIALS)).willReturn(aResponse().withStatus(400)
                .withBody("{\"id\":\"bad\\u001b[2Jrequest\",\"message\":\"evil \\u202e\\u009b31m " + "x".repeat(5000)
                        + "\",\"request_id\":\"r\\u001b]0;x\\u0007\"}")));
        String message = fails(client -> client.access(CLUSTER, 0, Deadline.in(Duration.ofSeconds(5)))).getMessage();
        assertTrue(message.contains("400 bad?[2Jrequest") && message.length() < 800, message);
    }

    @Test
    void unauthorizedNamesTheTokensSourceAndTheRemedyThatFitsIt() {
        api.resetAll();
        api.stubFor(get(urlPathEqualTo(CREDENTIALS)).willReturn(aResponse().withStatus(401)
                .withBody("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you\"}")));
        Map<DoToken, String> expected = Map.of(
                new DoToken(DO_TOKEN, null, "DIGITALOCEAN_ACCESS_TOKEN"), "token from DIGITALOCEAN_ACCESS_TOKEN is wrong or expired; "
                        + "unset DIGITALOCEAN_ACCESS_TOKEN or set it to a valid token",
                new DoToken(DO_TOKEN, null, "DIGITALOCEAN_TOKEN"), "unset DIGITALOCEAN_TOKEN or set it to a valid token",
                new DoToken(DO_TOKEN, "work", "context 'work' of /h/config.yaml"),
                        "token from context 'work' of /h/config.yaml is wrong or expired; run 'doctl auth init --context work'",
                new DoToken(DO_TOKEN, "default", "the default context of /h/config.yaml"), "run 'doctl auth init'");
        expected.forEach((token, phrase) -> {
            try (DigitalOceanClient client = client(token)) {
                String message = assertThrows(DoksAuthException.class,
                        () -> client.access(CLUSTER, 0, Deadline.in(Duration.ofSeconds(5)))).getMessage();
                assertTrue(message.contains(phrase), message);
                assertFalse(token.doctlContext() == null && message.contains("doctl auth init"), message);
            }
        });
    }
}
