package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;


import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DigitalOcean API misbehaving in every way we know of, seen through the launcher as kubectl runs it. */
class ApiFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String DO_TOKEN = "dop_v1_fault_suite_secret";
    static final String CLUSTER_TOKEN = "doks_fault_suite_cluster_secret";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    Launcher launcher;

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneIn(home, DO_TOKEN, CLUSTER_TOKEN);
    }

    @BeforeEach
    void setUp() {
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN).env("DOKS_AUTH_TIMEOUT", "6");
    }

    static String credentials(String expiresAt) {
        return "{\"server\":\"https://x\",\"token\":\"" + CLUSTER_TOKEN + "\"" + (expiresAt == null ? "" : ",\"expires_at\":\"" + expiresAt + "\"") + "}";
    }

    static String inAWeek() {
        return Instant.now().plus(Duration.ofDays(7)).toString();
    }

    private void always(ResponseDefinitionBuilder response) {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(response));
    }

    /** First {@code failures} answers are {@code failure}, then a credential. */
    private void failingThenOk(int failures, ResponseDefinitionBuilder failure) {
        for (int i = 0; i < failures; i++) {
            api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).inScenario("s").whenScenarioStateIs(i == 0 ? STARTED : "f" + i)
                    .willSetStateTo("f" + (i + 1)).willReturn(failure));
        }
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).inScenario("s").whenScenarioStateIs("f" + failures)
                .willReturn(okJson(credentials(inAWeek()))));
    }

    /** A failure: exit 1, nothing on stdout, one sentence on stderr with {@code expected}, no secret, few requests. */
    private void fails(String expected, int maxRequests) throws Exception {
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals("", result.stdout(), result.toString());
        assertEquals(1, result.stderr().lines().count(), result.toString());
        assertTrue(result.stderr().startsWith("doks-auth: ") && result.stderr().contains(expected), result.toString());
        assertFalse(result.stderr().contains("Exception") || result.stderr().contains(DO_TOKEN)
                || result.stderr().contains(CLUSTER_TOKEN), result.toString());
        int requests = ApiStandIn.credentialRequests(api);
        assertTrue(requests >= 1 && requests <= maxRequests, requests + " requests: " + result);
    }

    private void succeeds(int requests) throws Exception {
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains(CLUSTER_TOKEN), result.toString());
        assertEquals(requests, ApiStandIn.credentialRequests(api));
    }

    @Test
    void rateLimitedWithRetryAfterThenServed() throws Exception {
        failingThenOk(1, aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"id\":\"too_many_requests\",\"message\":\"API Rate limit exceeded.\"}"));
        succeeds(2);
    }

    @Test
    void rateLimitedWithRatelimitResetThenServed() throws Exception {
        failingThenOk(1, aResponse().withStatus(429).withHeader("ratelimit-remaining", "0")
                .withHeader("ratelimit-reset", Long.toString(Instant.now().getEpochSecond() + 1)));
        succeeds(2);
    }

    @Test
    void rateLimitedLongerThanTheBudgetFailsAtOnce() throws Exception {
        always(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                .withBody("{\"id\":\"too_many_requests\",\"message\":\"API Rate limit exceeded.\"}"));
        fails("429 too_many_requests", 1);
    }

    @Test
    void aBurstOfServerErrorsThenServed() throws Exception {
        failingThenOk(3, aResponse().withStatus(503).withBody("{\"id\":\"service_unavailable\",\"message\":\"down\"}"));
        succeeds(4);
    }

    @Test
    void serverErrorsThatDoNotEndStopWithinTheBudget() throws Exception {
        always(aResponse().withStatus(500).withBody("{\"id\":\"server_error\",\"message\":\"Unexpected server-side error\"}"));
        fails("500 server_error", 6);
    }

    @Test
    void notImplementedIsNotRetried() throws Exception {
        always(aResponse().withStatus(501).withBody("{\"id\":\"not_implemented\",\"message\":\"no\"}"));
        fails("501", 1);
    }

    @Test
    void connectionRefused() throws Exception {
        int port = LocalServers.freePort();
        launcher.env("DIGITALOCEAN_API_URL", "http://127.0.0.1:" + port).env("DOKS_AUTH_TIMEOUT", "3");
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("could not connect") && result.stderr().contains("connection refused")
                && result.stderr().lines().count() == 1, result.toString());
    }

    @Test
    void connectionResetMidBody() throws Exception {
        always(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        fails("cannot reach the DigitalOcean API", 6);
    }

    @Test
    void anAnswerThatNeverComesEndsWithTheBudget() throws Exception {
        always(okJson(credentials(inAWeek())).withFixedDelay(60_000));
        launcher.env("DOKS_AUTH_TIMEOUT", "2");
        fails("no answer from the DigitalOcean API", 1);
    }

    @Test
    void anHtmlErrorPage() throws Exception {
        always(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1></body></html>"));
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertFalse(result.stderr().contains("<"), result.toString());
        assertTrue(result.stderr().contains("502"));
    }

    @Test
    void truncatedHugeAndNonUtf8Bodies() throws Exception {
        always(okJson(credentials(inAWeek()).substring(0, 30)));
        fails("not JSON", 1);
        api.resetAll();
        always(okJson("{\"token\":\"" + "x".repeat(10 << 20) + "\"}"));
        fails("larger than 4 MiB", 1);
        api.resetAll();
        always(aResponse().withStatus(200).withBody(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 0x7b}));
        fails("not UTF-8 text", 1);
    }

    @Test
    void credentialsThatCannotBeUsed() throws Exception {
        always(okJson(credentials("2001-01-01T00:00:00Z")));
        fails("already expired", 1);
        api.resetAll();
        always(okJson(credentials(null)));
        fails("no expires_at", 1);
        api.resetAll();
        always(okJson(credentials("soon")));
        fails("not an RFC 3339 time", 1);
        api.resetAll();
        always(okJson("{\"server\":\"https://x\",\"client_certificate_data\":\"" + TestCertificates.base64("-----BEGIN CERTIFICATE-----\nbroken")
                + "\",\"client_key_data\":\"" + TestCertificates.base64("not a key") + "\",\"expires_at\":\"" + inAWeek() + "\"}"));
        fails("not PEM", 1);
        api.resetAll();
        always(okJson("{\"server\":\"https://x\",\"client_certificate_data\":\"%%%\",\"client_key_data\":\"x\",\"expires_at\":\"" + inAWeek() + "\"}"));
        fails("not base64", 1);
    }

}
