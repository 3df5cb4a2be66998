package dev.doksauth.cli;

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

class SsoClustersTest {

    static final String ID = "6fd3a6b0-2a7e-4b7b-9a11-3c1a2b3c4d5e";
    static final String OTHER_ID = "7fd3a6b0-2a7e-4b7b-9a11-3c1a2b3c4d5e";

    @TempDir
    Path dir;

    List<SsoClusters.Entry> entries(String yaml) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, yaml);
        return SsoClusters.inKubeconfig(Map.of("KUBECONFIG", file.toString()));
    }

    static String user(String name, String clusterId, String... sso) {
        StringBuilder args = new StringBuilder("      - credential\n      - " + clusterId + "\n");
        for (String arg : sso) {
            args.append("      - ").append(arg).append('\n');
        }
        return "- name: " + name + "\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                + "      command: /home/u/.local/bin/doks-auth\n      interactiveMode: IfAvailable\n      args:\n" + args;
    }

    @Test
    void findsAnEntryByClusterIdContextOrClusterName() throws Exception {
        List<SsoClusters.Entry> entries = entries("apiVersion: v1\nkind: Config\n"
                + "contexts:\n- name: work\n  context: {cluster: do-nyc1-prod, user: do-nyc1-prod-admin}\n"
                + "- name: token-one\n  context: {cluster: do-ams3-dev, user: token-user}\n"
                + "users:\n" + user("do-nyc1-prod-admin", ID, "--sso-issuer-url", "https://idp.example/realms/do",
                        "--sso-client-id", "doks", "--sso-local-server-port", "8000")
                + user("token-user", OTHER_ID));

        assertEquals(1, entries.size(), "the token entry is not an SSO one");
        for (String name : List.of(ID, ID.toUpperCase(), "work", "do-nyc1-prod")) {
            SsoClusters.Entry entry = SsoClusters.find(name, entries).orElseThrow();
            assertEquals(ID, entry.clusterId());
            assertEquals("https://idp.example/realms/do", entry.options().issuerUrl());
            assertEquals("doks", entry.options().clientId());
            assertEquals(8000, entry.options().localPort());
        }
        assertTrue(SsoClusters.find("do-ams3-dev", entries).isEmpty());
    }

    @Test
    void oneNameForTwoSignInsIsAnError() throws Exception {
        List<SsoClusters.Entry> entries = entries("users:\n"
                + user("a", ID, "--sso-issuer-url=https://one.example", "--sso-client-id=x")
                + user("b", ID, "--sso-issuer-url=https://two.example", "--sso-client-id=x"));
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> SsoClusters.find(ID, entries));
        assertTrue(e.getMessage().contains("https://one.example") && e.getMessage().contains("https://two.example"),
                e.getMessage());
    }
}
