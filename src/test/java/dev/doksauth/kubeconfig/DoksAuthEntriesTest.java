package dev.doksauth.kubeconfig;

import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoksAuthEntriesTest {

    static final String ID = "6fd3a6b0-2a7e-4b7b-9a11-3c1a2b3c4d5e";
    static final String TWIN = "7fd3a6b0-2a7e-4b7b-9a11-3c1a2b3c4d5e";

    @TempDir
    Path dir;

    List<DoksAuthEntries.Found> entries(String yaml) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, yaml);
        return DoksAuthEntries.read(KubeconfigFiles.resolve(null, Map.of("KUBECONFIG", file.toString())));
    }

    static String user(String name, String clusterId, String... options) {
        StringBuilder args = new StringBuilder("      - credential\n      - " + clusterId + "\n");
        for (String arg : options) {
            args.append("      - ").append(arg).append('\n');
        }
        return "- name: " + name + "\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                + "      command: /home/u/.local/bin/doks-auth\n      interactiveMode: IfAvailable\n      args:\n" + args;
    }

    static final String SAVED = "apiVersion: v1\nkind: Config\n"
            + "contexts:\n- name: work\n  context: {cluster: do-nyc1-prod, user: do-nyc1-prod-admin}\n"
            + "- name: do-nyc1-prod-7fd3a6b0\n  context: {cluster: do-nyc1-prod-7fd3a6b0, user: do-nyc1-prod-7fd3a6b0-admin}\n"
            + "- name: theirs\n  context: {cluster: do-ams3-dev, user: their-user}\n"
            + "users:\n" + user("do-nyc1-prod-admin", ID, "--sso-issuer-url", "https://idp.example/realms/do",
            "--sso-client-id", "doks", "--sso-local-server-port", "8000")
            + user("do-nyc1-prod-7fd3a6b0-admin", TWIN, "--api-url", "http://127.0.0.1:1", "--context", "other")
            + "- name: their-user\n  user: {token: t}\n";

    @Test
    void findsACluster_ByItsIdContextClusterEntryOrClusterName() throws Exception {
        List<DoksAuthEntries.Found> entries = entries(SAVED);
        assertEquals(2, entries.size(), "only doks-auth's users");
        for (String name : List.of(ID, ID.toUpperCase(), "work", "do-nyc1-prod", "do-nyc1-prod-admin")) {
            List<DoksAuthEntries.Found> found = DoksAuthEntries.named(name, entries);
            assertEquals(1, found.size(), name);
            assertEquals(ID, found.get(0).clusterId(), name);
            assertEquals("https://idp.example/realms/do", found.get(0).line().ssoIssuerUrl());
            assertEquals("8000", found.get(0).line().ssoLocalServerPort());
        }
        List<DoksAuthEntries.Found> twin = DoksAuthEntries.named("do-nyc1-prod-7fd3a6b0", entries);
        assertEquals(TWIN, twin.get(0).clusterId());
        assertEquals("http://127.0.0.1:1", twin.get(0).line().apiUrl(), "the entry's own API URL");
        assertEquals("other", twin.get(0).line().context());
        assertTrue(DoksAuthEntries.named("do-ams3-dev", entries).isEmpty(), "not ours");
        assertTrue(DoksAuthEntries.named("theirs", entries).isEmpty(), "not ours");
    }

    @Test
    void aNameOfTwoClustersIsAnErrorListingBoth() throws Exception {
        List<DoksAuthEntries.Found> entries = entries(SAVED);
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> DoksAuthEntries.named("prod", entries));
        assertTrue(e.getMessage().contains("work (cluster " + ID + ")")
                && e.getMessage().contains("do-nyc1-prod-7fd3a6b0 (cluster " + TWIN + ")"), e.getMessage());
    }

    @Test
    void theClusterNameComesFromTheEntryNameSaveGave() {
        assertEquals("prod", DoksAuthEntries.clusterName("do-nyc1-prod", ID));
        assertEquals("my-prod.2", DoksAuthEntries.clusterName("do-fra1-my-prod.2-6fd3a6b0", ID));
        assertEquals("prod", DoksAuthEntries.clusterName("do-sfo3-prod-" + ID, ID));
        assertEquals(null, DoksAuthEntries.clusterName("my-cluster", ID));
    }

    @Test
    void aFileCredentialWouldRefuseStillNamesTheEntryButNoLine() throws Exception {
        List<DoksAuthEntries.Found> entries = entries("users:\n" + user("u", ID, "--unknown-option"));
        assertEquals(1, entries.size());
        assertEquals(null, entries.get(0).line());
    }
}
