package dev.doksauth.kubeconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeconfigContextsTest {

    @TempDir
    Path dir;

    @Test
    void mergesAKubeconfigListAsKubectlDoesFirstFileWins() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "PEM");
        Files.writeString(first, """
                current-context: web
                contexts:
                - name: web
                  context: {cluster: web, user: web-admin}
                - name: bare
                  context: {cluster: nowhere, user: nobody}
                users:
                - name: web-admin
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: /opt/bin/doks-auth
                      args: [credential, 11111111-1111-4111-8111-111111111111]
                      env: [{name: DIGITALOCEAN_CONTEXT, value: work}]
                      interactiveMode: Never
                """);
        Files.writeString(second, "current-context: other\nclusters:\n- name: web\n  cluster:\n    server: https://web\n"
                + "    certificate-authority: " + ca + "\n    insecure-skip-tls-verify: true\n"
                + "users:\n- name: web-admin\n  user: {token: ignored-second}\n");
        KubeconfigContexts contexts = KubeconfigContexts.read(KubeconfigFiles.resolve(null,
                Map.of("KUBECONFIG", first + ":" + second + ":" + dir.resolve("missing"))));
        assertEquals(List.of(first, second), contexts.existing());
        assertEquals(List.of(dir.resolve("missing")), contexts.missing());
        assertEquals("web", contexts.currentContext());
        KubeconfigContexts.Context web = contexts.context("web").orElseThrow();
        assertEquals("https://web", web.cluster().server());
        assertEquals(Base64.getEncoder().encodeToString("PEM".getBytes()), web.cluster().certificateAuthorityData());
        assertTrue(web.cluster().insecureSkipTlsVerify());
        assertEquals("/opt/bin/doks-auth", web.exec().command());
        assertEquals("Never", web.exec().interactiveMode());
        assertEquals(Map.of("DIGITALOCEAN_CONTEXT", "work"), web.exec().env());
        KubeconfigContexts.Context bare = contexts.context("bare").orElseThrow();
        assertNull(bare.cluster());
        assertFalse(bare.userFound());
        assertTrue(contexts.context("nosuch").isEmpty());
    }
}
