package dev.doksauth.testing;

import com.github.tomakehurst.wiremock.WireMockServer;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The stand-ins of {@code examples/demo.sh}: the DigitalOcean API (WireMock with the mappings under
 * {@code examples/wiremock}, which send the cluster's address) and a cluster on loopback HTTPS that
 * accepts only the token those mappings mint. Writes their addresses to {@code DIR/stand-ins.env}, then runs until its stdin closes.
 *
 * <p>Usage: {@code DemoStandIns DIR MAPPINGS_DIR}
 */
public final class DemoStandIns {

    /** The token examples/wiremock/mappings/credentials.json answers with. */
    static final String DEMO_TOKEN = "doks-demo-cluster-token";

    private DemoStandIns() {
    }

    /**
     * The API stand-in with the mappings under {@code mappings} (and under {@code more}, added to them), which answer
     * with {@code cluster}'s address and with the other {@code doks-demo.*} system properties set before.
     */
    static WireMockServer startApi(ClusterStandIn cluster, String mappings, String... more) {
        // The mappings answer with the cluster's address, known only now: they read these.
        System.setProperty("doks-demo.cluster-server", cluster.server());
        System.setProperty("doks-demo.cluster-ca", cluster.certificateAuthorityData());
        WireMockServer api = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .usingFilesUnderDirectory(mappings).withPermittedSystemKeys("doks-demo.*"));
        for (String directory : more) {
            api.loadMappingsUsing(new com.github.tomakehurst.wiremock.standalone.JsonFileMappingsSource(
                    new com.github.tomakehurst.wiremock.common.SingleRootFileSource(Path.of(directory, "mappings").toFile()),
                    new com.github.tomakehurst.wiremock.common.filemaker.FilenameMaker()));
        }
        api.start();
        return api;
    }

    /** Says "ready" on stdout, then serves until the demo script closes our stdin (or ends); then stops them all. */
    static void runUntilStdinCloses(WireMockServer api, ClusterStandIn... clusters) throws Exception {
        System.out.println("ready");
        try {
            while (System.in.read() >= 0) {
                // serving
            }
        } finally {
            for (ClusterStandIn cluster : clusters) {
                cluster.close();
            }
            api.stop();
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ClusterStandIn cluster = ClusterStandIn.acceptingToken(TestCertificates.make(dir, "doks-demo-cluster"), DEMO_TOKEN);
        WireMockServer api = startApi(cluster, args[1]);
        Files.writeString(dir.resolve("stand-ins.env"), "API_URL=http://127.0.0.1:" + api.port() + "\n"
                + "CLUSTER_SERVER=" + cluster.server() + "\n");
        runUntilStdinCloses(api, cluster);
        int credentialRequests = api.countRequestsMatching(getRequestedFor(urlPathMatching(ApiStandIn.CREDENTIALS)).build()).getCount();
        System.out.println("The DigitalOcean API stand-in minted " + credentialRequests + " credential(s); the cluster accepted "
                + cluster.acceptedRequests() + " request(s) and rejected " + cluster.rejectedRequests() + ".");
    }
}
