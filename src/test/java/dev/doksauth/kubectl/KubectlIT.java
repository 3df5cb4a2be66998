package dev.doksauth.kubectl;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClusterStandIn;
import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real kubectl, through an exec entry that runs the installed launcher, against a cluster that checks what it gets. */
class KubectlIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String CLUSTER_TOKEN = "doks-minted-by-the-api-stand-in";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    static final TestCertificates serverCertificates = TestCertificates.shared("doks-test-cluster");
    static final TestCertificates clientCertificates = TestCertificates.shared("doks-test-admin");

    @TempDir
    Path home;

    private Map<String, String> environment() {
        return new Launcher(home).env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_kubectl_test")
                .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString()).environment();
    }

    private Path kubeconfig(ClusterStandIn cluster, String execApiVersion) throws Exception {
        Path file = home.resolve("kubeconfig");
        Files.writeString(file, Kubectl.kubeconfig(cluster.server(), cluster.certificateAuthorityData(), execApiVersion,
                Launcher.path(), List.of("credential", CLUSTER, "--api-url", api.baseUrl())));
        return file;
    }

    private void getPodsTwice(ClusterStandIn cluster, Path kubeconfig) throws Exception {
        Path kubectl = Kubectl.find();
        for (int run = 1; run <= 2; run++) {
            Launcher.Result result = Kubectl.run(kubectl, environment(), "--kubeconfig", kubeconfig.toString(),
                    "get", "pods", "-o", "name");
            assertEquals(0, result.exitCode(), "kubectl run " + run + ": " + result);
            assertEquals("pod/" + ClusterStandIn.POD, result.stdout().strip(), result.toString());
            assertEquals(1, ApiStandIn.credentialRequests(api), "after kubectl run " + run + ", the second is a cache hit");
        }
        assertEquals(0, cluster.rejectedRequests(), "the cluster never saw a wrong credential");
        assertTrue(cluster.acceptedRequests() >= 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"})
    void aTokenCluster(String execApiVersion) throws Exception {
        ApiStandIn.answers(api, "{\"server\":\"https://x\",\"token\":\"" + CLUSTER_TOKEN + "\",\"expires_at\":\""
                + Instant.now().plus(Duration.ofDays(7)) + "\"}");
        try (ClusterStandIn cluster = ClusterStandIn.acceptingToken(serverCertificates, CLUSTER_TOKEN)) {
            getPodsTwice(cluster, kubeconfig(cluster, execApiVersion));
        }
    }

    @Test
    void aCertificateCluster() throws Exception {
        ApiStandIn.answers(api, "{\"server\":\"https://x\",\"client_certificate_data\":\""
                + TestCertificates.base64(clientCertificates.certificatePem()) + "\",\"client_key_data\":\""
                + TestCertificates.base64(clientCertificates.privateKeyPem()) + "\",\"expires_at\":\""
                + Instant.now().plus(Duration.ofDays(7)) + "\"}");
        try (ClusterStandIn cluster = ClusterStandIn.acceptingCertificate(serverCertificates, clientCertificates)) {
            getPodsTwice(cluster, kubeconfig(cluster, "client.authentication.k8s.io/v1"));
        }
    }

    @Test
    void theClusterRejectsAWrongToken() throws Exception {
        // The stand-in must be able to say no, or the tests above would prove nothing.
        ApiStandIn.answers(api, "{\"server\":\"https://x\",\"token\":\"not-the-minted-one\",\"expires_at\":\""
                + Instant.now().plus(Duration.ofDays(7)) + "\"}");
        try (ClusterStandIn cluster = ClusterStandIn.acceptingToken(serverCertificates, CLUSTER_TOKEN)) {
            Launcher.Result result = Kubectl.run(Kubectl.find(), environment(), "--kubeconfig",
                    kubeconfig(cluster, "client.authentication.k8s.io/v1").toString(), "get", "pods", "-o", "name");
            assertTrue(result.exitCode() != 0, result.toString());
            assertTrue(cluster.rejectedRequests() > 0);
        }
    }
}
