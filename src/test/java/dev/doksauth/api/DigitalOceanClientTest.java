package dev.doksauth.api;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.testing.TestCertificates;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.LocalServers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitalOceanClientTest {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String PATH = ApiStandIn.credentialsOf(CLUSTER);
    static final String DO_TOKEN = "dop_v1_secret_do_token";
    static final String CLUSTER_TOKEN = "doks_secret_cluster_token";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    private final ByteArrayOutputStream verboseLines = new ByteArrayOutputStream();

    private DigitalOceanClient client() {
        return new DigitalOceanClient(api.baseUrl(), new DoToken(DO_TOKEN, "default", "test"), Map.of(),
                Verbose.to(new PrintStream(verboseLines, true, StandardCharsets.UTF_8)));
    }

    private Credential fetch(Duration budget) {
        try (DigitalOceanClient client = client()) {
            return client.credentials(CLUSTER, 0, Deadline.in(budget));
        }
    }

    private DoksAuthException failure(Duration budget) {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> fetch(budget));
        assertEquals(DoksAuthException.FAILURE, e.exitCode());
        assertFalse(e.getMessage().contains(DO_TOKEN) || e.getMessage().contains(CLUSTER_TOKEN), e.getMessage());
        assertFalse(verboseLines.toString().contains(DO_TOKEN) || verboseLines.toString().contains(CLUSTER_TOKEN));
        return e;
    }

    static String tokenBody(String expiresAt) {
        return "{\"server\":\"https://x.k8s.ondigitalocean.com\",\"certificate_authority_data\":\"\",\"token\":\""
                + CLUSTER_TOKEN + "\",\"expires_at\":\"" + expiresAt + "\"}";
    }

    static String inAWeek() {
        return Instant.now().plus(Duration.ofDays(7)).toString();
    }

    private void answer(ResponseDefinitionBuilder response) {
        api.stubFor(get(urlPathEqualTo(PATH)).willReturn(response));
    }

    @Test
    void aTokenCluster() {
        answer(okJson(tokenBody("2099-11-09T11:50:28.889080521Z")));
        Credential credential = fetch(Duration.ofSeconds(5));
        assertEquals(CLUSTER_TOKEN, credential.token());
        assertEquals(Instant.parse("2099-11-09T11:50:28Z").getEpochSecond(), credential.expiresAt());
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + DO_TOKEN))
                .withHeader("Accept", equalTo("application/json")));
        assertFalse(verboseLines.toString().contains(DO_TOKEN), "verbose lines redact the token");
    }

    @Test
    void expirySecondsIsPassedOnOnlyWhenPositive() {
        answer(okJson(tokenBody(inAWeek())));
        try (DigitalOceanClient client = client()) {
            client.credentials(CLUSTER, 3600, Deadline.in(Duration.ofSeconds(5)));
            client.credentials(CLUSTER, 0, Deadline.in(Duration.ofSeconds(5)));
        }
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("expiry_seconds", equalTo("3600")));
        api.verify(1, getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(PATH)));
    }

    @Test
    void aCertificateClusterGetsPem(@TempDir Path dir) throws Exception {
        TestCertificates client = TestCertificates.makeRsa(dir, "admin");
        String cert = client.certificatePem();
        String key = client.privateKeyPem();
        answer(okJson("{\"server\":\"https://x\",\"client_certificate_data\":\"" + b64(cert) + "\",\"client_key_data\":\""
                + b64(key) + "\",\"expires_at\":\"" + inAWeek() + "\"}"));
        Credential credential = fetch(Duration.ofSeconds(5));
        assertEquals(cert, credential.clientCertificatePem());
        assertEquals(key, credential.clientKeyPem());
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unauthorizedSaysStatusIdMessageRequestIdAndHintWithoutRetrying() {
        answer(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you.\",\"request_id\":\"req-123\"}"));
        String message = failure(Duration.ofSeconds(5)).getMessage();
        assertTrue(message.contains("401") && message.contains("unauthorized") && message.contains("Unable to authenticate you.")
                && message.contains("req-123") && message.contains("wrong or expired"), message);
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void forbiddenAndNotFoundAreNotRetried() {
        answer(aResponse().withStatus(403).withBody("{\"id\":\"forbidden\",\"message\":\"You do not have access\"}"));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("403 forbidden"));
        api.resetAll();
        answer(aResponse().withStatus(404).withHeader("x-request-id", "hdr-9")
                .withBody("{\"id\":\"not_found\",\"message\":\"The resource you were accessing could not be found.\"}"));
        String message = failure(Duration.ofSeconds(5)).getMessage();
        assertTrue(message.contains("404 not_found") && message.contains("hdr-9")
                && message.contains("no cluster " + CLUSTER + " in this account (token from test"), message);
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() {
        api.stubFor(get(urlPathEqualTo(PATH)).inScenario("rate").whenScenarioStateIs(STARTED).willSetStateTo("reset")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"id\":\"too_many_requests\",\"message\":\"API Rate limit exceeded.\"}")));
        api.stubFor(get(urlPathEqualTo(PATH)).inScenario("rate").whenScenarioStateIs("reset")
                .willReturn(okJson(tokenBody(inAWeek()))));
        long start = System.nanoTime();
        assertEquals(CLUSTER_TOKEN, fetch(Duration.ofSeconds(10)).token());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(950).toNanos(), "waited as asked");
        api.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aRateLimitThatResetsAfterTheBudgetFailsAtOnce() {
        answer(aResponse().withStatus(429).withHeader("ratelimit-remaining", "0")
                .withHeader("ratelimit-reset", Long.toString(Instant.now().getEpochSecond() + 3600))
                .withBody("{\"id\":\"too_many_requests\",\"message\":\"API Rate limit exceeded.\"}"));
        long start = System.nanoTime();
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("429"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "did not sit out a wait it cannot finish");
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aServerErrorIsRetried() {
        api.stubFor(get(urlPathEqualTo(PATH)).inScenario("5xx").whenScenarioStateIs(STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(500).withBody("{\"id\":\"server_error\",\"message\":\"Unexpected server-side error\"}")));
        api.stubFor(get(urlPathEqualTo(PATH)).inScenario("5xx").whenScenarioStateIs("up").willReturn(okJson(tokenBody(inAWeek()))));
        assertEquals(CLUSTER_TOKEN, fetch(Duration.ofSeconds(10)).token());
        api.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aProxysHtmlPageGivesTheStatusAndRetriesAreBounded() {
        answer(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html><body>Bad Gateway</body></html>"));
        String message = failure(Duration.ofSeconds(4)).getMessage();
        assertTrue(message.contains("502") && !message.contains("<html>"), message);
        int requests = api.findAll(getRequestedFor(urlPathEqualTo(PATH))).size();
        assertTrue(requests >= 2 && requests <= 6, requests + " requests");
    }

    @Test
    void notImplementedIsNotRetried() {
        answer(aResponse().withStatus(501).withBody("{\"id\":\"not_implemented\",\"message\":\"no\"}"));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("501"));
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void answersThatAreNotACredential() {
        answer(okJson("{\"token\": \"x\", "));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("not JSON"));
        answer(okJson("{\"server\":\"https://x\",\"expires_at\":\"" + inAWeek() + "\"}"));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("neither a token nor a client certificate"));
        answer(okJson("{\"server\":\"https://x\",\"token\":\"" + CLUSTER_TOKEN + "\"}"));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("no expires_at"));
        answer(okJson(tokenBody("2001-01-01T00:00:00Z")));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("already expired"));
        answer(okJson(tokenBody("next tuesday")));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("not an RFC 3339 time"));
        answer(okJson("{\"server\":\"https://x\",\"client_certificate_data\":\"" + b64("not pem") + "\",\"client_key_data\":\"" + b64("x")
                + "\",\"expires_at\":\"" + inAWeek() + "\"}"));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("not PEM"));
        answer(okJson("[]"));
        assertTrue(failure(Duration.ofSeconds(5)).getMessage().contains("not a JSON object"));
    }

    @Test
    void aHugeAnswerIsCutOff() {
        answer(okJson("{\"token\":\"" + "x".repeat(5 << 20) + "\"}"));
        assertTrue(failure(Duration.ofSeconds(10)).getMessage().contains("larger than 4 MiB"));
    }

    @Test
    void anAnswerSlowerThanTheBudgetEndsTheCommandInTime() {
        answer(okJson(tokenBody(inAWeek())).withFixedDelay(5000));
        long start = System.nanoTime();
        String message = failure(Duration.ofSeconds(1)).getMessage();
        assertTrue(message.contains("no answer") && message.contains("within the 1 s budget") && message.contains("DOKS_AUTH_TIMEOUT"), message);
        assertTrue(System.nanoTime() - start < Duration.ofMillis(2500).toNanos());
    }

    @Test
    void aConnectionResetIsRetried() {
        api.stubFor(get(urlPathEqualTo(PATH)).inScenario("reset").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        api.stubFor(get(urlPathEqualTo(PATH)).inScenario("reset").whenScenarioStateIs("ok").willReturn(okJson(tokenBody(inAWeek()))));
        assertEquals(CLUSTER_TOKEN, fetch(Duration.ofSeconds(10)).token());
    }

    @Test
    void nobodyListeningSaysSoWithinTheBudget() throws Exception {
        int port = LocalServers.freePort();
        DoksAuthException e;
        try (DigitalOceanClient client = new DigitalOceanClient("http://127.0.0.1:" + port, new DoToken(DO_TOKEN, "d", "t"),
                Map.of(), Verbose.off())) {
            e = assertThrows(DoksAuthException.class, () -> client.credentials(CLUSTER, 0, Deadline.in(Duration.ofSeconds(2))));
        }
        assertTrue(e.getMessage().matches("could not connect to the DigitalOcean API at http://127\\.0\\.0\\.1:\\d+ after "
                + "\\d+ tries in \\d+\\.\\d s: connection refused"), e.getMessage());
    }

    @Test
    void aProxyThatCannotBeReachedIsNamed() throws Exception {
        int port = LocalServers.freePort();
        DoksAuthException e;
        try (DigitalOceanClient client = new DigitalOceanClient("https://api.example", new DoToken(DO_TOKEN, "d", "t"),
                Map.of("HTTPS_PROXY", "http://127.0.0.1:" + port), Verbose.off())) {
            e = assertThrows(DoksAuthException.class, () -> client.credentials(CLUSTER, 0, Deadline.in(Duration.ofSeconds(5))));
        }
        assertTrue(e.getMessage().startsWith("could not connect to the DigitalOcean API at https://api.example through the proxy "
                + "127.0.0.1:" + port + " after "), e.getMessage());
    }
}
