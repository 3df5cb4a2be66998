package dev.doksauth.sso;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.doksauth.json.Json;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClusterStandIn;
import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.LocalServers;
import dev.doksauth.testing.Poll;
import dev.doksauth.testing.TestCertificates;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real kubectl against an SSO cluster: the cluster stand-in takes the ID tokens it verifies against the provider's
 * published keys (issuer, audience = client ID, expiry), as kube-apiserver's OIDC authenticator does. No DigitalOcean
 * token anywhere.
 */
class SsoKubectlIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefd00d";
    static final String CLIENT = "doks-cluster-app";

    static final TestCertificates serverCertificates = TestCertificates.shared("doks-sso-cluster");

    @TempDir
    Path home;

    MockOAuth2Server provider;
    TestBrowser browser;
    ClusterStandIn cluster;
    int providerPort;
    int port;

    @BeforeEach
    void setUp() throws Exception {
        providerPort = LocalServers.freePort();
        provider = LocalServers.openIdProvider(providerPort);
        port = LocalServers.freePort();
        browser = TestBrowser.signingIn(home);
        cluster = ClusterStandIn.acceptingIdTokens(serverCertificates, issuer(), CLIENT);
        Files.writeString(home.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n"
                + "clusters:\n- name: do-nyc1-sso\n  cluster:\n    server: " + cluster.server() + "\n"
                + "    certificate-authority-data: " + cluster.certificateAuthorityData() + "\n"
                + "contexts:\n- name: do-nyc1-sso\n  context: {cluster: do-nyc1-sso, user: do-nyc1-sso-admin}\n"
                + "current-context: do-nyc1-sso\n"
                + "users:\n- name: do-nyc1-sso-admin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                + "      command: " + Launcher.path() + "\n      interactiveMode: IfAvailable\n      provideClusterInfo: true\n"
                + "      args: [credential, " + CLUSTER + ", --sso-issuer-url, '" + issuer() + "', --sso-client-id, "
                + CLIENT + ", --sso-local-server-port, '" + port + "']\n");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
        provider.shutdown();
    }

    String issuer() {
        return "http://localhost:" + providerPort + "/default";
    }

    Map<String, String> environment() {
        return new Launcher(home).env("KUBECONFIG", home.resolve("kubeconfig").toString())
                .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString()).env("BROWSER", browser.command()).environment();
    }

    Launcher.Result getPods() throws Exception {
        return Kubectl.run(Kubectl.find(), environment(), "get", "pods", "-o", "name");
    }

    static void assertPods(Launcher.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("pod/" + ClusterStandIn.POD, result.stdout().strip(), result.toString());
    }

    @Test
    void eightKubectlAtOnceSignInOnceThenStaleIdTokensAreRefreshedAndARefusedRefreshSignsInOnceMore() throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "JWT", List.of(CLIENT),
                Map.of("email", "alice@example.com", "team_role", "Owner"), 5));
        List<Process> kubectls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<String> command = List.of(Kubectl.find().toString(), "get", "pods", "-o", "name");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(environment());
            kubectls.add(builder.start());
        }
        for (Process kubectl : kubectls) {
            assertPods(Launcher.finish(kubectl));
        }
        assertEquals(1, browser.openings(), "eight kubectl, one sign-in");
        assertEquals(0, cluster.rejectedRequests(), "the cluster never saw a token it refused");

        // The first ID token lives 5 s: once it is stale, kubectl gets a refreshed one without the browser.
        Poll.until("the first ID token to be stale", Duration.ofSeconds(30), this::cachedIdTokenExpired);
        assertPods(getPods());
        assertEquals(1, browser.openings(), "refreshed without a second sign-in");

        // The provider restarts with new signing keys: the refreshed ID token names a key the cache does not hold;
        // doks-auth fetches the keys again and verifies it, still without the browser.
        provider.shutdown();
        provider = LocalServers.openIdProvider(providerPort);
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "JWT", List.of(CLIENT),
                Map.of("email", "alice@example.com", "team_role", "Owner"), 5));
        cluster.acceptIdTokens(issuer(), CLIENT);
        Poll.until("the cached ID token to be stale", Duration.ofSeconds(30), this::cachedIdTokenExpired);
        assertPods(getPods());
        assertEquals(1, browser.openings(), "refreshed across a key rotation without a sign-in");

        // The provider refuses the refresh token (revoked, or a session ended): invalid_grant, then one new sign-in.
        Poll.until("the cached ID token to be stale", Duration.ofSeconds(30), this::cachedIdTokenExpired);
        refreshTokenRevoked();
        assertPods(getPods());
        assertEquals(2, browser.openings(), "the refused refresh led to one new sign-in");
        assertEquals(0, cluster.rejectedRequests(), "the cluster never saw a token it refused");
    }

    Path cacheEntry() throws Exception {
        try (var files = Files.list(home.resolve("cache"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("sso-")
                    && f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    /** What a provider does when it revokes a refresh token, done to the cache: it no longer knows the one held. */
    void refreshTokenRevoked() throws Exception {
        Path entry = cacheEntry();
        String text = Files.readString(entry);
        String refreshToken = SsoState.parse(Json.parseObject(text).string("state")).refreshToken();
        Files.writeString(entry, text.replace(refreshToken, "revoked-refresh-token"));
    }

    /** Whether the cached ID token has expired (a 5 s lifetime has no refresh margin). */
    boolean cachedIdTokenExpired() throws Exception {
        return System.currentTimeMillis() / 1000 >= Json.parseObject(Files.readString(cacheEntry())).number("expiresAt");
    }

    @Test
    void kubeconfigSaveWritesTheSsoEntryThenKubectlSignsInWithoutADigitalOceanTokenAndLogoutForcesANewSignIn()
            throws Exception {
        WireMockServer api = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        api.start();
        try {
            String clusterJson = "{\"id\":\"" + CLUSTER + "\",\"name\":\"prod\",\"region\":\"nyc1\",\"version\":\"1.33.1-do.0\","
                    + "\"status\":{\"state\":\"running\"},\"endpoint\":\"" + cluster.server() + "\",\"sso\":{\"enabled\":true,"
                    + "\"required\":true,\"issuer_url\":\"" + issuer() + "\",\"client_id\":\"" + CLIENT + "\"}}";
            api.stubFor(WireMock.get(WireMock.urlPathEqualTo("/v2/kubernetes/clusters/" + CLUSTER))
                    .willReturn(WireMock.okJson("{\"kubernetes_cluster\":" + clusterJson + "}")));
            api.stubFor(WireMock.get(WireMock.urlPathEqualTo(ApiStandIn.credentialsOf(CLUSTER)))
                    .willReturn(WireMock.okJson("{\"server\":\"" + cluster.server() + "\",\"certificate_authority_data\":\""
                            + cluster.certificateAuthorityData() + "\",\"token\":\"dop-cluster-token-unused\",\"expires_at\":\""
                            + java.time.Instant.now().plus(Duration.ofDays(7)) + "\"}")));
            // An API without the SSO kubeconfig (a stand-in as it was before May 2026): /credentials gives server and CA.
            api.stubFor(WireMock.get(WireMock.urlPathEqualTo("/v2/kubernetes/clusters/" + CLUSTER + "/kubeconfig"))
                    .willReturn(WireMock.notFound()));
            Files.delete(home.resolve("kubeconfig"));
            Map<String, String> saving = environment();
            saving.put("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_only_for_save");
            Launcher.Result save = Kubectl.run(Launcher.path(), saving, "kubeconfig", "save", CLUSTER, "--api-url",
                    api.baseUrl(), "--sso-local-server-port", Integer.toString(port));
            assertEquals(0, save.exitCode(), save.toString());
        } finally {
            api.stop();
        }

        assertPods(getPods()); // no DigitalOcean token in this environment
        assertEquals(1, browser.openings());
        Launcher.Result whoami = Kubectl.run(Launcher.path(), environment(), "sso", "whoami", "do-nyc1-prod");
        assertEquals(0, whoami.exitCode(), whoami.toString());
        Launcher.Result logout = Kubectl.run(Launcher.path(), environment(), "sso", "logout", "do-nyc1-prod");
        assertEquals(0, logout.exitCode(), logout.toString());
        assertPods(getPods());
        assertEquals(2, browser.openings(), "logout forces a new sign-in");
    }
}
