package dev.doksauth.compat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClusterStandIn;
import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.RootCondition;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every Kubernetes client we can run here reads a kubeconfig written by {@code doks-auth kubeconfig
 * save} and lists pods from a cluster that checks the token or the client certificate. The table
 * this writes to {@code target/compat-matrix.md} is the compatibility table of docs/compatibility.md.
 */
class CompatMatrixIT {

    static final ApiStandIn.Cluster CLUSTER = new ApiStandIn.Cluster("77777777-7777-4777-8777-777777777777", "app", "sgp1");
    static final String TOKEN = "doks-token-for-the-matrix";
    static final Path TOOLS = Path.of("target/test-tools").toAbsolutePath();

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path work;

    record Client(String name, String version, String execApiVersion, List<String> command) {
    }

    private List<Client> clients() throws Exception {
        List<Client> clients = new ArrayList<>();
        Path onPath = Kubectl.find();
        clients.add(new Client("kubectl on PATH", kubectlVersion(onPath), "v1", List.of(onPath.toString())));
        Path sdk = Path.of("/usr/lib/google-cloud-sdk/bin");
        if (Files.isDirectory(sdk)) {
            try (var files = Files.list(sdk)) {
                for (Path kubectl : files.filter(f -> f.getFileName().toString().startsWith("kubectl.1.")).sorted().toList()) {
                    clients.add(new Client("kubectl (Google Cloud SDK)", kubectlVersion(kubectl), "v1", List.of(kubectl.toString())));
                }
            }
        }
        Path debian = TOOLS.resolve("kubectl-1.20/usr/bin/kubectl");
        if (!Files.isExecutable(debian)) {
            assumeTrue(RootCondition.isRoot(), RootCondition.skipMessage(".ci/test-tools runs apt-get update when "
                    + "Debian's kubectl 1.20 cannot be downloaded without it"));
            fail("no Debian kubectl 1.20 at " + debian + ": .ci/test-tools fetches it (mvn verify runs it)");
        }
        clients.add(new Client("kubectl (Debian kubernetes-client)", kubectlVersion(debian), "v1beta1", List.of(debian.toString())));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        clients.add(new Client("Fabric8 kubernetes-client", io.fabric8.kubernetes.client.Version.clientVersion(), "v1",
                List.of(java, "-cp", classpath, Fabric8Probe.class.getName())));
        clients.add(new Client("Kubernetes Java client (client-java)", packageVersion(io.kubernetes.client.openapi.ApiClient.class),
                "v1", List.of(java, "-cp", classpath, OfficialJavaProbe.class.getName())));
        Path node = TOOLS.resolve("node");
        Path nodeModule = node.resolve("node_modules/@kubernetes/client-node/package.json");
        if (which("node") != null) {
            if (!Files.exists(nodeModule)) {
                fail("Node.js is here but @kubernetes/client-node is not: .ci/test-tools installs it (mvn verify runs it)");
            }
            Files.copy(Path.of("src/test/node/probe.mjs"), node.resolve("probe.mjs"), StandardCopyOption.REPLACE_EXISTING);
            String version = Files.readString(nodeModule).replaceAll("(?s).*?\"version\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            clients.add(new Client("@kubernetes/client-node", version + " (Node.js " + nodeVersion() + ")", "v1",
                    List.of(which("node").toString(), node.resolve("probe.mjs").toString())));
        }
        return clients;
    }

    private static String kubectlVersion(Path kubectl) throws Exception {
        Launcher.Result result = Kubectl.run(kubectl, Map.of("PATH", System.getenv("PATH"), "HOME", "/tmp"), "version", "--client");
        String out = result.stdout();
        int at = out.indexOf("GitVersion:\"");
        if (at >= 0) {
            return out.substring(at + 12, out.indexOf('"', at + 12));
        }
        return out.lines().findFirst().orElse("?").replace("Client Version: ", "").strip();
    }

    private static String packageVersion(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : System.getProperty("kubernetes-java.version", "27.0.0");
    }

    private static String nodeVersion() throws Exception {
        return dev.doksauth.testing.Processes.runOk(java.time.Duration.ofSeconds(30), which("node").toString(), "--version").strip();
    }

    private static Path which(String name) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** One cell: save an entry for the kind of cluster, then let the client list pods through it. */
    private String cell(Client client, boolean certificate, TestCertificates server, TestCertificates admin) throws Exception {
        Path home = Files.createTempDirectory(work, "cell");
        api.resetAll();
        try (ClusterStandIn cluster = certificate ? ClusterStandIn.acceptingCertificate(server, admin)
                : ClusterStandIn.acceptingToken(server, TOKEN)) {
            String credential = certificate
                    ? "\"client_certificate_data\":\"" + TestCertificates.base64(admin.certificatePem())
                      + "\",\"client_key_data\":\"" + TestCertificates.base64(admin.privateKeyPem()) + "\""
                    : "\"token\":\"" + TOKEN + "\"";
            ApiStandIn.account(api, List.of(CLUSTER), 200, cluster.server(), cluster.certificateAuthorityData(), credential);
            Launcher launcher = ApiStandIn.launcher(api, home, "dop_v1_matrix");
            Path kubeconfig = home.resolve("kubeconfig");
            Launcher.Result saved = launcher.run("kubeconfig", "save", CLUSTER.id(), "--kubeconfig", kubeconfig.toString(),
                    "--exec-api-version", client.execApiVersion());
            assertEquals(0, saved.exitCode(), saved.toString());
            List<String> command = new ArrayList<>(client.command());
            if (client.name().startsWith("kubectl")) {
                command.addAll(List.of("--kubeconfig", kubeconfig.toString(), "get", "pods", "-o", "name"));
            } else {
                command.add(kubeconfig.toString());
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(launcher.environment());
            Launcher.Result result = Launcher.finish(builder.start());
            Path log = Path.of("target/compat-logs", (client.name() + "-" + client.version() + "-"
                    + (certificate ? "certificate" : "token")).replaceAll("[^A-Za-z0-9.-]+", "_") + ".log");
            Files.createDirectories(log.getParent());
            Files.writeString(log, result.toString());
            if (result.exitCode() == 0 && result.stdout().contains("pod/" + ClusterStandIn.POD) && cluster.rejectedRequests() == 0) {
                return null;
            }
            String why = (result.stderr() + result.stdout()).lines().filter(l -> !l.isBlank() && !l.startsWith("SLF4J"))
                    .filter(l -> l.contains("Exception") || l.contains("rror")).findFirst().orElse(result.stderr().strip());
            return "exit " + result.exitCode() + ": " + why.substring(0, Math.min(200, why.length()));
        }
    }

    @Test
    void everyClientListsPodsThroughASavedEntry() throws Exception {
        TestCertificates server = TestCertificates.make(work, "doks-matrix-cluster");
        TestCertificates admin = TestCertificates.makeRsa(work, "doks-matrix-admin");
        StringBuilder table = new StringBuilder("| client | version | token cluster | certificate cluster | exec apiVersion |\n"
                + "|---|---|---|---|---|\n");
        Map<String, String> failures = new TreeMap<>();
        for (Client client : clients()) {
            String[] cells = new String[2];
            for (int kind = 0; kind < 2; kind++) {
                String problem = cell(client, kind == 1, server, admin);
                if (problem == null) {
                    cells[kind] = "yes";
                } else {
                    cells[kind] = "NO";
                    failures.put(client.name() + " " + client.version() + " / " + (kind == 1 ? "certificate" : "token"), problem);
                }
            }
            table.append("| ").append(client.name()).append(" | ").append(client.version()).append(" | ").append(cells[0])
                    .append(" | ").append(cells[1]).append(" | client.authentication.k8s.io/").append(client.execApiVersion())
                    .append(" |\n");
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/compat-matrix.md"), table.toString());
        assertTrue(failures.isEmpty(), "clients that failed:\n" + String.join("\n",
                failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()) + "\n\n" + table);
    }
}
