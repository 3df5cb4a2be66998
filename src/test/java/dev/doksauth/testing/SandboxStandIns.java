package dev.doksauth.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import no.nav.security.mock.oauth2.MockOAuth2Server;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The stand-ins of {@code examples/sandbox.sh}, every one at once: the OpenID provider of the SSO demo, the
 * DigitalOcean API with three clusters (the mappings of {@code examples/wiremock}, {@code examples/wiremock-sso}
 * and {@code examples/wiremock-sandbox}: {@code demo} with a token, {@code demo-cert} with a client certificate,
 * {@code demo-sso} that requires single sign-on), and the clusters on loopback HTTPS: {@code demo} and
 * {@code demo-sso} are one server that takes the demo token and the provider's ID tokens, {@code demo-cert}
 * another that takes only its client certificate. Writes their addresses to {@code DIR/stand-ins.env} and the
 * browser to {@code DIR/browser.sh}, then runs until its stdin closes.
 *
 * <p>Usage: {@code SandboxStandIns DIR EXAMPLES_DIR}
 */
public final class SandboxStandIns {

    private SandboxStandIns() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path examples = Path.of(args[1]);
        MockOAuth2Server provider = DemoSsoStandIns.startProvider();
        String issuer = DemoSsoStandIns.issuer(provider);
        ClusterStandIn cluster = ClusterStandIn.acceptingToken(TestCertificates.make(dir, "doks-sandbox-cluster"),
                DemoStandIns.DEMO_TOKEN);
        cluster.acceptIdTokens(issuer, DemoSsoStandIns.CLIENT_ID);
        TestCertificates client = TestCertificates.make(dir, "doks-sandbox-client");
        ClusterStandIn certCluster = ClusterStandIn.acceptingCertificate(
                TestCertificates.make(dir, "doks-sandbox-cert-cluster"), client);
        System.setProperty("doks-demo.issuer", issuer);
        System.setProperty("doks-demo.cert-cluster-server", certCluster.server());
        System.setProperty("doks-demo.cert-cluster-ca", certCluster.certificateAuthorityData());
        System.setProperty("doks-demo.client-certificate", TestCertificates.base64(client.certificatePem()));
        System.setProperty("doks-demo.client-key", TestCertificates.base64(client.privateKeyPem()));
        WireMockServer api = DemoStandIns.startApi(cluster, examples.resolve("wiremock").toString(),
                examples.resolve("wiremock-sso").toString(), examples.resolve("wiremock-sandbox").toString());
        DemoSsoStandIns.writeBrowser(dir);
        Files.writeString(dir.resolve("stand-ins.env"), "API_URL=http://127.0.0.1:" + api.port() + "\n"
                + "ISSUER=" + issuer + "\nCLUSTER_SERVER=" + cluster.server() + "\nCERT_CLUSTER_SERVER="
                + certCluster.server() + "\nSSO_PORT=" + LocalServers.freePort() + "\n");
        DemoStandIns.runUntilStdinCloses(api, cluster, certCluster);
        int signIns = DemoSsoStandIns.signInsThenStop(provider);
        int minted = api.countRequestsMatching(getRequestedFor(urlPathMatching(ApiStandIn.CREDENTIALS)).build()).getCount();
        System.out.println("The identity provider was asked to sign in " + signIns + " time(s); the DigitalOcean API "
                + "minted " + minted + " credential(s); the clusters accepted "
                + (cluster.acceptedRequests() + certCluster.acceptedRequests()) + " request(s) and rejected "
                + (cluster.rejectedRequests() + certCluster.rejectedRequests()) + ".");
    }
}
