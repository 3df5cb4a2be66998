package dev.doksauth.sso;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jwt.SignedJWT;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device authorization grant (RFC 8628), chosen where no browser can open; mock-oauth2-server has no device
 * endpoint, so WireMock plays the provider here.
 */
class DeviceGrantTest {

    static final String CLIENT = "cluster-app";
    static final String DEVICE_GRANT = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code";

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance().build();

    @TempDir
    Path dir;

    StandInProvider provider;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        provider = new StandInProvider(wireMock).publish();
        env.put("PATH", System.getenv("PATH")); // no DISPLAY, no BROWSER: no browser can open
        wireMock.stubFor(post(urlPathEqualTo("/device")).willReturn(okJson("{\"device_code\":\"device-code-1\","
                + "\"user_code\":\"WDJB-MJHT\",\"verification_uri\":\"" + provider.issuer() + "/activate\","
                + "\"expires_in\":600,\"interval\":1}")));
    }

    SsoSignIn engine(String grant) {
        return new SsoSignIn(new SsoOptions(provider.issuer(), CLIENT, 8080, grant, 30, false),
                new SsoContext(env, new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream(),
                        false, Verbose.off(), dir, "my-cluster"), "sso-test");
    }

    /** The token endpoint says "pending" once, then gives {@code idToken}. */
    void userApprovesAfterOnePoll(String idToken) {
        wireMock.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing(DEVICE_GRANT))
                .inScenario("device").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"authorization_pending\"}"))
                .willSetStateTo("approved"));
        wireMock.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing(DEVICE_GRANT))
                .inScenario("device").whenScenarioStateIs("approved")
                .willReturn(okJson("{\"access_token\":\"access-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"refresh-1\",\"id_token\":\"" + idToken + "\"}")));
    }

    @Test
    void autoChoosesTheDeviceGrantWithoutABrowserAndPollsUntilApproved() throws Exception {
        String idToken = provider.sign(provider.claims(CLIENT).build());
        userApprovesAfterOnePoll(idToken);

        CacheEntry result = engine("auto").obtain(null, Deadline.in(Duration.ofSeconds(30)));

        assertEquals(idToken, result.credential().token());
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains(provider.issuer() + "/activate") && said.contains("WDJB-MJHT"), said);
        wireMock.verify(2, postRequestedFor(urlPathEqualTo("/token")));
        assertEquals("refresh-1", SsoState.parse(result.state()).refreshToken());
        assertTrue(SsoState.parse(result.state()).scopes().contains("offline_access"), "the provider advertises it");
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedAndNothingIsReturned() throws Exception {
        userApprovesAfterOnePoll(provider.sign(provider.claims("another-app").build()));
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> engine("device").obtain(null, Deadline.in(Duration.ofSeconds(30))));
        assertTrue(e.getMessage().contains("(aud)") && e.getMessage().contains("nothing was cached"), e.getMessage());
        assertFalse(e.getMessage().contains("eyJ"), "no token in the message");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        userApprovesAfterOnePoll(provider.sign(provider.claims(CLIENT)
                .expirationTime(new java.util.Date(System.currentTimeMillis() - 3_600_000)).build()));
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> engine("device").obtain(null, Deadline.in(Duration.ofSeconds(30))));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\"expires_in\":0", "\"expires_in\":-5",
            "\"expires_in\":18446744073709551616", "\"expires_in\":9223372036854775807", "\"expires_in\":1e400",
            "\"expires_in\":600,\"interval\":-1",
            "\"expires_in\":600,\"interval\":9223372036854775807", "\"expires_in\":600,\"interval\":18446744073709551616",
            "\"expires_in\":600,\"interval\":86400", "\"expires_in\":\"soon\"", "\"expires_in\":true",
            "\"expires_in\":86401", "\"interval\":5"})
    void deviceNumbersOutOfRangeEndInOneSentence(String numbers) {
        wireMock.stubFor(post(urlPathEqualTo("/device")).willReturn(okJson("{\"device_code\":\"device-code-1\","
                + "\"user_code\":\"WDJB-MJHT\",\"verification_uri\":\"" + provider.issuer() + "/activate\"," + numbers + "}")));
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> engine("device").obtain(null, Deadline.in(Duration.ofSeconds(5))), numbers);
        assertTrue(e.getMessage().contains("answered the device authorization request with"), numbers + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("internal"), e.getMessage());
        assertEquals(DoksAuthException.FAILURE, e.exitCode());
        wireMock.verify(0, postRequestedFor(urlPathEqualTo("/token")));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "18446744073709551616", "9223372036854775807",
            "1e400", "\"soon\""})
    void tokenLifetimesOutOfRangeEndInOneSentence(String expiresIn) throws Exception {
        String idToken = provider.sign(provider.claims(CLIENT).build());
        wireMock.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing(DEVICE_GRANT))
                .willReturn(okJson("{\"access_token\":\"access-1\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                        + ",\"id_token\":\"" + idToken + "\"}")));
        try {
            CacheEntry result = engine("device").obtain(null, Deadline.in(Duration.ofSeconds(10)));
            assertEquals(idToken, result.credential().token(), "the ID token's exp decides, not the access token's");
        } catch (DoksAuthException e) {
            assertTrue(e.getMessage().contains("is not OAuth 2.0's token answer"), e.getMessage());
        }
    }

    @Test
    void aDeniedDeviceSignInIsOneSentence() {
        wireMock.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"access_denied\"}")));
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> engine("device").obtain(null, Deadline.in(Duration.ofSeconds(30))));
        assertTrue(e.getMessage().contains("access_denied") && e.getMessage().contains("doks-auth sso login my-cluster"),
                e.getMessage());
    }

    @Test
    void aRefreshedAnswerWithoutAnIdTokenMeansSigningInAgain() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson("{\"access_token\":\"access-2\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        String idToken = provider.sign(provider.claims(CLIENT).build());
        userApprovesAfterOnePoll(idToken);
        CacheEntry previous = new CacheEntry(Credential.ofToken("stale", 0, 1),
                new SsoState(provider.discovery(), provider.keys(), "refresh-0", List.of("openid"), null).toJson());

        CacheEntry result = engine("auto").obtain(previous, Deadline.in(Duration.ofSeconds(30)));

        assertEquals(idToken, result.credential().token());
        wireMock.verify(1, postRequestedFor(urlPathEqualTo("/device")));
    }

    @Test
    void aRefreshUsesTheRememberedProviderWithoutDiscovery() throws Exception {
        String refreshed = provider.sign(provider.claims(CLIENT).build());
        wireMock.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson("{\"access_token\":\"access-2\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"id_token\":\"" + refreshed + "\"}")));
        String stale = provider.sign(provider.claims(CLIENT).expirationTime(new java.util.Date(1000)).build());
        CacheEntry previous = new CacheEntry(Credential.ofToken(stale, 0, 1),
                new SsoState(provider.discovery(), provider.keys(), "refresh-0", List.of("openid"), "n0").toJson());

        CacheEntry result = engine("auto").obtain(previous, Deadline.in(Duration.ofSeconds(30)));

        assertEquals(refreshed, result.credential().token());
        assertEquals("refresh-0", SsoState.parse(result.state()).refreshToken(), "kept when no new one is given");
        wireMock.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/.well-known/openid-configuration")));
        assertEquals(SignedJWT.parse(refreshed).getJWTClaimsSet().getExpirationTime().getTime() / 1000,
                result.credential().expiresAt());
    }

    @Test
    void theRefreshTokenIsRevokedAtTheProvider() {
        wireMock.stubFor(post(urlPathEqualTo("/revoke")).willReturn(aResponse().withStatus(200)));
        CacheEntry entry = new CacheEntry(Credential.ofToken("id", 0, 1),
                new SsoState(provider.discovery(), provider.keys(), "refresh-9", List.of("openid"), null).toJson());
        assertTrue(TokenEndpoint.revoke(new SsoOptions(provider.issuer(), CLIENT, 8080, "auto", 30, false),
                new SsoContext(env, new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream(),
                        false, Verbose.off(), dir, "my-cluster"), entry));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo("/revoke")).withRequestBody(containing("token=refresh-9")));
    }

    @Test
    void slowDownIsHeededAndThePollingGoesOn() throws Exception {
        String idToken = provider.sign(provider.claims(CLIENT).build());
        wireMock.stubFor(post(urlPathEqualTo("/token")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"slow_down\"}"))
                .willSetStateTo("approved"));
        wireMock.stubFor(post(urlPathEqualTo("/token")).inScenario("slow").whenScenarioStateIs("approved")
                .willReturn(okJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken + "\"}")));
        assertEquals(idToken, engine("device").obtain(null, Deadline.in(Duration.ofSeconds(30))).credential().token());
        wireMock.verify(2, postRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void anExpiredDeviceCodeEndsTheSignInWithTheWayToSignIn() {
        wireMock.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"expired_token\"}")));
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> engine("device").obtain(null, Deadline.in(Duration.ofSeconds(30))));
        assertTrue(e.getMessage().contains("expired_token") && e.getMessage().contains("doks-auth sso login my-cluster"),
                e.getMessage());
    }

    @Test
    void aDeviceSignInNobodyFinishesEndsAtTheTimeout() {
        wireMock.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"authorization_pending\"}")));
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> engine("device").obtain(null, Deadline.in(Duration.ofSeconds(3))));
        assertTrue(e.getMessage().startsWith("nobody finished the sign-in to " + provider.issuer() + " within 3 s"), e.getMessage());
    }
}
