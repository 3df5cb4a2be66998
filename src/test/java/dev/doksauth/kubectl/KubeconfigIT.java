package dev.doksauth.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.ClusterStandIn;
import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.UnmatchedRequests;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code doks-auth kubeconfig save/remove/migrate} as a user runs them, checked through real kubectl. */
class KubeconfigIT {

    static final String TOKEN = "doks-token-minted-for-save";
    static final ApiStandIn.Cluster WEB = new ApiStandIn.Cluster("11111111-1111-4111-8111-111111111111", "web", "fra1");
    static final ApiStandIn.Cluster DB = new ApiStandIn.Cluster("22222222-2222-4222-8222-222222222222", "db", "nyc3");
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().notifier(new UnmatchedRequests())).build();

    /**
     * The SSO clusters here have no stub for DigitalOcean's SSO kubeconfig ({@code /kubeconfig?type=sso}): save
     * asks for it and, answered 404, takes the cluster's address from elsewhere. Any other unmatched request fails.
     */
    @org.junit.jupiter.api.AfterEach
    void onlyTheSsoKubeconfigWentUnmatched() {
        UnmatchedRequests.assertOnly(api, "the SSO kubeconfig", r -> r.getUrl().endsWith("/kubeconfig?type=sso"));
    }

    static final TestCertificates serverCertificates = TestCertificates.shared("doks-test-cluster");
    static final TestCertificates clientCertificates = TestCertificates.shared("doks-test-admin");

    @TempDir
    Path home;
    Launcher launcher;
    Path kubectl;

    @BeforeEach
    void setUp() {
        kubectl = Kubectl.find();
        launcher = ApiStandIn.launcher(api, home, "dop_v1_save_test");
    }

    private void account(List<ApiStandIn.Cluster> clusters, int perPage) {
        ApiStandIn.account(api, clusters, perPage, "https://127.0.0.1:1",
                TestCertificates.base64(serverCertificates.certificatePem()), "\"token\":\"" + TOKEN + "\"");
    }

    private Launcher.Result ok(Launcher.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private JsonNode view(Path kubeconfig) throws Exception {
        Launcher.Result result = Kubectl.run(kubectl, launcher.environment(), "config", "view", "--raw", "-o", "json",
                "--kubeconfig", kubeconfig.toString());
        assertEquals(0, result.exitCode(), result.toString());
        return JSON.readTree(result.stdout());
    }

    private Path rich() throws Exception {
        Path file = home.resolve("rich.yaml");
        try (InputStream in = getClass().getResourceAsStream("/kubeconfig/rich.yaml")) {
            Files.copy(in, file);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    /** The view without the entries whose names start with {@code do-}: what doks-auth must leave alone. */
    private static JsonNode withoutOurs(JsonNode view) {
        ObjectNode copy = view.deepCopy();
        for (String list : List.of("clusters", "users", "contexts")) {
            ArrayNode kept = JSON.createArrayNode();
            copy.withArray(list).forEach(e -> {
                if (!e.path("name").asText().startsWith("do-")) {
                    kept.add(e);
                }
            });
            copy.set(list, kept);
        }
        return copy;
    }

    @Test
    void saveAndRemoveLeaveEverythingElseAsItWas() throws Exception {
        account(List.of(WEB), 200);
        Path file = rich();
        JsonNode before = view(file);
        ok(launcher.run("kubeconfig", "save", "web", "--kubeconfig", file.toString(), "--no-set-current-context"));
        JsonNode saved = view(file);
        assertEquals(before, withoutOurs(saved));
        assertEquals(1 + before.get("contexts").size(), saved.get("contexts").size());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "permissions kept");
        assertTrue(Files.readString(file).contains("unknown-top-level"), "a field kubectl's view drops is kept too");
        ok(launcher.run("kubeconfig", "remove", WEB.id(), "--kubeconfig", file.toString()));
        assertEquals(before, view(file));
        assertFalse(Files.exists(home.resolve("rich.yaml.lock")));
    }

    @Test
    void saveWritesTheEntryOfTheSpecAndTheCurrentContext() throws Exception {
        account(List.of(WEB), 200);
        Path file = rich();
        Launcher.Result result = ok(launcher.run("kubeconfig", "save", WEB.id(), "--kubeconfig", file.toString(),
                "--expiry-seconds", "3600"));
        assertTrue(result.stdout().contains("do-fra1-web"), result.toString());
        JsonNode view = view(file);
        assertEquals("do-fra1-web", view.get("current-context").asText());
        JsonNode user = find(view.get("users"), "do-fra1-web-admin").get("user");
        JsonNode exec = user.get("exec");
        assertEquals("client.authentication.k8s.io/v1", exec.get("apiVersion").asText());
        assertEquals(Launcher.path().toAbsolutePath().toString(), exec.get("command").asText());
        assertEquals(List.of("credential", WEB.id(), "--expiry-seconds", "3600", "--api-url", api.baseUrl()), strings(exec.get("args")));
        assertEquals("Never", exec.get("interactiveMode").asText());
        assertTrue(exec.get("installHint").asText().contains("install"));
        JsonNode cluster = find(view.get("clusters"), "do-fra1-web").get("cluster");
        assertEquals("https://127.0.0.1:1", cluster.get("server").asText());
        assertEquals(TestCertificates.base64(serverCertificates.certificatePem()), cluster.get("certificate-authority-data").asText());
        String text = Files.readString(file);
        assertFalse(text.contains(TOKEN) || text.contains("dop_v1_save_test"), "no secret in the kubeconfig");
        ok(launcher.run("kubeconfig", "remove", "web", "--kubeconfig", file.toString()));
        assertEquals("", view(file).path("current-context").asText(), "current-context pointed at what was removed");
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode entry : list) {
            if (entry.path("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no entry " + name + " in " + list);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void kubectlWorksThroughASavedEntryAndItsFirstCommandIsACacheHit() throws Exception {
        try (ClusterStandIn cluster = ClusterStandIn.acceptingToken(serverCertificates, TOKEN)) {
            ApiStandIn.account(api, List.of(WEB), 200, cluster.server(), cluster.certificateAuthorityData(),
                    "\"token\":\"" + TOKEN + "\"");
            ok(launcher.run("kubeconfig", "save", "web"));
            assertTrue(Files.exists(home.resolve(".kube/config")), "the default kubeconfig");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".kube/config"))));
            assertEquals(1, ApiStandIn.credentialRequests(api));
            getPods(launcher.environment());
            assertEquals(1, ApiStandIn.credentialRequests(api), "kubectl's first command was served from the cache");
            assertEquals(0, cluster.rejectedRequests());
        }
    }

    private void getPods(Map<String, String> env) throws Exception {
        Launcher.Result pods = Kubectl.run(kubectl, env, "get", "pods", "-o", "name");
        assertEquals(0, pods.exitCode(), pods.toString());
        assertEquals("pod/" + ClusterStandIn.POD, pods.stdout().strip());
    }

    @Test
    void aCertificateCluster() throws Exception {
        try (ClusterStandIn cluster = ClusterStandIn.acceptingCertificate(serverCertificates, clientCertificates)) {
            ApiStandIn.account(api, List.of(DB), 200, cluster.server(), cluster.certificateAuthorityData(),
                    "\"client_certificate_data\":\"" + TestCertificates.base64(clientCertificates.certificatePem())
                            + "\",\"client_key_data\":\"" + TestCertificates.base64(clientCertificates.privateKeyPem()) + "\"");
            ok(launcher.run("kubeconfig", "save", DB.id(), "--exec-api-version", "v1beta1"));
            getPods(launcher.environment());
            assertEquals(1, ApiStandIn.credentialRequests(api));
        }
    }

    @Test
    void allFollowsEveryPage() throws Exception {
        List<ApiStandIn.Cluster> clusters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clusters.add(new ApiStandIn.Cluster("3333333" + i + "-3333-4333-8333-333333333333", "c" + i, "ams3"));
        }
        account(clusters, 2);
        Path file = home.resolve("all.yaml");
        Launcher.Result result = ok(launcher.run("kubeconfig", "save", "--all", "--kubeconfig", file.toString()));
        assertEquals(3, ApiStandIn.listRequests(api), "three pages");
        JsonNode view = view(file);
        assertEquals(5, view.get("contexts").size(), result.toString());
        assertEquals("do-ams3-c4", view.get("current-context").asText(), "the last one saved");
    }

    @Test
    void unknownAndAmbiguousNamesAreErrorsThatListTheCandidates() throws Exception {
        ApiStandIn.Cluster otherWeb = new ApiStandIn.Cluster("44444444-4444-4444-8444-444444444444", "web", "sfo3");
        account(List.of(WEB, otherWeb, DB), 200);
        Path file = home.resolve("names.yaml");
        Launcher.Result ambiguous = launcher.run("kubeconfig", "save", "web", "--kubeconfig", file.toString());
        assertEquals(1, ambiguous.exitCode());
        assertTrue(ambiguous.stderr().contains(WEB.id()) && ambiguous.stderr().contains(otherWeb.id()), ambiguous.toString());
        Launcher.Result unknown = launcher.run("kubeconfig", "save", "nope", "--kubeconfig", file.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.stderr().contains("no cluster named 'nope'") && unknown.stderr().contains("db (nyc3)"), unknown.toString());
        assertFalse(Files.exists(file), "nothing written");
        assertEquals(0, ApiStandIn.credentialRequests(api));
    }

    @Test
    void withAKubeconfigListNewEntriesGoToTheFirstFileThatExists() throws Exception {
        account(List.of(WEB), 200);
        Path missing = home.resolve("no-such-dir/missing.yaml");
        Path first = rich();
        Path second = home.resolve("second.yaml");
        Files.writeString(second, "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n");
        byte[] secondBefore = Files.readAllBytes(second);
        launcher.env("KUBECONFIG", missing + ":" + first + ":" + second);
        ok(launcher.run("kubeconfig", "save", "web", "--no-set-current-context"));
        assertFalse(Files.exists(missing.getParent()), "a missing file of the list gets nothing, not even a directory");
        assertTrue(Files.readString(first).contains("do-fra1-web-admin"));
        assertArrayEquals(secondBefore, Files.readAllBytes(second), "the other file is untouched");
    }

    @Test
    void threeSavesAtOnceKeepAllThree() throws Exception {
        List<ApiStandIn.Cluster> clusters = List.of(WEB, DB, new ApiStandIn.Cluster("55555555-5555-4555-8555-555555555555", "ci", "lon1"));
        account(clusters, 200);
        Path file = home.resolve("shared.yaml");
        List<Process> processes = new ArrayList<>();
        for (ApiStandIn.Cluster cluster : clusters) {
            processes.add(launcher.start("kubeconfig", "save", cluster.id(), "--kubeconfig", file.toString()));
        }
        for (Process process : processes) {
            ok(Launcher.finish(process));
        }
        JsonNode view = view(file);
        for (String context : List.of("do-fra1-web", "do-nyc3-db", "do-lon1-ci")) {
            find(view.get("contexts"), context);
        }
    }

    @Test
    void migrateTurnsDoctlEntriesIntoDoksAuthOnesThatKubectlUses() throws Exception {
        try (ClusterStandIn cluster = ClusterStandIn.acceptingToken(serverCertificates, TOKEN)) {
            ApiStandIn.account(api, List.of(WEB), 200, cluster.server(), cluster.certificateAuthorityData(),
                    "\"token\":\"" + TOKEN + "\"");
            Path file = home.resolve(".kube/config");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: do-fra1-web\n  cluster:\n"
                    + "    server: " + cluster.server() + "\n    certificate-authority-data: " + cluster.certificateAuthorityData() + "\n"
                    + "users:\n- name: do-fra1-web-admin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                    + "      command: doctl\n      args: [kubernetes, cluster, kubeconfig, exec-credential, --version=v1beta1, "
                    + "--context=default, " + WEB.id() + "]\n"
                    + "contexts:\n- name: do-fra1-web\n  context: {cluster: do-fra1-web, user: do-fra1-web-admin}\n"
                    + "current-context: do-fra1-web\n");
            Launcher.Result migrated = ok(launcher.run("kubeconfig", "migrate"));
            assertTrue(migrated.stdout().contains("Migrated user do-fra1-web-admin"), migrated.toString());
            JsonNode exec = find(view(file).get("users"), "do-fra1-web-admin").get("user").get("exec");
            assertEquals(List.of("credential", WEB.id()), strings(exec.get("args")));
            launcher.env("DIGITALOCEAN_API_URL", api.baseUrl());
            getPods(launcher.environment());
            assertEquals(1, ApiStandIn.credentialRequests(api));
            assertTrue(ok(launcher.run("kubeconfig", "migrate")).stdout().contains("No doctl exec entries"));
        }
    }

    @Test
    void aFileThatIsNotAKubeconfigIsLeftAsItIs() throws Exception {
        account(List.of(WEB), 200);
        Path file = home.resolve("broken.yaml");
        Files.writeString(file, "clusters: [ {name: x, cluster: \n  - : : ]]\n");
        byte[] before = Files.readAllBytes(file);
        Launcher.Result result = launcher.run("kubeconfig", "save", "web", "--kubeconfig", file.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("is not a kubeconfig") && result.stderr().lines().count() == 1, result.toString());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(home.resolve("broken.yaml.lock")));
    }

    @Test
    void entriesOfTheSameNameThatAreNotOursAreNotOverwritten() throws Exception {
        account(List.of(WEB), 200);
        Path file = home.resolve("taken.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: do-fra1-web\n  cluster: {server: 'https://other.example'}\n"
                + "users:\n- name: do-fra1-web-admin\n  user: {token: theirs}\ncontexts: []\n");
        ok(launcher.run("kubeconfig", "save", "web", "--kubeconfig", file.toString()));
        JsonNode view = view(file);
        assertEquals("theirs", find(view.get("users"), "do-fra1-web-admin").get("user").get("token").asText());
        assertEquals("https://other.example", find(view.get("clusters"), "do-fra1-web").get("cluster").get("server").asText());
        assertEquals("do-fra1-web-11111111", view.get("current-context").asText());
    }

    static final String ISSUER = "https://idp.example/realms/doks";

    private long cacheEntries() throws Exception {
        Path cache = home.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (var files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    @Test
    void anSsoClusterGetsAnSsoEntryByDefaultWithNoSecretAndNothingCached() throws Exception {
        account(List.of(WEB), 200);
        ApiStandIn.ssoCluster(api, WEB, false, ISSUER, "doks-client");
        Path file = home.resolve("sso.yaml");
        // By name: the list's items have no sso object; the cluster's own object decides.
        Launcher.Result saved = ok(launcher.run("kubeconfig", "save", "web", "--kubeconfig", file.toString(),
                "--sso-local-server-port", "18080"));
        assertTrue(saved.stdout().contains(ISSUER), saved.toString());
        JsonNode exec = find(view(file).get("users"), "do-fra1-web-admin").get("user").get("exec");
        assertEquals("client.authentication.k8s.io/v1", exec.get("apiVersion").asText());
        assertEquals(Launcher.path().toAbsolutePath().toString(), exec.get("command").asText());
        assertEquals(List.of("credential", WEB.id(), "--sso-issuer-url", ISSUER, "--sso-client-id", "doks-client",
                "--sso-local-server-port", "18080"), strings(exec.get("args")));
        assertEquals("IfAvailable", exec.get("interactiveMode").asText());
        assertTrue(exec.get("provideClusterInfo").asBoolean());
        assertTrue(exec.get("installHint").asText().contains("install"));
        assertEquals(0, cacheEntries(), "no credential fetched for an SSO entry is stored");
        assertFalse(Files.readString(file).contains(TOKEN) || Files.readString(file).contains("dop_v1_save_test"));

        ok(launcher.run("kubeconfig", "save", WEB.id(), "--kubeconfig", file.toString(), "--type", "token"));
        JsonNode token = find(view(file).get("users"), "do-fra1-web-admin").get("user").get("exec");
        assertEquals(List.of("credential", WEB.id(), "--api-url", api.baseUrl()), strings(token.get("args")),
                "--type token on a cluster where SSO is allowed, not required");
        assertEquals(1, cacheEntries());
    }

    @Test
    void aClusterThatRequiresSsoIsSavedFromItsKubeconfigWithoutMintingAToken() throws Exception {
        account(List.of(WEB), 200);
        ApiStandIn.ssoCluster(api, WEB, true, ISSUER, "doks-client");
        String ca = TestCertificates.base64(serverCertificates.certificatePem());
        ApiStandIn.ssoKubeconfig(api, WEB, "https://10.0.0.7:6443", ca);
        Path file = home.resolve("required.yaml");
        ok(launcher.run("kubeconfig", "save", WEB.id(), "--kubeconfig", file.toString()));
        JsonNode cluster = find(view(file).get("clusters"), "do-fra1-web").get("cluster");
        assertEquals("https://10.0.0.7:6443", cluster.get("server").asText());
        assertEquals(ca, cluster.get("certificate-authority-data").asText());
        assertEquals(0, ApiStandIn.credentialRequests(api), "no token minted for an SSO entry");
    }

    @Test
    void showPrintsTheEntriesSaveWritesAndTouchesNoFile() throws Exception {
        account(List.of(WEB, DB), 200);
        ApiStandIn.ssoCluster(api, DB, false, ISSUER, "doks-client");
        for (String cluster : List.of("web", DB.id())) {
            List<Path> before;
            try (var files = Files.walk(home)) {
                before = files.sorted().toList();
            }
            Launcher.Result shown = ok(launcher.run("kubeconfig", "show", cluster));
            try (var files = Files.walk(home)) {
                assertEquals(before, files.sorted().toList(), "show creates no file, not even the cache");
            }
            Path printed = home.resolve("printed-" + cluster + ".yaml");
            Files.writeString(printed, shown.stdout());
            JsonNode fromShow = view(printed);
            Files.delete(printed);
            Path savedFile = home.resolve("saved-" + cluster + ".yaml");
            ok(launcher.run("kubeconfig", "save", cluster, "--kubeconfig", savedFile.toString()));
            assertEquals(view(savedFile), fromShow, "show prints what save writes into an empty file");
            assertTrue(fromShow.get("current-context").asText().startsWith("do-"), shown.toString());
        }
        Launcher.Result sso = ok(launcher.run("kubeconfig", "show", "db", "--type", "token", "--exec-api-version", "v1beta1"));
        assertTrue(sso.stdout().contains("client.authentication.k8s.io/v1beta1") && !sso.stdout().contains("--sso-"), sso.toString());
    }

    @Test
    void clustersListsTheAccount() throws Exception {
        account(List.of(WEB, DB), 1);
        Launcher.Result table = ok(launcher.run("clusters"));
        assertTrue(table.stdout().startsWith("ID") && table.stdout().contains("web") && table.stdout().contains("nyc3"), table.toString());
        JsonNode json = JSON.readTree(ok(launcher.run("clusters", "-o", "json")).stdout());
        assertEquals(2, json.size());
    }
}
