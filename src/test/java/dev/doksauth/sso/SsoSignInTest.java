package dev.doksauth.sso;

import com.nimbusds.jwt.SignedJWT;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.testing.LocalServers;
import no.nav.security.mock.oauth2.MockOAuth2Server;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        provider = LocalServers.openIdProvider(0);
        port = LocalServers.freePort();
        env.put("PATH", System.getenv("PATH"));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    String issuer() {
        return provider.issuerUrl("default").toString();
    }

    SsoOptions options(Duration timeout) {
        return new SsoOptions(issuer(), CLIENT, port, "auto", timeout.toSeconds(), false);
    }

    SsoSignIn engine(SsoOptions options, boolean interactive, InputStream in) {
        timeoutSeconds = options.timeoutSeconds();
        return new SsoSignIn(options, new SsoContext(env, new PrintStream(err, true, StandardCharsets.UTF_8), in,
                interactive, Verbose.off(), dir.resolve("cache"), "my-cluster"), "sso-test", () -> stderrIsTerminal);
    }

    /** The sign-in's deadline: --sso-timeout from now, as the use case gives it. */
    Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(timeoutSeconds), "--sso-timeout");
    }

    long timeoutSeconds = 30;
    /** Whether the engine takes its stderr for a terminal a person reads. */
    boolean stderrIsTerminal;

    SsoSignIn engine() {
        return engine(options(Duration.ofSeconds(30)), false, InputStream.nullInputStream());
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void signsInThroughTheBrowserWithPkceStateAndNonce() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());

        CacheEntry result = engine().obtain(null, deadline());

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
        CacheEntry first = engine().obtain(null, deadline());

        CacheEntry second = engine().obtain(first, deadline());

        assertEquals(1, browser.openings(), "no second sign-in");
        assertFalse(first.credential().token().equals(second.credential().token()));
    }

    /** The failure of an engine call: one sentence, the credential nowhere. */
    DoksAuthException refused(SsoSignIn engine) {
        return assertThrows(DoksAuthException.class, () -> engine.obtain(null, deadline()));
    }

    @Test
    void aChangedNonceIsRefused() throws Exception {
        env.put("BROWSER", TestBrowser.changingNonce(dir).command());
        DoksAuthException e = refused(engine());
        assertTrue(e.getMessage().contains("nonce is not the one sent"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was cached"), e.getMessage());
    }

    @Test
    void aForgedStateIsRefused() throws Exception {
        env.put("BROWSER", TestBrowser.changingState(dir).command());
        DoksAuthException e = refused(engine(options(Duration.ofSeconds(3)), false, InputStream.nullInputStream()));
        assertTrue(e.getMessage().startsWith("nobody finished the sign-in"), "a forged answer cannot end the sign-in: "
                + e.getMessage());
        assertTrue(stderr().contains("state that is not the one sent, so it was refused"), stderr());
    }

    @Test
    void aProviderThatNamesAnotherIssuerIsRefusedBeforeAnyBrowserOpens() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());
        SsoSignIn engine = engine(new SsoOptions(issuer() + "/", CLIENT, port, "auto", 30, false), false, InputStream.nullInputStream());
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> engine.obtain(null, deadline()));
        assertTrue(e.getMessage().contains("must be its exact issuer"), e.getMessage());
        assertEquals(0, browser.openings());
    }

    @Test
    void aRefusedRefreshTokenLeadsToOneNewSignIn() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());
        CacheEntry first = engine().obtain(null, deadline());
        SsoState state = SsoState.parse(first.state());
        // the provider forgot the refresh token (revoked, expired, rotated elsewhere): invalid_grant
        CacheEntry revoked = new CacheEntry(first.credential(),
                new SsoState(state.discovery(), state.keys(), "revoked-refresh-token", state.scopes(), state.nonce()).toJson());

        CacheEntry second = engine().obtain(revoked, deadline());

        assertEquals(2, browser.openings(), "exactly one new sign-in");
        assertNotNull(SsoState.parse(second.state()).refreshToken());
    }

    @Test
    void aRefreshThatNamesAnotherSubjectIsRefusedAndTheUserSignsInAnew() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());
        CacheEntry alice = engine().obtain(null, deadline());
        provider.enqueueCallback(new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback("default", "mallory",
                "JWT", List.of(CLIENT), Map.of(), 3600));
        CacheEntry mallory = engine().obtain(null, deadline());
        SsoState alicesState = SsoState.parse(alice.state());
        // alice's ID token beside a refresh token the provider answers with mallory's
        CacheEntry crossed = new CacheEntry(alice.credential(), new SsoState(alicesState.discovery(), alicesState.keys(),
                SsoState.parse(mallory.state()).refreshToken(), alicesState.scopes(), alicesState.nonce()).toJson());

        CacheEntry result = engine().obtain(crossed, deadline());

        assertEquals(3, browser.openings(), "a new sign-in, not mallory's token");
        assertNotEquals("mallory", SignedJWT.parse(result.credential().token()).getJWTClaimsSet().getSubject());
    }

    @Test
    @SuppressWarnings("try") // the port is held for the block, not used in it
    void aBusyPortIsOneSentenceThatNamesThePortAndTheOption() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            DoksAuthException e = refused(engine());
            assertTrue(e.getMessage().contains("port " + port), e.getMessage());
            assertTrue(e.getMessage().contains("--sso-local-server-port"), e.getMessage());
        }
        assertEquals(0, browser.openings(), "no browser opens on a port another program answers");
    }

    @Test
    void anAbandonedSignInEndsAtTheTimeoutThenBackgroundCallsFailAtOnceUntilALogin() throws Exception {
        TestBrowser away = TestBrowser.walkingAway(dir);
        env.put("BROWSER", away.command());
        SsoOptions shortTimeout = options(Duration.ofSeconds(1));

        DoksAuthException timedOut = refused(engine(shortTimeout, false, InputStream.nullInputStream()));
        assertTrue(timedOut.getMessage().contains("within 1 s"), timedOut.getMessage());
        assertTrue(timedOut.getMessage().contains("doks-auth sso login my-cluster"), timedOut.getMessage());

        DoksAuthException fast = refused(engine(shortTimeout, false, InputStream.nullInputStream()));
        assertTrue(fast.getMessage().contains("doks-auth sso login my-cluster"), fast.getMessage());
        assertTrue(fast.getMessage().contains("was not finished"), fast.getMessage());
        assertEquals(1, away.openings(), "the background call opened no browser");

        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", browser.command());
        assertNotNull(engine().signInNow(deadline()).credential().token(), "sso login signs in");
        assertNotNull(engine().obtain(null, deadline()).credential().token(), "and background calls work again");
        assertEquals(2, browser.openings());
    }

    @Test
    void aSignInNobodyCanFinishEndsAtOnceSayingWhatWouldWork() throws Exception {
        long start = System.nanoTime();
        DoksAuthException e = refused(engine(options(Duration.ofSeconds(60)), false, InputStream.nullInputStream()));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "at once, not after --sso-timeout");
        assertTrue(e.getMessage().startsWith("no browser can be opened here and stderr is not a terminal"), e.getMessage());
        assertTrue(e.getMessage().contains("run 'doks-auth sso login my-cluster' in a terminal")
                && e.getMessage().contains("set BROWSER"), e.getMessage());
        assertFalse(stderr().contains("http://localhost:" + port), "no address printed where nobody reads: " + stderr());
        try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(free.isBound(), "the port was never taken");
        }
        // an abandoned sign-in would stop the next background call; this one waited for nobody
        env.put("BROWSER", TestBrowser.signingIn(dir).command());
        engine().obtain(null, deadline());
    }

    @Test
    void withoutABrowserTheUrlIsPrintedWithTheSshForwardingLine() {
        env.put("SSH_CONNECTION", "192.0.2.10 50000 192.0.2.20 22");
        env.put("USER", "alice");
        stderrIsTerminal = true;
        refused(engine(options(Duration.ofSeconds(1)), false, InputStream.nullInputStream()));
        assertTrue(stderr().contains("http://localhost:" + port + "/"), stderr());
        assertTrue(stderr().contains("ssh -L " + port + ":localhost:" + port + " alice@192.0.2.20"), stderr());
    }

    @Test
    void aPastedRedirectUrlFinishesTheSignIn() throws Exception {
        stderrIsTerminal = true; // where the user reads the address to paste
        java.io.PipedOutputStream terminal = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(terminal);
        SsoSignIn engine = engine(options(Duration.ofSeconds(30)), true, stdin);
        java.util.concurrent.CompletableFuture<CacheEntry> result =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> engine.obtain(null, deadline()));
        // the user opens the printed URL in a browser elsewhere and copies the address it ends on
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        dev.doksauth.testing.Poll.until("the printed URL", Duration.ofSeconds(20),
                () -> stderr().contains("paste here"));
        String toProvider = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
        String callback = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(toProvider)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
        terminal.write(("not a URL\n" + callback + "\n").getBytes(StandardCharsets.UTF_8));
        terminal.flush();

        assertNotNull(result.get(30, java.util.concurrent.TimeUnit.SECONDS).credential().token());
        assertTrue(stderr().contains("not the address of the sign-in's answer"), stderr());
    }

    @Test
    void browserEntriesAreTriedInTurnWithTheUrlInPlaceOfPercentS() throws Exception {
        TestBrowser browser = TestBrowser.signingIn(dir);
        env.put("BROWSER", dir.resolve("no-such-browser") + ":" + browser.command());
        assertNotNull(engine().obtain(null, deadline()).credential().token());
        assertEquals(List.of("http://localhost:" + port + "/"), browser.urls());
    }

    @Test
    void withNoRefreshNoRefreshTokenIsKeptAndOfflineAccessIsNotAsked() throws Exception {
        env.put("BROWSER", TestBrowser.signingIn(dir).command());
        CacheEntry result = engine(new SsoOptions(issuer(), CLIENT, port, "browser", 30, true), false, InputStream.nullInputStream()).obtain(null, deadline());
        assertEquals(null, SsoState.parse(result.state()).refreshToken());
        assertFalse(SsoState.parse(result.state()).scopes().contains("offline_access"));
    }

    @Test
    void aRefusalAtTheProviderIsOneSentenceAndCountsAsAbandoned() throws Exception {
        env.put("BROWSER", TestBrowser.refusing(dir).command());
        DoksAuthException e = refused(engine());
        assertTrue(e.getMessage().startsWith("the identity provider ended the sign-in with access_denied (User said no)"),
                e.getMessage());
        DoksAuthException fast = refused(engine());
        assertTrue(fast.getMessage().contains("was not finished"), fast.getMessage());
    }
}
