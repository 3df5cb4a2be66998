package dev.doksauth.kubeconfig;

import dev.doksauth.credential.Deadline;
import dev.doksauth.credential.SsoProvider;
import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeconfigEditsTest {

    static final String ID = "11111111-1111-4111-8111-111111111111";
    static final Path LAUNCHER = Path.of("/opt/doks/bin/doks-auth");
    static final KubeconfigEdits.ClusterEntry PROD = new KubeconfigEdits.ClusterEntry(ID, "prod", "nyc1",
            "https://" + ID + ".k8s.ondigitalocean.com", "Zm9v");

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, yaml);
        return file;
    }

    private <T> T edit(Path file, Function<Kubeconfigs, T> edits) {
        return Kubeconfigs.edit(new KubeconfigFiles(List.of(file), file, "--kubeconfig"), false,
                Deadline.in(Duration.ofSeconds(5)), edits);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws Exception {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> config, String list, String name) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) config.get(list);
        return entries == null ? null : entries.stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElse(null);
    }

    private static ExecEntries.Exec exec() {
        return ExecEntries.token(LAUNCHER, ID, new ExecEntries.Options(null, 0, null), ExecEntries.V1);
    }

    static final String USERS_OWN = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: do-nyc1-prod
              cluster: {server: 'https://mine.example:6443'}
            users:
            - name: do-nyc1-prod-admin
              user: {token: mine}
            contexts:
            - name: do-nyc1-prod
              context: {cluster: do-nyc1-prod, user: do-nyc1-prod-admin, namespace: mine}
            current-context: do-nyc1-prod
            """;

    @Test
    void entriesNamedLikeOursThatAreNotOursAreNeverTakenOver() throws Exception {
        for (String taken : List.of("clusters", "users", "contexts", "all")) {
            Path file = file(only(USERS_OWN, taken));
            Map<String, Object> before = load(file);
            String context = edit(file, k -> KubeconfigEdits.save(k, PROD, exec(), null));
            assertEquals("do-nyc1-prod-11111111", context, taken);
            Map<String, Object> after = load(file);
            for (String list : List.of("clusters", "users", "contexts")) {
                assertEquals(entry(before, list, "do-nyc1-prod" + (list.equals("users") ? "-admin" : "")),
                        entry(after, list, "do-nyc1-prod" + (list.equals("users") ? "-admin" : "")), taken + " " + list);
            }
            assertEquals(before.get("current-context"), after.get("current-context"), "save itself does not move current-context");
            // Saved again: the suffixed entries are ours now, and are updated in place.
            assertEquals("do-nyc1-prod-11111111", edit(file, k -> KubeconfigEdits.save(k, PROD, exec(), null)));
        }
    }

    /** The USERS_OWN file with only one of its lists' entries (or all of them). */
    private static String only(String yaml, String list) {
        if (list.equals("all")) {
            return yaml;
        }
        StringBuilder out = new StringBuilder();
        String section = "";
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ") && !line.startsWith("-")) {
                section = line.replace(":", "");
            }
            if (!(line.startsWith("-") || line.startsWith(" ")) || section.equals(list)) {
                out.append(line).append('\n');
            }
        }
        return out.toString().replace("current-context: do-nyc1-prod", list.equals("contexts") ? "current-context: do-nyc1-prod" : "");
    }

    @Test
    void anAliasThatIsAnotherEntrysNameIsRefusedAndNothingIsWritten() throws Exception {
        Path file = file(USERS_OWN);
        byte[] before = Files.readAllBytes(file);
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> edit(file, k -> KubeconfigEdits.save(k, PROD, exec(), "do-nyc1-prod")));
        assertTrue(e.getMessage().contains("--alias"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void savingAgainKeepsWhatTheUserAddedToOurContext() throws Exception {
        Path file = file("apiVersion: v1\nkind: Config\n");
        edit(file, k -> KubeconfigEdits.save(k, PROD, exec(), null));
        String withNamespace = Files.readString(file).replace("    user: do-nyc1-prod-admin", "    user: do-nyc1-prod-admin\n    namespace: team");
        Files.writeString(file, withNamespace);
        edit(file, k -> KubeconfigEdits.save(k, PROD, exec(), null));
        assertEquals("team", ((Map<?, ?>) entry(load(file), "contexts", "do-nyc1-prod").get("context")).get("namespace"));
    }

    @Test
    void removeTakesOutOnlyOursAndClearsCurrentContext() throws Exception {
        Path file = file(USERS_OWN);
        edit(file, k -> {
            String context = KubeconfigEdits.save(k, PROD, exec(), null);
            KubeconfigEdits.setCurrentContext(k, context);
            return null;
        });
        List<KubeconfigEdits.Removed> removed = edit(file, k -> KubeconfigEdits.remove(k, ID));
        assertEquals(List.of("do-nyc1-prod-11111111"), removed.get(0).names());
        Map<String, Object> after = load(file);
        assertEquals(new Yaml().<Map<String, Object>>load(USERS_OWN).get("users"), after.get("users"));
        assertEquals("", after.get("current-context"));
        assertEquals(1, ((List<?>) after.get("clusters")).size());
        assertEquals(1, ((List<?>) after.get("contexts")).size());
        assertTrue(edit(file, k -> KubeconfigEdits.remove(k, ID)).isEmpty());
    }

    private static String doctlUser(String apiVersion, String args, String env) {
        return "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: " + apiVersion
                + "\n      command: doctl\n      args: " + args + "\n" + env;
    }

    @Test
    void anEditSaysHowManyCommentsItsRewriteDrops() throws Exception {
        Path file = file("# my clusters\n" + doctlUser("client.authentication.k8s.io/v1beta1",
                "[kubernetes, cluster, kubeconfig, exec-credential, " + ID + "]  # from doctl", "") + "\n\n# the end\n");
        assertEquals(Map.of(file, 3), edit(file, k -> {
            KubeconfigEdits.migrate(k, LAUNCHER);
            return k.commentsDropped();
        }));
        assertFalse(Files.readString(file).contains("#"), "the rewrite keeps no comment");
        assertEquals(Map.of(), edit(file, k -> {
            KubeconfigEdits.migrate(k, LAUNCHER);
            return k.commentsDropped();
        }), "nothing to migrate, nothing written, nothing dropped");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> migratedExec(String yaml) throws Exception {
        Path file = file(yaml);
        assertEquals(1, edit(file, k -> KubeconfigEdits.migrate(k, LAUNCHER)).size());
        return (Map<String, Object>) ((Map<String, Object>) entry(load(file), "users", "u").get("user")).get("exec");
    }

    @Test
    void migrateKeepsEverythingThatSelectsTheIdentity() throws Exception {
        String env = "      env:\n      - name: DIGITALOCEAN_ACCESS_TOKEN\n        value: other-account\n";
        Map<String, Object> exec = migratedExec(doctlUser(ExecEntries.V1BETA1,
                "[kubernetes, cluster, kubeconfig, exec-credential, --version=v1beta1, --context=work, -u, 'http://127.0.0.1:9', "
                        + "--config=/x/doctl.yaml, --trace, " + ID + "]", env));
        assertEquals(ExecEntries.V1BETA1, exec.get("apiVersion"));
        assertEquals(LAUNCHER.toString(), exec.get("command"));
        assertEquals(List.of("credential", ID, "--context", "work", "--api-url", "http://127.0.0.1:9", "--doctl-config",
                "/x/doctl.yaml"), exec.get("args"));
        assertEquals(List.of(Map.of("name", "DIGITALOCEAN_ACCESS_TOKEN", "value", "other-account")), exec.get("env"));
        assertEquals("Never", exec.get("interactiveMode"));

        Map<String, Object> separate = migratedExec(doctlUser(ExecEntries.V1,
                "[kubernetes, cluster, kubeconfig, exec-credential, --context, default, --api-url, 'https://api.example', " + ID + "]", ""));
        assertEquals(ExecEntries.V1, separate.get("apiVersion"));
        assertEquals(List.of("credential", ID, "--api-url", "https://api.example"), separate.get("args"));
        assertNull(separate.get("env"));
    }

    @Test
    void migrateTurnsDoctlSsoEntriesIntoOursInEitherFlagForm() throws Exception {
        for (String args : List.of(
                "[kubernetes, cluster, kubeconfig, exec-credential, --sso-issuer-url=https://idp.example/o, --sso-client-id=cid, "
                        + "--sso-local-server-port=9123, " + ID + "]",
                "[kubernetes, cluster, kubeconfig, exec-credential, --sso-issuer-url, https://idp.example/o, --sso-client-id, cid, "
                        + "--sso-local-server-port, '9123', " + ID + "]")) {
            Map<String, Object> exec = migratedExec(doctlUser(ExecEntries.V1BETA1, args, ""));
            assertEquals(List.of("credential", ID, "--sso-issuer-url", "https://idp.example/o", "--sso-client-id", "cid",
                    "--sso-local-server-port", "9123"), exec.get("args"), args);
            assertEquals("IfAvailable", exec.get("interactiveMode"));
            assertEquals(ExecEntries.V1BETA1, exec.get("apiVersion"));
        }
    }

    @Test
    void migrateRefusesWhatItCannotCarryOverAndWritesNothing() throws Exception {
        for (String args : List.of("[kubernetes, cluster, kubeconfig, exec-credential, --access-token=dop_v1_sekrit, " + ID + "]",
                "[kubernetes, cluster, kubeconfig, exec-credential, -t, dop_v1_sekrit, " + ID + "]",
                "[kubernetes, cluster, kubeconfig, exec-credential, -tdop_v1_sekrit, " + ID + "]",
                "[kubernetes, cluster, kubeconfig, exec-credential, --some-new-flag=x, " + ID + "]",
                "[kubernetes, cluster, kubeconfig, exec-credential, --sso-issuer-url=http://idp.example, --sso-client-id=c, " + ID + "]")) {
            Path file = file(doctlUser(ExecEntries.V1BETA1, args, "") + "clusters: []\n");
            byte[] before = Files.readAllBytes(file);
            DoksAuthException e = assertThrows(DoksAuthException.class, () -> edit(file, k -> KubeconfigEdits.migrate(k, LAUNCHER)), args);
            assertFalse(e.getMessage().contains("sekrit"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), args);
        }
    }

    @Test
    void ssoEntryNamesOnlyWhatDiffersFromTheDefaults() {
        ExecEntries.Exec exec = ExecEntries.sso(LAUNCHER, ID, new SsoProvider("https://idp.example", "cid", 8080), ExecEntries.V1);
        assertEquals(List.of("credential", ID, "--sso-issuer-url", "https://idp.example", "--sso-client-id", "cid"), exec.args());
        exec = ExecEntries.sso(LAUNCHER, ID, new SsoProvider("https://idp.example", "cid", 9999), ExecEntries.V1);
        assertEquals(List.of("credential", ID, "--sso-issuer-url", "https://idp.example", "--sso-client-id", "cid",
                "--sso-local-server-port", "9999"), exec.args());
    }

    @Test
    void aRewrittenFileKeepsItsMode() throws Exception {
        Path file = file(USERS_OWN);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        edit(file, k -> KubeconfigEdits.save(k, PROD, exec(), null));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(dir.resolve("config.lock")));
    }

    @Test
    void aLinkedKubeconfigIsWrittenThroughAndStaysALink() throws Exception {
        Path dotfiles = Files.createDirectories(dir.resolve("dotfiles"));
        Path real = dotfiles.resolve("kubeconfig");
        Files.writeString(real, USERS_OWN);
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path middle = Files.createSymbolicLink(dir.resolve("middle"), Path.of("dotfiles/kubeconfig"));
        Path link = Files.createSymbolicLink(dir.resolve("config"), middle.getFileName());
        edit(link, k -> KubeconfigEdits.save(k, PROD, exec(), null));
        assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(middle), "the chain of links stays");
        assertEquals(Path.of("middle"), Files.readSymbolicLink(link));
        assertTrue(Files.readString(real).contains(ID), "the target got the content");
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        try (var left = Files.list(dotfiles)) {
            assertEquals(List.of(real), left.toList(), "no temporary file left beside the target");
        }
        assertFalse(Files.exists(dir.resolve("config.lock")));
    }

    @Test
    void aLinkToAFileThatDoesNotExistYetIsWrittenThrough() throws Exception {
        Path target = dir.resolve("elsewhere/new-config");
        Path link = Files.createSymbolicLink(dir.resolve("config"), target);
        Kubeconfigs.edit(new KubeconfigFiles(List.of(link), link, "--kubeconfig"), true, Deadline.in(Duration.ofSeconds(5)),
                k -> KubeconfigEdits.save(k, PROD, exec(), null));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(target).contains(ID));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aLoopOfLinksIsRefusedAndChangesNothing() throws Exception {
        Path a = dir.resolve("a");
        Path b = Files.createSymbolicLink(dir.resolve("b"), a);
        Files.createSymbolicLink(a, b);
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> Kubeconfigs.edit(
                new KubeconfigFiles(List.of(a), a, "--kubeconfig"), true, Deadline.in(Duration.ofSeconds(5)),
                k -> KubeconfigEdits.save(k, PROD, exec(), null)));
        assertTrue(Files.isSymbolicLink(a) && Files.isSymbolicLink(b), e.getMessage());
    }

    @Test
    void twoClustersWithTheSameNameAndRegionGetTheirOwnEntries() throws Exception {
        String otherId = "22222222-2222-4222-8222-222222222222";
        KubeconfigEdits.ClusterEntry twin = new KubeconfigEdits.ClusterEntry(otherId, "prod", "nyc1",
                "https://" + otherId + ".k8s.ondigitalocean.com", "YmFy");
        Path file = file("apiVersion: v1\nkind: Config\n");
        List<String> contexts = edit(file, k -> List.of(KubeconfigEdits.save(k, PROD, exec(), null),
                KubeconfigEdits.save(k, twin, ExecEntries.token(LAUNCHER, otherId, new ExecEntries.Options(null, 0, null),
                        ExecEntries.V1), null)));
        assertEquals(List.of("do-nyc1-prod", "do-nyc1-prod-22222222"), contexts);
        Map<String, Object> config = load(file);
        assertEquals("Zm9v", ((Map<?, ?>) entry(config, "clusters", "do-nyc1-prod").get("cluster")).get("certificate-authority-data"));
        assertEquals("YmFy", ((Map<?, ?>) entry(config, "clusters", "do-nyc1-prod-22222222").get("cluster"))
                .get("certificate-authority-data"));
        // Saving both again (the next --all) keeps each on its own names.
        assertEquals(contexts, edit(file, k -> List.of(KubeconfigEdits.save(k, PROD, exec(), null),
                KubeconfigEdits.save(k, twin, ExecEntries.token(LAUNCHER, otherId, new ExecEntries.Options(null, 0, null),
                        ExecEntries.V1), null))));
    }
}
