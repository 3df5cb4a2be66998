package dev.doksauth.kubectl;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClusterStandIn;
import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cached credential the cluster stops taking (its credentials were reset) is replaced by itself:
 * at most one kubectl command fails, and ordinary use mints nothing extra.
 */
class SelfHealingIT {

    static final ApiStandIn.Cluster WEB = new ApiStandIn.Cluster("66666666-6666-4666-8666-666666666666", "web", "fra1");
    static final List<String> TOKENS = List.of("doks-token-a", "doks-token-b", "doks-token-c");

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    static final TestCertificates serverCertificates = TestCertificates.shared("doks-test-cluster");

    @TempDir
    Path home;
    Launcher launcher;
    ClusterStandIn cluster;

    /** A cluster that takes token A; an API that mints A, then B, then C; an entry saved with kubeconfig save. */
    @BeforeEach
    void saveAnEntry() throws Exception {
        cluster = ClusterStandIn.acceptingToken(serverCertificates, TOKENS.get(0));
        ApiStandIn.account(api, List.of(WEB), 200, cluster.server(), cluster.certificateAuthorityData(), "\"token\":\"x\"");
        String[] states = {STARTED, "b", "c", "c"};
        for (int i = 0; i < TOKENS.size(); i++) {
            api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).inScenario("tokens").whenScenarioStateIs(states[i])
                    .willSetStateTo(states[i + 1]).willReturn(okJson("{\"server\":\"" + cluster.server()
                            + "\",\"certificate_authority_data\":\"" + cluster.certificateAuthorityData() + "\",\"token\":\""
                            + TOKENS.get(i) + "\",\"expires_at\":\"" + Instant.now().plus(Duration.ofDays(7)) + "\"}")));
        }
        launcher = ApiStandIn.launcher(api, home, "dop_v1_healing");
        Launcher.Result saved = launcher.run("kubeconfig", "save", WEB.id());
        assertEquals(0, saved.exitCode(), saved.toString());
        assertEquals(1, ApiStandIn.credentialRequests(api));
    }

    @org.junit.jupiter.api.AfterEach
    void stopCluster() {
        cluster.close();
    }

    private Launcher.Result getPods() throws Exception {
        return Kubectl.run(Kubectl.find(), launcher.environment(), "get", "pods", "-o", "name");
    }

    @Test
    void afterTheClusterRejectsTheCachedTokenAtMostOneCommandFails() throws Exception {
        assertEquals(0, getPods().exitCode());
        cluster.accept(TOKENS.get(1)); // the cluster's credentials were reset: token A is dead
        Launcher.Result first = getPods();
        Launcher.Result second = getPods();
        assertEquals(0, second.exitCode(), "the second command after the reset works: " + second);
        assertEquals("pod/" + ClusterStandIn.POD, second.stdout().strip());
        assertTrue(ApiStandIn.credentialRequests(api) - 1 <= 2, ApiStandIn.credentialRequests(api) - 1
                + " new credentials requests; first command: " + first);
        assertEquals(0, getPods().exitCode(), "and it stays healed");
    }

    @Test
    void ordinaryUseMintsNothingExtra() throws Exception {
        for (int i = 0; i < 20; i++) {
            Launcher.Result result = getPods();
            assertEquals(0, result.exitCode(), "command " + i + ": " + result);
        }
        List<Process> together = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ProcessBuilder builder = new ProcessBuilder(Kubectl.find().toString(), "get", "pods", "-o", "name");
            builder.environment().clear();
            builder.environment().putAll(launcher.environment());
            together.add(builder.start());
        }
        for (Process process : together) {
            Launcher.Result result = Launcher.finish(process);
            assertEquals(0, result.exitCode(), result.toString());
        }
        assertEquals(1, ApiStandIn.credentialRequests(api), "only the fetch of kubeconfig save");
        assertEquals(0, cluster.rejectedRequests());
    }

    /**
     * The Google Cloud SDK's kubectl runs the plugin, then execs the versioned kubectl in the same
     * process, which runs it again: the same PID, another program. That is no suspicion: ordinary
     * commands ask the cluster nothing (and start no full JVM), and a rejection still heals.
     */
    @Test
    void theCloudSdkDispatcherMakesNoCheckInOrdinaryUse() throws Exception {
        Path kubectl = Kubectl.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kubectl.toRealPath().resolveSibling("kubectl.1.32")),
                "this machine's kubectl is not the Cloud SDK dispatcher");
        for (int i = 0; i < 5; i++) {
            assertEquals(0, getPods().exitCode());
        }
        assertEquals(0, cluster.checksByDoksAuth(), "no command asked the cluster about the token");
        cluster.accept(TOKENS.get(1));
        getPods();
        assertEquals(0, getPods().exitCode(), "healed within one failed command");
    }

    @Test
    void aClientThatRunsThePluginTwiceWithoutARejectionMintsNothing() throws Exception {
        // This test JVM is the client: both runs have the same parent, as after a 401 in client-go.
        launcher.env("KUBERNETES_EXEC_INFO", "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
                + "\"spec\":{\"interactive\":false,\"cluster\":{\"server\":\"" + cluster.server()
                + "\",\"certificate-authority-data\":\"" + cluster.certificateAuthorityData() + "\"}}}");
        Launcher.Result first = launcher.run("credential", WEB.id());
        int checksBefore = cluster.acceptedRequests();
        Launcher.Result second = launcher.run("credential", WEB.id());
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals(first.stdout(), second.stdout(), "the same credential");
        assertEquals(checksBefore + 1, cluster.acceptedRequests(), "the second run asked the cluster once");
        assertEquals(1, ApiStandIn.credentialRequests(api));
        cluster.accept(TOKENS.get(1));
        Launcher.Result third = launcher.run("credential", WEB.id());
        assertTrue(third.stdout().contains(TOKENS.get(1)), "rejected, so replaced: " + third);
        assertEquals(2, ApiStandIn.credentialRequests(api));
    }
}
