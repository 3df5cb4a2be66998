package dev.doksauth.sso;

import com.nimbusds.jwt.SignedJWT;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sign-in engine against a real OpenID provider (mock-oauth2-server) and a test browser reached through BROWSER. */
class SsoSignInTest {

    static final String CLIENT = "doks-auth-test-client";

    @TempDir
    Path dir;

    MockOAuth2Server provider;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    int port;

    @BeforeEach
    void start() throws IOException {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        port = freePort();
        env.put("PATH", System.getenv("PATH"));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String issuer() {
        return provider.issuerUrl("default").toString();
    }

    SsoOptions options(Duration timeout) {
        return new SsoOptions(issuer(), CLIENT, port, SsoOptions.Grant.AUTO, timeout, false);
    }

    SsoSignIn engine(SsoOptions options, boolean interactive, InputStream in) {
        return new SsoSignIn(options, new SsoContext(env, new PrintStream(err, true, StandardCharsets.UTF_8), in,
                interactive, Verbose.off(), dir.resolve("cache"), "my-cluster"), "sso-test");
    }

    SsoSignIn engine() {
        return engine(options(Duration.ofSeconds(30)), false, InputStream.nullInputStream());
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void claims(List<String> audience, long expirySeconds) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "JWT", audience,
                Map.of("email", "alice@example.com", "team_role", "Owner"), expirySeconds));
    }

    @Test
    void signsInThroughTheBrowserWithPkceStateAndNonce() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());

        SsoSignIn.Result result = engine().obtain(null);

        SignedJWT idToken = SignedJWT.parse(result.credential().token());
        assertEquals(issuer(), idToken.getJWTClaimsSet().getIssuer());
        assertTrue(idToken.getJWTClaimsSet().getAudience().contains(CLIENT));
        assertEquals(idToken.getJWTClaimsSet().getExpirationTime().getTime() / 1000, result.credential().expiresAt());
        assertEquals(1, browser.openings());
        assertEquals("http://localhost:" + port + "/", browser.urls().get(0), "the short start URL is opened");
        assertTrue(stderr().contains("http://localhost:" + port + "/"), "the URL is always printed: " + stderr());
        var authorize = provider.takeRequest();
        while (!authorize.getRequestUrl().encodedPath().endsWith("/authorize")) {
            authorize = provider.takeRequest();
        }
        assertEquals("S256", authorize.getRequestUrl().queryParameter("code_challenge_method"));
        assertNotNull(authorize.getRequestUrl().queryParameter("state"));
        assertNotNull(authorize.getRequestUrl().queryParameter("nonce"));
        assertEquals("http://localhost:" + port + "/callback", authorize.getRequestUrl().queryParameter("redirect_uri"));
        assertTrue(authorize.getRequestUrl().queryParameter("scope").startsWith("openid email team_role"));
        SsoState state = SsoState.parse(result.state());
        assertNotNull(state);
        assertNotNull(state.refreshToken(), "the provider gave a refresh token");
        assertFalse(stderr().contains(result.credential().token()));
        assertFalse(stderr().contains(state.refreshToken()));
    }

    @Test
    void refreshesWithoutTheBrowser() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());
        SsoSignIn.Result first = engine().obtain(null);

        SsoSignIn.Result second = engine().obtain(first);

        assertEquals(1, browser.openings(), "no second sign-in");
        assertFalse(first.credential().token().equals(second.credential().token()));
    }
}
