package dev.doksauth.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The stand-ins of {@code examples/demo-sso.sh}: an OpenID provider (mock-oauth2-server, which signs anyone in
 * as alice@example.com, team role Owner), the DigitalOcean API (WireMock with {@code examples/wiremock-sso}: one
 * cluster that requires SSO) and the cluster on loopback HTTPS, which takes only ID tokens it verifies against
 * the provider's keys. Writes their addresses to {@code DIR/stand-ins.env} and a "browser" to {@code DIR/browser.sh}
 * (curl following the redirects, as a person's browser would), then runs until its stdin closes.
 *
 * <p>Usage: {@code DemoSsoStandIns DIR MAPPINGS_DIR}
 */
public final class DemoSsoStandIns {

    static final String CLIENT_ID = "doks-demo-sso";

    private DemoSsoStandIns() {
    }

    /** The OpenID provider: anyone who signs in is alice@example.com, team role Owner, for {@link #CLIENT_ID}. */
    static MockOAuth2Server startProvider() throws Exception {
        MockOAuth2Server provider = LocalServers.openIdProvider(LocalServers.freePort());
        for (int i = 0; i < 50; i++) {
            provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice", "JWT", List.of(CLIENT_ID),
                    Map.of("email", "alice@example.com", "team_role", "Owner"), 3600));
        }
        return provider;
    }

    static String issuer(MockOAuth2Server provider) {
        return "http://localhost:" + provider.url("/").port() + "/default";
    }

    /** A "browser" for DOKS_AUTH_BROWSER or BROWSER: curl following the sign-in's redirects, as a person's browser would. */
    static Path writeBrowser(Path dir) throws Exception {
        Path browser = dir.resolve("browser.sh");
        Files.writeString(browser, "#!/bin/sh\n# Follows the sign-in's redirects as a person's browser would.\n"
                + "exec curl -sS -L --max-time 30 -o /dev/null \"$1\"\n");
        Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
        return browser;
    }

    /** How many sign-ins the provider was asked for; stops it. */
    static int signInsThenStop(MockOAuth2Server provider) {
        int signIns = 0;
        while (true) {
            RecordedRequest request;
            try {
                request = provider.takeRequest(100, TimeUnit.MILLISECONDS);
            } catch (RuntimeException noneLeft) { // mock-oauth2-server's word for an empty queue
                break;
            }
            if (request.getPath() != null && request.getPath().contains("/authorize")) {
                signIns++;
            }
        }
        provider.shutdown();
        return signIns;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        MockOAuth2Server provider = startProvider();
        String issuer = issuer(provider);
        ClusterStandIn cluster = ClusterStandIn.acceptingIdTokens(TestCertificates.make(dir, "doks-demo-sso-cluster"),
                issuer, CLIENT_ID);
        System.setProperty("doks-demo.issuer", issuer);
        WireMockServer api = DemoStandIns.startApi(cluster, args[1]);
        writeBrowser(dir);
        Files.writeString(dir.resolve("stand-ins.env"), "API_URL=http://127.0.0.1:" + api.port() + "\n"
                + "ISSUER=" + issuer + "\nCLUSTER_SERVER=" + cluster.server() + "\nSSO_PORT=" + LocalServers.freePort() + "\n");
        DemoStandIns.runUntilStdinCloses(api, cluster);
        int signIns = signInsThenStop(provider);
        int minted = api.countRequestsMatching(getRequestedFor(urlPathMatching(ApiStandIn.CREDENTIALS)).build()).getCount();
        System.out.println("The identity provider was asked to sign in " + signIns + " time(s); the cluster accepted "
                + cluster.acceptedRequests() + " request(s) and rejected " + cluster.rejectedRequests()
                + "; the DigitalOcean API minted " + minted + " credential(s).");
    }
}
