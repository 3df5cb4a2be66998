package dev.doksauth.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Poll;
import dev.doksauth.testing.Secrets;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kubeconfig edit is lossless, or refused with the file untouched: every case goes through the installed
 * launcher, and real kubectl ({@code kubectl config view --raw -o json}) says what the file holds before and after.
 */
class KubeconfigFaultsIT {

    static final String DO_TOKEN = "dop_v1_kubeconfig_fault_secret";
    static final String USER_SECRET = "users-own-password-0451";
    static final ApiStandIn.Cluster PROD = new ApiStandIn.Cluster("7a1c2e3f-0000-4000-8000-00000000c0de", "prod", "nyc1");
    static final String DOCTL_ID = "9b2d3e4f-1111-4111-8111-0000000d0c71";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    /** The CA data of the clusters: base64 of a real certificate's PEM, as the API gives it. */
    static final String CA_DATA = TestCertificates.clusterCaData();

    @TempDir
    Path home;
    Launcher launcher;
    Path kubectl;

    @BeforeEach
    void setUp() {
        kubectl = Kubectl.find();
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN).env("DOKS_AUTH_TIMEOUT", "20");
        ApiStandIn.account(api, List.of(PROD), 200, "https://127.0.0.1:1", CA_DATA, "\"token\":\"doks-minted-token\"");
    }

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneIn(home, DO_TOKEN);
    }

    private JsonNode view(Path file) throws Exception {
        Launcher.Result result = Kubectl.run(kubectl, launcher.environment(), "config", "view", "--raw", "-o", "json",
                "--kubeconfig", file.toString());
        assertEquals(0, result.exitCode(), "kubectl reads " + file + ": " + result);
        return JSON.readTree(result.stdout());
    }

    /** The view without the entries doks-auth wrote for PROD (named do-nyc1-prod or with its ID's first part). */
    private static JsonNode withoutOurs(JsonNode view, Set<String> ours) {
        ObjectNode copy = view.deepCopy();
        for (String list : List.of("clusters", "users", "contexts")) {
            ArrayNode kept = JSON.createArrayNode();
            copy.path(list).forEach(e -> {
                if (!ours.contains(e.path("name").asText())) {
                    kept.add(e);
                }
            });
            copy.set(list, kept);
        }
        copy.remove("current-context");
        return copy;
    }

    private static void assertOneSentenceFailure(Launcher.Result result, int exitCode, String... secrets) {
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertEquals("", result.stdout(), result.toString());
        // With DOKS_AUTH_VERBOSE=1 the verbose lines come first; the failure is still one sentence.
        List<String> sentences = result.stderr().strip().lines().filter(l -> !l.startsWith("doks-auth: [verbose] ")).toList();
        assertTrue(sentences.size() == 1 && sentences.get(0).startsWith("doks-auth: "), result.toString());
        assertFalse(result.stderr().contains("\tat ") || result.stderr().contains("Exception"), result.toString());
        for (String secret : secrets) {
            assertFalse(result.stderr().contains(secret), "a secret in the message: " + result);
        }
    }

    private Path write(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static final String USERS_OWN = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: do-nyc1-prod
              cluster: {server: 'https://mine.example:6443', insecure-skip-tls-verify: true}
            users:
            - name: do-nyc1-prod-admin
              user: {username: me, password: %s}
            contexts:
            - name: do-nyc1-prod
              context: {cluster: do-nyc1-prod, user: do-nyc1-prod-admin, namespace: mine}
            current-context: do-nyc1-prod
            """.formatted(USER_SECRET);

    /** Valid kubeconfigs kubectl reads, in shapes that a naive YAML round trip loses. */
    static Map<String, String> unusualButValid() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("aliases", """
                apiVersion: v1
                kind: Config
                x-ca: &ca Zm9vYmFy
                x-api: &api https://api.example:6443
                clusters:
                - name: a
                  cluster: &shared
                    server: *api
                    certificate-authority-data: *ca
                - name: b
                  cluster: *shared
                users:
                - &me
                  name: me
                  user: {token: %s}
                contexts:
                - name: a
                  context: &ctx {cluster: a, user: me}
                - name: b
                  context:
                    <<: *ctx
                    cluster: b
                    namespace: "yes"
                current-context: a
                """.formatted(USER_SECRET));
        StringBuilder lookAlikes = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        String[] values = {"1e3", "0x1F", "1_000", ".inf", "-.Inf", ".nan", "yes", "on", "No", "OFF", "~", "null", "012",
                "0o17", "1:20", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "true", "+1", "0.", "y", "n", "=", "<<"};
        for (int i = 0; i < values.length; i++) {
            lookAlikes.append("- name: '").append(values[i]).append("'\n  cluster:\n    server: 'https://c").append(i)
                    .append(".example'\n    tls-server-name: \"").append(values[i]).append("\"\n    proxy-url: 'http://p.example'\n");
        }
        lookAlikes.append("users:\n- name: '0x1F'\n  user: {token: '1e3', username: 'yes', password: '~'}\ncontexts:\n"
                + "- name: '.inf'\n  context: {cluster: '1e3', user: '0x1F', namespace: '012'}\ncurrent-context: '.inf'\n");
        files.put("look-alike strings", lookAlikes.toString());
        files.put("multi-line, unicode, tabs, comments, document marker", """
                # a comment that may go, but nothing else may
                ---
                apiVersion: v1
                kind: Config
                clusters:
                - name: ünïcødé-✓  # trailing comment
                  cluster:
                    server:\t"https://ex.example:6443"
                    certificate-authority-data: "Zm9v\\
                      YmFy"
                users:
                - name: "tab\\tname"
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: "sh"
                      args:
                      - -c
                      - |
                        echo one
                          echo two with	a tab
                        echo "three"
                      env:
                      - {name: "A", value: "line1\\nline2"}
                      - {name: B, value: '   spaced   '}
                contexts:
                - name: "c: colon"
                  context: {cluster:\t"ünïcødé-✓", user: "tab\\tname"}
                """);
        return files;
    }

    @Test
    void everyEntryReadsBackIdenticallyAfterSaveRemoveAndMigrate() throws Exception {
        Set<String> ours = Set.of("do-nyc1-prod", "do-nyc1-prod-admin");
        for (Map.Entry<String, String> kind : unusualButValid().entrySet()) {
            Path file = write("unusual.yaml", kind.getValue());
            JsonNode before = view(file);
            Launcher.Result saved = launcher.run("kubeconfig", "save", "prod", "--kubeconfig", file.toString());
            assertEquals(0, saved.exitCode(), kind.getKey() + ": " + saved);
            JsonNode afterSave = view(file);
            assertEquals(withoutOurs(before, Set.of()), withoutOurs(afterSave, ours), kind.getKey());
            assertEquals("do-nyc1-prod", afterSave.get("current-context").asText());
            assertEquals(0, launcher.run("kubeconfig", "migrate", "--kubeconfig", file.toString()).exitCode());
            assertEquals(afterSave, view(file), kind.getKey() + ": migrate with nothing of doctl's changes nothing");
            Launcher.Result removed = launcher.run("kubeconfig", "remove", PROD.id(), "--kubeconfig", file.toString());
            assertEquals(0, removed.exitCode(), kind.getKey() + ": " + removed);
            JsonNode afterRemove = view(file);
            assertEquals(withoutOurs(before, Set.of()), withoutOurs(afterRemove, Set.of()), kind.getKey());
            assertFalse(Files.readString(file).contains("&") && kind.getKey().equals("aliases"), "no anchor is written");
        }
    }

    @Test
    void aLargeFileKubectlReadsIsEditedAndOneOverTheLimitIsRefusedUntouched() throws Exception {
        StringBuilder big = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        String ca = "QUJD".repeat(4000);
        for (int i = 0; big.length() < (6 << 20); i++) {
            big.append("- name: c").append(i).append("\n  cluster:\n    server: https://c").append(i)
                    .append(".example\n    certificate-authority-data: ").append(ca).append('\n');
        }
        Path file = write("big.yaml", big.toString());
        JsonNode before = view(file);
        Launcher.Result saved = launcher.run("kubeconfig", "save", "prod", "--kubeconfig", file.toString());
        assertEquals(0, saved.exitCode(), saved.toString());
        assertEquals(before.get("clusters").size() + 1, view(file).get("clusters").size());

        while (big.length() <= (16 << 20)) {
            big.append("# padding ").append("x".repeat(1000)).append('\n');
        }
        Path huge = write("huge.yaml", big.toString());
        byte[] hugeBytes = Files.readAllBytes(huge);
        Launcher.Result refused = launcher.run("kubeconfig", "save", "prod", "--kubeconfig", huge.toString());
        assertOneSentenceFailure(refused, 1);
        assertTrue(refused.stderr().contains("16 MiB") && refused.stderr().contains(huge.toString()), refused.toString());
        assertArrayEquals(hugeBytes, Files.readAllBytes(huge));
    }

    @Test
    void whatCannotBeEditedLosslesslyIsRefusedWithTheFileByteIdentical() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("duplicate key", "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    password: " + USER_SECRET
                + "\n    password: other-" + USER_SECRET + "\n");
        files.put("duplicate top-level key", "apiVersion: v1\nkind: Config\nclusters: []\nclusters: []\n");
        files.put("two documents", "apiVersion: v1\nkind: Config\n---\nusers:\n- name: u\n  user: {token: " + USER_SECRET + "}\n");
        files.put("broken YAML", "apiVersion: v1\nusers:\n- name: u\n  user: {token: " + USER_SECRET + "\n  - : ]\n");
        files.put("not a kubeconfig", "- " + USER_SECRET + "\n");
        files.put("clusters not a list", "apiVersion: v1\nclusters: {token: " + USER_SECRET + "}\n");
        files.put("not UTF-8", "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user: {token: " + USER_SECRET + "\u00ff}\n");
        for (Map.Entry<String, String> kind : files.entrySet()) {
            Path file = home.resolve("refused.yaml");
            byte[] bytes = kind.getKey().equals("not UTF-8")
                    ? kind.getValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)
                    : kind.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Files.write(file, bytes);
            for (List<String> command : List.of(List.of("save", "prod"), List.of("remove", PROD.id()), List.of("migrate"))) {
                List<String> args = new ArrayList<>(List.of("kubeconfig"));
                args.addAll(command);
                args.addAll(List.of("--kubeconfig", file.toString()));
                launcher.env("DOKS_AUTH_VERBOSE", "1");
                Launcher.Result result = launcher.run(args.toArray(String[]::new));
                launcher.env("DOKS_AUTH_VERBOSE", null);
                assertOneSentenceFailure(result, 1, USER_SECRET);
                assertTrue(result.stderr().contains(file.toString()), kind.getKey() + ": names the file: " + result);
                assertArrayEquals(bytes, Files.readAllBytes(file), kind.getKey() + " " + command);
                assertEquals(0, ApiStandIn.credentialRequests(api), "refused before a credential was minted for nothing");
                assertFalse(Files.exists(home.resolve("refused.yaml.lock")));
            }
        }
        Files.writeString(home.resolve("refused.yaml"), files.get("broken YAML"));
        Launcher.Result located = launcher.run("kubeconfig", "save", "prod", "--kubeconfig", home.resolve("refused.yaml").toString());
        assertTrue(located.stderr().contains("line 5"), "the position of the error: " + located);
    }

    @Test
    void entriesNamedLikeOursThatAreNotOursStayExactlyAsTheyAre() throws Exception {
        for (List<String> options : List.of(List.<String>of(), List.of("--no-set-current-context"))) {
            for (String yaml : List.of(USERS_OWN, USERS_OWN.replaceAll("(?s)users:.*contexts:", "users: []\ncontexts:"),
                    USERS_OWN.replaceAll("(?s)clusters:.*users:", "clusters: []\nusers:"))) {
                Path file = write("own.yaml", yaml);
                JsonNode before = view(file);
                List<String> args = new ArrayList<>(List.of("kubeconfig", "save", "prod", "--kubeconfig", file.toString()));
                args.addAll(options);
                Launcher.Result saved = launcher.run(args.toArray(String[]::new));
                assertEquals(0, saved.exitCode(), saved.toString());
                JsonNode after = view(file);
                String suffixed = "do-nyc1-prod-" + PROD.id().substring(0, 8);
                assertEquals(withoutOurs(before, Set.of()), withoutOurs(after, Set.of(suffixed, suffixed + "-admin")), options + yaml);
                assertEquals(options.isEmpty() ? suffixed : "do-nyc1-prod", after.get("current-context").asText());
                assertTrue(saved.stdout().contains(suffixed), saved.toString());
                Launcher.Result removed = launcher.run("kubeconfig", "remove", "prod", "--kubeconfig", file.toString());
                assertEquals(0, removed.exitCode(), removed.toString());
                JsonNode afterRemove = view(file);
                assertEquals(withoutOurs(before, Set.of()), withoutOurs(afterRemove, Set.of()));
            }
        }
    }

    @Test
    void aRewrittenFileKeepsItsOwnerGroupAndMode() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root: only root can write another user's kubeconfig (CI runs as root)");
        Path file = write("theirs.yaml", USERS_OWN);
        UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        GroupPrincipal group = users.lookupPrincipalByGroupName(Files.exists(Path.of("/etc/group"))
                && Files.readString(Path.of("/etc/group")).contains("nogroup:") ? "nogroup" : "nobody");
        view.setOwner(users.lookupPrincipalByName("nobody"));
        view.setGroup(group);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        for (List<String> command : List.of(List.of("save", "prod"), List.of("remove", "prod"))) {
            List<String> args = new ArrayList<>(List.of("kubeconfig"));
            args.addAll(command);
            args.addAll(List.of("--kubeconfig", file.toString()));
            assertEquals(0, launcher.run(args.toArray(String[]::new)).exitCode(), command.toString());
            PosixFileAttributes after = Files.readAttributes(file, PosixFileAttributes.class);
            assertEquals("nobody", after.owner().getName(), command.toString());
            assertEquals(group.getName(), after.group().getName(), command.toString());
            assertEquals("rw-rw----", PosixFilePermissions.toString(after.permissions()), command.toString());
        }
    }

    @Test
    void theLockGoesOnSigtermAndSigintAndALockThatIsNotOursStays() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path first = write("first.yaml", USERS_OWN);
            Path second = write("second.yaml", "apiVersion: v1\nkind: Config\n");
            // Someone else (this test) holds the second file's lock: save takes the first file's and waits for it.
            Path othersLock = Files.createFile(home.resolve("second.yaml.lock"));
            Path ourLock = home.resolve("first.yaml.lock");
            launcher.env("KUBECONFIG", first + ":" + second).env("DOKS_AUTH_TIMEOUT", "60");
            Process save = launcher.start("kubeconfig", "save", "prod");
            Poll.until("save to take " + ourLock, Duration.ofSeconds(30), () -> Files.exists(ourLock) || !save.isAlive());
            assertTrue(save.isAlive(), "save waits for the second lock");
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(save.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0);
            assertTrue(save.waitFor(30, TimeUnit.SECONDS), "the signal ends save");
            assertFalse(Files.exists(ourLock), "SIG" + signal + ": the lock save created is gone");
            assertTrue(Files.exists(othersLock), "SIG" + signal + ": a lock save did not create stays");
            assertEquals(USERS_OWN, Files.readString(first), "nothing was written");
            launcher.env("KUBECONFIG", null).env("DOKS_AUTH_TIMEOUT", "20");
            Launcher.Result use = Kubectl.run(kubectl, launcher.environment(), "config", "use-context", "do-nyc1-prod",
                    "--kubeconfig", first.toString());
            assertEquals(0, use.exitCode(), use.toString());
            try (Stream<Path> left = Files.list(home)) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".doks-auth-")), "no temporary file left");
            }
            Files.delete(othersLock);
        }
    }

    private static String doctlEntry(String args, String env) {
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: do-fra1-doctl\n  cluster: {server: 'https://d.example'}\n"
                + "users:\n- name: do-fra1-doctl-admin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                + "      command: doctl\n      args: " + args + "\n" + env
                + "contexts:\n- name: do-fra1-doctl\n  context: {cluster: do-fra1-doctl, user: do-fra1-doctl-admin}\n";
    }

    @Test
    void migrateKeepsTheIdentityAndRefusesATokenOnTheCommandLine() throws Exception {
        String otherAccount = "dop_v1_other_account_" + "token";
        Path file = write("doctl.yaml", doctlEntry("[kubernetes, cluster, kubeconfig, exec-credential, --version=v1beta1, "
                + "--context=default, " + DOCTL_ID + "]", "      env:\n      - name: DIGITALOCEAN_ACCESS_TOKEN\n        value: "
                + otherAccount + "\n"));
        assertEquals(0, launcher.run("kubeconfig", "migrate", "--kubeconfig", file.toString()).exitCode());
        JsonNode exec = view(file).get("users").get(0).get("user").get("exec");
        assertEquals("client.authentication.k8s.io/v1beta1", exec.get("apiVersion").asText());
        assertEquals(Launcher.path().toAbsolutePath().toString(), exec.get("command").asText());
        assertEquals(otherAccount, exec.get("env").get(0).get("value").asText(), "the other account's token stays in env");
        // kubectl runs the entry with its env: the API sees the other account's token, not the one of the environment.
        Launcher.Result pods = Kubectl.run(kubectl, launcher.environment(), "--kubeconfig", file.toString(), "--context", "do-fra1-doctl", "get", "pods",
                "--request-timeout", "5s");
        assertEquals(1, api.findAll(getRequestedFor(urlPathMatching(ApiStandIn.CREDENTIALS))
                .withHeader("Authorization", equalTo("Bearer " + otherAccount))).size(), pods.toString());
        assertEquals(0, api.findAll(getRequestedFor(urlPathMatching(ApiStandIn.CREDENTIALS))
                .withHeader("Authorization", equalTo("Bearer " + DO_TOKEN))).size());

        for (String token : List.of("--access-token=" + USER_SECRET, "-t, " + USER_SECRET, "--access-token, " + USER_SECRET)) {
            Path withToken = write("token-in-args.yaml", doctlEntry("[kubernetes, cluster, kubeconfig, exec-credential, "
                    + token + ", " + DOCTL_ID + "]", ""));
            byte[] before = Files.readAllBytes(withToken);
            Launcher.Result refused = launcher.run("kubeconfig", "migrate", "--kubeconfig", withToken.toString());
            assertOneSentenceFailure(refused, 1, USER_SECRET);
            assertTrue(refused.stderr().contains("token"), refused.toString());
            assertArrayEquals(before, Files.readAllBytes(withToken));
        }
    }

    @Test
    void removeAndMigrateNameAMissingKubeconfigAndCreateNothing() throws Exception {
        Path missing = home.resolve("no/such/dir/config");
        for (List<String> command : List.of(List.of("remove", PROD.id()), List.of("migrate"))) {
            List<String> args = new ArrayList<>(List.of("kubeconfig"));
            args.addAll(command);
            Launcher.Result option = launcher.run(concat(args, "--kubeconfig", missing.toString()));
            assertOneSentenceFailure(option, 1);
            assertTrue(option.stderr().contains(missing.toString()) && option.stderr().contains("does not exist"), option.toString());
            launcher.env("KUBECONFIG", missing.toString());
            Launcher.Result env = launcher.run(args.toArray(String[]::new));
            launcher.env("KUBECONFIG", null);
            assertOneSentenceFailure(env, 1);
            assertTrue(env.stderr().contains(missing.toString()), env.toString());
            Launcher.Result defaultFile = launcher.run(args.toArray(String[]::new));
            assertOneSentenceFailure(defaultFile, 1);
            assertTrue(defaultFile.stderr().contains(home.resolve(".kube/config").toString()), defaultFile.toString());
            assertFalse(Files.exists(home.resolve("no")) || Files.exists(home.resolve(".kube")), "no directory created");
        }
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aFailedRemoveKeepsTheCacheAndASuccessfulOneTakesOnlyItsIdentitysEntry() throws Exception {
        Path file = home.resolve("cache-test.yaml");
        assertEquals(0, launcher.run("kubeconfig", "save", "prod", "--kubeconfig", file.toString(), "--expiry-seconds", "3600").exitCode());
        assertEquals(0, launcher.run("credential", PROD.id()).exitCode(), "another identity: no expiry option");
        assertEquals(2, cacheEntries());
        byte[] before = Files.readAllBytes(file);

        Launcher.Result failed = launcher.run("kubeconfig", "remove", PROD.id(), "7a1c2e3f-0000-4000-8000-0000000000ff",
                "--kubeconfig", file.toString());
        assertOneSentenceFailure(failed, 1);
        assertArrayEquals(before, Files.readAllBytes(file), "a failed remove changes no file");
        assertEquals(2, cacheEntries(), "nor the cache");

        Launcher.Result removed = launcher.run("kubeconfig", "remove", PROD.id(), "--kubeconfig", file.toString());
        assertEquals(0, removed.exitCode(), removed.toString());
        assertEquals(1, cacheEntries(), "the entry of the removed identity only");
        Launcher.Result list = launcher.run("cache", "list", "-o", "json");
        JsonNode left = JSON.readTree(list.stdout());
        assertEquals(1, left.size(), list.toString());
        assertEquals(0, left.get(0).get("expirySeconds").asLong(), list.toString());
    }

    private long cacheEntries() throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("cache"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    @Test
    void namesFromTheApiReachNoTerminalRaw() throws Exception {
        ApiStandIn.Cluster hostile = new ApiStandIn.Cluster("7a1c2e3f-0000-4000-8000-0000000e5c00", "evil\\u001b]0;owned\\u0007x",
                "nyc1");
        ApiStandIn.account(api, List.of(hostile), 200, "https://127.0.0.1:1", CA_DATA, "\"token\":\"doks-minted-token\"");
        Path file = home.resolve("hostile.yaml");
        for (String command : List.of("save", "show")) {
            List<String> args = new ArrayList<>(List.of("kubeconfig", command, hostile.id()));
            if (command.equals("save")) {
                args.addAll(List.of("--kubeconfig", file.toString()));
            }
            Launcher.Result result = launcher.run(args.toArray(String[]::new));
            assertOneSentenceFailure(result, 1);
            assertFalse(result.stderr().contains("\u001b") || result.stderr().contains("\u0007"), result.toString());
        }
        assertFalse(Files.exists(file), "nothing written");
    }

    @Test
    void aTokenEntryForAClusterThatRequiresSsoIsAUsageErrorAndNothingIsWritten() throws Exception {
        ApiStandIn.ssoCluster(api, PROD, true, "https://idp.example/realms/doks", "doks-client");
        Path file = home.resolve("required.yaml");
        Launcher.Result refused = launcher.run("kubeconfig", "save", PROD.id(), "--kubeconfig", file.toString(), "--type", "token");
        assertOneSentenceFailure(refused, 2);
        assertTrue(refused.stderr().contains("requires SSO"), refused.toString());
        assertFalse(Files.exists(file));
        assertEquals(0, ApiStandIn.credentialRequests(api), "refused before anything was fetched");
        Launcher.Result expiry = launcher.run("kubeconfig", "save", PROD.id(), "--kubeconfig", file.toString(), "--type", "sso",
                "--expiry-seconds", "600");
        assertOneSentenceFailure(expiry, 2);
        assertTrue(expiry.stderr().contains("--expiry-seconds applies to token entries only"), expiry.toString());
        assertFalse(Files.exists(file));
    }

    @Test
    void ssoValuesFromTheApiAreCheckedBeforeAnythingIsWritten() throws Exception {
        Path file = home.resolve("bad-sso.yaml");
        for (String[] bad : List.of(new String[] {"http://idp.example", "c"}, new String[] {"javascript:alert(1)", "c"},
                new String[] {"https://idp.example/realms/doks", "a b"}, new String[] {"https://idp.example/realms/doks", ""})) {
            ApiStandIn.ssoCluster(api, PROD, false, bad[0], bad[1]);
            Launcher.Result result = launcher.run("kubeconfig", "save", PROD.id(), "--kubeconfig", file.toString());
            assertOneSentenceFailure(result, 1);
            assertFalse(Files.exists(file));
        }
    }

    @Test
    void saveWithoutClustersSaysSo() throws Exception {
        Launcher.Result result = launcher.run("kubeconfig", "save");
        assertOneSentenceFailure(result, 2);
        assertTrue(result.stderr().contains("name a cluster or use --all"), result.toString());
    }

    @Test
    void aLinkedKubeconfigIsWrittenThroughWithTheTargetsOwnerAndMode() throws Exception {
        Path dotfiles = Files.createDirectories(home.resolve("dotfiles"));
        Path real = dotfiles.resolve("kubeconfig");
        Files.writeString(real, USERS_OWN.replace("do-nyc1-prod", "mine"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path middle = Files.createSymbolicLink(home.resolve("middle"), Path.of("dotfiles", "kubeconfig"));
        Path link = Files.createSymbolicLink(home.resolve("config"), middle.getFileName());
        Launcher.Result saved = launcher.run("kubeconfig", "save", "prod", "--kubeconfig", link.toString());
        assertEquals(0, saved.exitCode(), saved.toString());
        assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(middle), "the links stay links");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        assertEquals("do-nyc1-prod", view(link).get("current-context").asText());
        assertEquals(2, view(real).get("contexts").size(), "the target holds the user's entry and ours");
        Launcher.Result removed = launcher.run("kubeconfig", "remove", "do-nyc1-prod", "--kubeconfig", link.toString());
        assertEquals(0, removed.exitCode(), removed.toString());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(1, view(real).get("contexts").size());

        // A link to a kubeconfig that does not exist yet: the file is created where the link points.
        Path dangling = Files.createSymbolicLink(home.resolve("dangling"), home.resolve("dotfiles/new/config"));
        assertEquals(0, launcher.run("kubeconfig", "save", "prod", "--kubeconfig", dangling.toString()).exitCode());
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("dotfiles/new/config"))));
        assertEquals("do-nyc1-prod", view(dangling).get("current-context").asText());
        try (Stream<Path> left = Files.walk(home)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".doks-auth-")
                    || p.getFileName().toString().endsWith(".lock")), "no temporary file or lock left");
        }
    }

    @Test
    void certificateAuthorityDataIsWrittenInTheFormKubectlReads() throws Exception {
        // A PEM whose base64 ends in padding, sent without it and broken into lines: kubectl would refuse either.
        String pem = new String(java.util.Base64.getDecoder().decode(CA_DATA), java.nio.charset.StandardCharsets.US_ASCII);
        while (!java.util.Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).endsWith("=")) {
            pem = pem + "\n";
        }
        String canonical = java.util.Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path file = write("mixed.yaml", USERS_OWN.replace("do-nyc1-prod", "mine"));
        for (String sent : List.of(canonical.replace("=", ""), canonical.substring(0, 64) + "\\n" + canonical.substring(64))) {
            ApiStandIn.account(api, List.of(PROD), 200, "https://127.0.0.1:1", sent, "\"token\":\"doks-minted-token\"");
            Launcher.Result saved = launcher.run("kubeconfig", "save", "prod", "--kubeconfig", file.toString());
            assertEquals(0, saved.exitCode(), saved.toString());
            JsonNode view = view(file);
            assertEquals(2, view.get("contexts").size(), "kubectl reads every context of the file");
            view.get("clusters").forEach(c -> {
                if (c.get("name").asText().equals("do-nyc1-prod")) {
                    assertEquals(canonical, c.get("cluster").get("certificate-authority-data").asText(), sent);
                }
            });
            assertTrue(Files.readString(file).contains(canonical), sent);
        }
        // Base64 of something that is not PEM of a certificate: one sentence, nothing written.
        byte[] before = Files.readAllBytes(file);
        ApiStandIn.account(api, List.of(PROD), 200, "https://127.0.0.1:1",
                java.util.Base64.getEncoder().withoutPadding().encodeToString("not a certificate".getBytes()),
                "\"token\":\"doks-minted-token\"");
        Launcher.Result refused = launcher.run("kubeconfig", "save", "prod", "--kubeconfig", file.toString());
        assertOneSentenceFailure(refused, 1);
        assertTrue(refused.stderr().contains("certificate_authority_data"), refused.toString());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void allSavesTwoClustersOfOneNameAndRegionAsTwoEntries() throws Exception {
        ApiStandIn.Cluster twin = new ApiStandIn.Cluster("5e6f7a8b-2222-4222-8222-00000000beef", PROD.name(), PROD.region());
        ApiStandIn.account(api, List.of(PROD, twin), 1, "https://127.0.0.1:1", CA_DATA, "\"token\":\"doks-minted-token\"");
        Path file = home.resolve("all.yaml");
        for (int run = 0; run < 2; run++) {
            Launcher.Result saved = launcher.run("kubeconfig", "save", "--all", "--kubeconfig", file.toString());
            assertEquals(0, saved.exitCode(), saved.toString());
            JsonNode view = view(file);
            assertEquals(2, view.get("contexts").size(), "run " + run + ": " + view);
            assertEquals(2, view.get("users").size());
            assertEquals(2, view.get("clusters").size());
            List<String> ids = new ArrayList<>();
            view.get("users").forEach(u -> ids.add(u.get("user").get("exec").get("args").get(1).asText()));
            assertEquals(Set.of(PROD.id(), twin.id()), Set.copyOf(ids));
        }
    }

    @Test
    void whatSaveWroteIsFoundByItsNamesOfflineWithNoToken() throws Exception {
        Path file = home.resolve("saved.yaml");
        for (String name : List.of("prod", "do-nyc1-prod", PROD.id())) {
            assertEquals(0, launcher.env("DIGITALOCEAN_ACCESS_TOKEN", DO_TOKEN).env("DIGITALOCEAN_API_URL", api.baseUrl())
                    .run("kubeconfig", "save", "prod", "--kubeconfig", file.toString()).exitCode());
            int requests = api.getAllServeEvents().size();
            // No token, no API URL in the environment: only the kubeconfig can say which cluster this is.
            launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null).env("DIGITALOCEAN_API_URL", null).env("KUBECONFIG", file.toString());
            Launcher.Result cleared = launcher.run("cache", "clear", name);
            assertEquals(0, cleared.exitCode(), name + ": " + cleared);
            Launcher.Result unknown = launcher.run("kubeconfig", "remove", "nosuch");
            assertOneSentenceFailure(unknown, 1);
            assertTrue(unknown.stderr().contains("do-nyc1-prod (cluster " + PROD.id() + ")"), "the candidates: " + unknown);
            Launcher.Result removed = launcher.run("kubeconfig", "remove", name);
            assertEquals(0, removed.exitCode(), name + ": " + removed);
            assertTrue(removed.stdout().contains("do-nyc1-prod"), removed.toString());
            assertEquals(0, view(file).get("contexts").size(), name);
            assertEquals(requests, api.getAllServeEvents().size(), name + ": no request reached the API");
            launcher.env("KUBECONFIG", null);
        }
    }

    @Test
    void aNameOfTwoSavedClustersIsRefusedWithBothCandidates() throws Exception {
        ApiStandIn.Cluster twin = new ApiStandIn.Cluster("5e6f7a8b-2222-4222-8222-00000000beef", PROD.name(), PROD.region());
        ApiStandIn.account(api, List.of(PROD, twin), 200, "https://127.0.0.1:1", CA_DATA, "\"token\":\"doks-minted-token\"");
        Path file = home.resolve("twins.yaml");
        assertEquals(0, launcher.run("kubeconfig", "save", "--all", "--kubeconfig", file.toString()).exitCode());
        byte[] before = Files.readAllBytes(file);
        Launcher.Result ambiguous = launcher.run("kubeconfig", "remove", "prod", "--kubeconfig", file.toString());
        assertOneSentenceFailure(ambiguous, 1);
        assertTrue(ambiguous.stderr().contains(PROD.id()) && ambiguous.stderr().contains(twin.id()), ambiguous.toString());
        assertArrayEquals(before, Files.readAllBytes(file));
        Launcher.Result one = launcher.run("kubeconfig", "remove", "do-nyc1-prod-5e6f7a8b", "--kubeconfig", file.toString());
        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(1, view(file).get("contexts").size());
    }
}
