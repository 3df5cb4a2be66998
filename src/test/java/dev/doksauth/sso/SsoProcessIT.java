package dev.doksauth.sso;

import com.nimbusds.jwt.SignedJWT;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonObject;
import dev.doksauth.launcher.LauncherProtocol;
import dev.doksauth.testing.ClassLoadLog;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Poll;
import dev.doksauth.testing.SignInStandIn;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code credential --sso-...} and {@code sso login|logout|whoami} through the installed launcher, as kubectl and
 * a user run them, against a real OpenID provider (mock-oauth2-server) and a test browser reached through BROWSER.
 * No DigitalOcean token anywhere.
 */
class SsoProcessIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefcafe";
    static final String CLIENT = "doks-cluster-app";

    @TempDir
    Path home;

    @RegisterExtension
    final SignInStandIn sso = new SignInStandIn(CLUSTER, CLIENT);
    TestBrowser browser;
    Launcher launcher;

    @BeforeEach
    void setUp() throws Exception {
        browser = TestBrowser.signingIn(home);
        launcher = Launcher.ssoEntry(home).env("BROWSER", browser.command());
    }

    static String idToken(Launcher.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(1, result.stdout().lines().count(), "stdout holds the ExecCredential alone: " + result);
        JsonObject status = Json.parseObject(result.stdout()).object("status");
        return status.string("token");
    }

    /** The provider's requests so far (all of them have been answered: the processes ended). */
    List<RecordedRequest> requests() {
        List<RecordedRequest> requests = new ArrayList<>();
        while (true) {
            try {
                requests.add(sso.provider().takeRequest(100, TimeUnit.MILLISECONDS));
            } catch (RuntimeException none) {
                return requests; // mock-oauth2-server throws when its queue is empty
            }
        }
    }

    int authorizationRequests() {
        return (int) requests().stream().filter(request -> request.getRequestUrl() != null
                && request.getRequestUrl().encodedPath().endsWith("/authorize")).count();
    }

    String refreshTokenInTheCache() throws Exception {
        try (var files = Files.list(home.resolve("cache"))) {
            Path entry = files.filter(f -> f.getFileName().toString().startsWith("sso-")
                    && f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
            String refreshToken = SsoState.parse(Json.parseObject(Files.readString(entry)).string("state")).refreshToken();
            assertTrue(refreshToken != null && !refreshToken.isEmpty());
            return refreshToken;
        }
    }

    @Test
    void eightProcessesAtOnceOnAnEmptyCacheMakeOneSignInAndNeedNoDigitalOceanToken() throws Exception {
        browser = TestBrowser.signingInSlowly(home);
        launcher.env("BROWSER", browser.command());
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            processes.add(launcher.start(sso.credential()));
        }
        Set<String> tokens = new HashSet<>();
        int waited = 0;
        for (Process process : processes) {
            Launcher.Result result = Launcher.finish(process);
            tokens.add(idToken(result));
            assertFalse(result.stderr().contains("DigitalOcean"), "nothing asks for a DigitalOcean token: " + result);
            for (String line : result.stderr().lines().filter(l -> l.startsWith("doks-auth: waiting")).toList()) {
                assertTrue(line.matches("doks-auth: waiting for another doks-auth process \\(PID \\d+\\) to finish the "
                        + "sign-in to " + java.util.regex.Pattern.quote(sso.issuer()) + " \\(at most \\d+ s more\\)\\."), line);
                waited++;
            }
        }
        assertTrue(waited > 0, "those who wait for a sign-in (the user takes 2 s) say for whom");
        assertEquals(1, tokens.size(), "one ID token for all");
        assertEquals(1, browser.openings(), "one browser tab");
        assertEquals(1, authorizationRequests(), "one authorization request");
        assertEquals(sso.issuer(), SignedJWT.parse(tokens.iterator().next()).getJWTClaimsSet().getIssuer());
    }

    @Test
    void aCacheHitMakesNoNetworkCallAndLoadsNoOidcLibrary() throws Exception {
        String first = idToken(launcher.run(sso.credential()));
        authorizationRequests(); // drain
        Path log = home.resolve("classes.log");
        ProcessBuilder builder = new ProcessBuilder(ClassLoadLog.loggingLauncher(Launcher.path(), log,
                home.resolve("doks-auth-logged")).toString());
        builder.command().addAll(List.of(sso.credential()));
        builder.environment().clear();
        builder.environment().putAll(launcher.environment());
        Launcher.Result hit = Launcher.finish(builder.start());
        assertEquals(first, idToken(hit));
        assertEquals("", hit.stderr());
        ClassLoadLog.assertAFastHit(Files.readString(log));
        assertEquals(List.of(), requests(), "no request to the provider");
    }

    /**
     * A refresh, as the first JVM's child runs it, starts with the single sign-on archive: the OpenID library
     * comes from it, and nothing of YAML or Fabric8 is set up.
     */
    @Test
    void aRefreshLoadsTheOpenIdLibraryFromItsStartUpArchive() throws Exception {
        idToken(launcher.run(sso.credential()));
        Path log = home.resolve("classes.log");
        List<String> refresh = new ArrayList<>(List.of(sso.credential()));
        refresh.add("--no-cache");
        Launcher.Result refreshed = launcher.env(LauncherProtocol.HANDED_OVER, Long.toString(System.currentTimeMillis() + 60_000))
                .command(ClassLoadLog.launcherLoggingEveryJvm(Launcher.path(), log, home.resolve("doks-auth-logged")))
                .run(refresh.toArray(String[]::new));
        idToken(refreshed);
        assertEquals(1, browser.openings(), "refreshed without the browser");
        String classes = Files.readString(log);
        for (String verifying : List.of("com.nimbusds.openid.connect.sdk.validators.IDTokenValidator",
                "com.nimbusds.jose.crypto.RSASSAVerifier", "com.nimbusds.oauth2.sdk.RefreshTokenGrant")) {
            assertTrue(classes.contains(" " + verifying + " source: shared objects file"), verifying + " from the archive");
        }
        // The training provider's answers are not every provider's: a class or two may still come from a jar.
        List<String> nimbus = classes.lines().filter(l -> l.contains(" com.nimbusds.")).toList();
        List<String> fromJars = nimbus.stream().filter(l -> l.contains("source: file:")).toList();
        assertTrue(fromJars.size() * 10 < nimbus.size(), fromJars.size() + " of " + nimbus.size() + " OpenID classes from jars: "
                + fromJars.stream().limit(3).toList());
        ClassLoadLog.assertNone(ClassLoadLog.KUBECONFIG, classes, "a refresh");
    }

    @Test
    void aShortLivedIdTokenIsRefreshedWithoutASecondSignIn() throws Exception {
        sso.provider().enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "JWT", List.of(CLIENT),
                Map.of("email", "alice@example.com", "team_role", "Owner"), 3));
        String first = idToken(launcher.run(sso.credential()));
        long expiresAt = SignedJWT.parse(first).getJWTClaimsSet().getExpirationTime().getTime() / 1000;
        Poll.until("the first ID token to be stale", Duration.ofSeconds(30),
                () -> System.currentTimeMillis() / 1000 >= expiresAt);

        List<String> verbose = new ArrayList<>(List.of(sso.credential()));
        verbose.add("-v");
        Launcher.Result refresh = launcher.run(verbose.toArray(String[]::new));
        String second = idToken(refresh);

        assertNotEquals(first, second);
        assertTrue(refresh.stderr().contains("refreshing the ID token"), refresh.toString());
        String refreshToken = refreshTokenInTheCache();
        for (String secret : List.of(first, second, refreshToken)) {
            assertFalse(refresh.stderr().contains(secret), "verbose lines redact every token: " + refresh.stderr());
        }
        dev.doksauth.testing.Secrets.assertNoneIn(home, first, second, refreshToken);
        assertEquals(1, browser.openings(), "refreshed without the browser");
        assertTrue(SignedJWT.parse(second).getJWTClaimsSet().getExpirationTime().getTime() / 1000 > expiresAt);
    }

    @Test
    void loginWhoamiAndLogoutThroughTheKubeconfigEntry() throws Exception {
        Files.writeString(home.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n"
                + "clusters:\n- name: do-nyc1-sso\n  cluster: {server: 'https://127.0.0.1:6443'}\n"
                + "contexts:\n- name: do-nyc1-sso\n  context: {cluster: do-nyc1-sso, user: do-nyc1-sso-admin}\n"
                + "current-context: do-nyc1-sso\n"
                + "users:\n- name: do-nyc1-sso-admin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                + "      command: " + Launcher.path() + "\n      interactiveMode: IfAvailable\n      provideClusterInfo: true\n"
                + "      args: [" + String.join(", ", sso.credential()) + "]\n");
        sso.provider().enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "JWT", List.of(CLIENT),
                Map.of("email", "alice@example.com"), 3600));

        Launcher.Result login = launcher.run("sso", "login", "do-nyc1-sso");
        assertEquals(0, login.exitCode(), login.toString());
        assertTrue(login.stdout().contains("alice@example.com"), login.toString());
        assertEquals(1, browser.openings());
        String cached = idToken(launcher.run(sso.credential()));
        assertEquals(1, browser.openings(), "credential is served what login cached");

        Launcher.Result whoami = launcher.run("sso", "whoami", CLUSTER);
        assertEquals(0, whoami.exitCode(), whoami.toString());
        assertTrue(whoami.stdout().contains("alice@example.com"), whoami.toString());
        assertTrue(whoami.stderr().contains("no team_role claim"), "warns of the missing claim: " + whoami);
        assertFalse(whoami.stdout().contains(cached) || whoami.stderr().contains(cached), "no token shown");

        Launcher.Result logout = launcher.run("sso", "logout", "do-nyc1-sso");
        assertEquals(0, logout.exitCode(), logout.toString());
        assertTrue(logout.stdout().contains("revoked"), logout.toString());
        Launcher.Result after = launcher.run("sso", "whoami", "do-nyc1-sso");
        assertEquals(1, after.exitCode(), after.toString());
        assertTrue(after.stderr().startsWith("doks-auth: not signed in"), after.toString());

        assertNotEquals(cached, idToken(launcher.run(sso.credential())));
        assertEquals(2, browser.openings(), "logout forces a new sign-in");
    }

    @Test
    void anAbandonedSignInMakesBackgroundCallsFailAtOnce() throws Exception {
        launcher.env("BROWSER", TestBrowser.walkingAway(home).command());
        List<String> args = new ArrayList<>(List.of(sso.credential()));
        args.addAll(List.of("--sso-timeout", "2"));

        Launcher.Result timedOut = launcher.run(args.toArray(String[]::new));
        assertEquals(1, timedOut.exitCode(), timedOut.toString());
        assertEquals("", timedOut.stdout());
        assertTrue(timedOut.stderr().contains("http://localhost:" + sso.port() + "/"), "the URL is printed: " + timedOut);
        assertTrue(timedOut.stderr().lines().anyMatch(l -> l.startsWith("doks-auth: nobody finished the sign-in")),
                timedOut.toString());

        Launcher.Result fast = launcher.run(args.toArray(String[]::new));
        assertEquals(1, fast.exitCode(), fast.toString());
        assertEquals(1, fast.stderr().lines().count(), "one sentence: " + fast);
        assertTrue(fast.stderr().contains("run 'doks-auth sso login " + CLUSTER + "'"), fast.toString());
        assertFalse(fast.stderr().contains("http://localhost:" + sso.port()), "no new sign-in was started: " + fast);
    }
}
