package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.SignInStandIn;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single sign-on against a provider whose answers are botched or hostile, through the installed launcher: an ID
 * token already expired, issuers that merely look like loopback, out-of-range numbers, a local connection that
 * stalls the callback, a browser that looks for the launcher's variables, a sign-in nobody can finish. Each ends in
 * one sentence with the right exit code, or succeeds where it must; no token is printed that should not be.
 */
class SsoFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeef5500";
    static final String CLIENT = "doks-fault-app";

    @RegisterExtension
    static WireMockExtension botched = ApiStandIn.server();

    @TempDir
    Path home;
    @RegisterExtension
    final SignInStandIn sso = new SignInStandIn(CLUSTER, CLIENT);
    Launcher launcher;

    @BeforeEach
    void setUp() throws Exception {
        launcher = Launcher.ssoEntry(home).env("BROWSER", browser("browser", "exec curl -sS -L --max-time 20 -o /dev/null \"$1\"") + " %s");
    }

    /** A "browser" script: {@code body} runs with the URL as $1. */
    Path browser(String name, String body) throws IOException {
        Path script = home.resolve(name + ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** One sentence on stderr, nothing on stdout, the exit code given; never the internal-error sentence. */
    static void oneSentence(Launcher.Result result, int exitCode) {
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertEquals("", result.stdout(), result.toString());
        assertEquals(1, result.stderr().lines().count(), "one sentence: " + result);
        assertTrue(result.stderr().startsWith("doks-auth: "), result.toString());
        assertFalse(result.stderr().contains("internal error") || result.stderr().contains("Exception"), result.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.evil.example/", "http://127.0.0.1.nip.io/", "http://127.0.0.1evil.example/",
            "http://[::1].evil.example/", "http://localhost.evil.example/", "http://0.0.0.0/", "http://idp.example/"})
    @SuppressWarnings("try") // a connection accepted is the finding; nothing is read from it
    void anIssuerThatMerelyLooksLikeLoopbackIsAUsageErrorAndNothingGoesOut(String issuer) throws Exception {
        Path proxyLog = home.resolve("proxy-hit");
        try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            launcher.env("http_proxy", "http://127.0.0.1:" + proxy.getLocalPort())
                    .env("HTTP_PROXY", "http://127.0.0.1:" + proxy.getLocalPort());
            proxy.setSoTimeout(1);
            Launcher.Result result = launcher.run(sso.credential(issuer));
            oneSentence(result, 2);
            assertTrue(result.stderr().contains("--sso-issuer-url"), result.toString());
            assertFalse(result.stderr().contains("evil"), "the value is not echoed: " + result);
            try (Socket hit = proxy.accept()) {
                Files.writeString(proxyLog, "connected");
            } catch (java.net.SocketTimeoutException none) {
                // nothing was sent through the proxy
            }
        }
        assertFalse(Files.exists(proxyLog), "no request left for " + issuer);
        assertFalse(Files.exists(home.resolve("cache")) && Files.list(home.resolve("cache")).findAny().isPresent(),
                "nothing cached");
    }

    @Test
    void anIdTokenThatHasAlreadyExpiredIsNeverPrinted() throws Exception {
        // exp 20 s ago: within the 60 s a clock may be off for iat, but the cluster refuses an expired token
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        String issuer = deviceProvider("\"expires_in\":600,\"interval\":1");
        botched.stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
        long now = System.currentTimeMillis();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience(CLIENT).issueTime(new Date(now - 80_000))
                        .expirationTime(new Date(now - 20_000)).build());
        token.sign(new RSASSASigner(key));
        botched.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("{\"access_token\":\"a1\",\"token_type\":"
                + "\"Bearer\",\"expires_in\":3600,\"id_token\":\"" + token.serialize() + "\"}")));

        Launcher.Result result = launcher.run(sso.credential(issuer, "--sso-grant", "device"));

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals("", result.stdout(), "never printed: " + result);
        String last = result.stderr().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("doks-auth: ") && last.contains("it has expired (exp)"), result.toString());
        assertFalse(result.stderr().contains(token.serialize()), "no token in the sentence: " + result);
    }

    String signed(RSAKey key, String issuer, String subject, long lifetimeMillis) throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(CLIENT).issueTime(new Date(now))
                        .expirationTime(new Date(now + lifetimeMillis)).build());
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    @Test
    void aRefreshThatAnswersForAnotherSubjectIsNeverServed() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k2").generate();
        String issuer = deviceProvider("\"expires_in\":600,\"interval\":1");
        botched.stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
        String shortLived = signed(key, issuer, "alice", 10_000);
        long stale = System.currentTimeMillis() + 10_000;
        botched.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("device_code"))
                .willReturn(okJson("{\"access_token\":\"a1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"r1\",\"id_token\":\"" + shortLived + "\"}")));
        botched.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token"))
                .willReturn(okJson("{\"access_token\":\"a2\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"id_token\":\"" + signed(key, issuer, "mallory", 3_600_000) + "\"}")));
        Launcher.Result first = launcher.run(sso.credential(issuer, "--sso-grant", "device"));
        assertEquals(0, first.exitCode(), first.toString());
        Poll.until("alice's ID token to expire", Duration.ofSeconds(30), () -> System.currentTimeMillis() > stale);
        String longLived = signed(key, issuer, "alice", 3_600_000);
        botched.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("device_code"))
                .willReturn(okJson("{\"access_token\":\"a3\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"r3\",\"id_token\":\"" + longLived + "\"}")));

        Launcher.Result second = launcher.run(sso.credential(issuer, "--sso-grant", "device"));

        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.stdout().contains(longLived), "alice signed in anew, mallory's token not served: " + second);
        botched.verify(1, postRequestedFor(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token")));
        botched.verify(2, postRequestedFor(urlPathEqualTo("/device")));
    }

    /** A provider whose discovery offers the device grant and whose device endpoint answers {@code numbers}. */
    String deviceProvider(String numbers) {
        String issuer = botched.baseUrl();
        botched.stubFor(get(urlPathEqualTo("/.well-known/openid-configuration")).willReturn(okJson("{\"issuer\":\""
                + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer
                + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"device_authorization_endpoint\":\"" + issuer
                + "/device\",\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
        botched.stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson("{\"keys\":[]}")));
        botched.stubFor(post(urlPathEqualTo("/device")).willReturn(okJson("{\"device_code\":\"d1\",\"user_code\":"
                + "\"ABCD-EFGH\",\"verification_uri\":\"" + issuer + "/activate\"," + numbers + "}")));
        return issuer;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"expires_in\":0", "\"expires_in\":-1", "\"expires_in\":18446744073709551616",
            "\"expires_in\":9223372036854775807", "\"expires_in\":600,\"interval\":18446744073709551616",
            "\"expires_in\":600,\"interval\":-3", "\"expires_in\":\"never\""})
    void deviceGrantNumbersOutOfRangeEndInOneSentence(String numbers) throws Exception {
        Launcher.Result result = launcher.run(sso.credential(deviceProvider(numbers), "--sso-grant", "device"));
        oneSentence(result, 1);
        assertTrue(result.stderr().contains("answered the device authorization request with"), result.toString());
        botched.verify(0, postRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void aLocalConnectionThatStallsDoesNotHoldUpTheBrowsersAnswer() throws Exception {
        // the browser comes after 2 s; meanwhile a local program opens the callback port and stalls mid-request
        launcher.env("BROWSER", browser("slow", "sleep 2\nexec curl -sS -L --max-time 20 -o /dev/null \"$1\"") + " %s");
        Process process = launcher.start(sso.credential(sso.issuer(), "--sso-timeout", "30"));
        List<Socket> stalled = new ArrayList<>();
        try {
            Poll.until("the loopback server to listen", Duration.ofSeconds(30), () -> {
                try {
                    Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), sso.port());
                    socket.getOutputStream().write("GET /callback?state=".getBytes(StandardCharsets.US_ASCII));
                    stalled.add(socket);
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
            long start = System.nanoTime();
            Launcher.Result result = Launcher.finish(process);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.stdout().contains("\"token\""), result.toString());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "not held until a timeout");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void theBrowserInheritsNoneOfTheLaunchersVariables() throws Exception {
        Path seen = home.resolve("browser-env");
        launcher.env("BROWSER", browser("env", "env > '" + seen + ".tmp'; mv '" + seen + ".tmp' '" + seen + "'\n"
                + "exec curl -sS -L --max-time 20 -o /dev/null \"$1\"") + " %s");
        Launcher.Result result = launcher.run(sso.credential());
        assertEquals(0, result.exitCode(), result.toString());
        String env = Files.readString(seen);
        assertTrue(env.contains("DOKS_AUTH_CACHE_DIR="), "the user's own variables stay: " + env);
        for (String name : dev.doksauth.launcher.LauncherProtocol.VARIABLES) {
            assertFalse(env.contains(name + "="), name + " reached the browser: " + env);
        }
    }

    @Test
    void aSignInNobodyCanFinishEndsAtOnceWithWhatWouldWork() throws Exception {
        // no BROWSER, no DISPLAY, stderr a pipe, and mock-oauth2-server offers no device grant
        Launcher plain = Launcher.ssoEntry(home);
        long start = System.nanoTime();
        Launcher.Result result = plain.run(sso.credential());
        oneSentence(result, 1);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "at once, not after 180 s: " + result);
        assertTrue(result.stderr().contains("nobody could finish the sign-in")
                && result.stderr().contains("doks-auth sso login " + CLUSTER) && result.stderr().contains("BROWSER"),
                result.toString());
        try (ServerSocket free = new ServerSocket(sso.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(free.isBound(), "the port is free again");
        }
    }

    @Test
    void theMessagesOfSsoCommandsNameOptionsTheyTake() throws Exception {
        Launcher.Result logout = launcher.run("sso", "logout");
        oneSentence(logout, 2);
        assertFalse(logout.stderr().contains("not both"), logout.toString());
        Launcher.Result help = launcher.run("sso", "login", "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.stdout().contains("--sso-local-server-port") && help.stdout().contains("--sso-grant"), help.toString());
    }
}
