package dev.doksauth.kubeconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubercTest {

    @TempDir
    Path dir;

    private Path launcher() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path launcher = bin.resolve("doks-auth");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    private Kuberc.Verdict judge(String kuberc, Path launcher) throws IOException {
        Path file = dir.resolve("kuberc");
        Files.writeString(file, kuberc);
        return Kuberc.judge(launcher.toString(), Map.of("KUBERC", file.toString(), "PATH", launcher.getParent().toString()));
    }

    @Test
    void noFileAndTurnedOffAdmit() throws IOException {
        Path launcher = launcher();
        assertEquals(Kuberc.Outcome.ADMITS, Kuberc.judge(launcher.toString(), Map.of("HOME", dir.toString())).outcome());
        Files.createDirectories(dir.resolve(".kube"));
        Files.writeString(dir.resolve(".kube/kuberc"), "credentialPluginPolicy: DenyAll\n");
        assertEquals(Kuberc.Outcome.REFUSES, Kuberc.judge(launcher.toString(), Map.of("HOME", dir.toString())).outcome());
        assertEquals(Kuberc.Outcome.ADMITS, Kuberc.judge(launcher.toString(),
                Map.of("HOME", dir.toString(), "KUBERC", "off")).outcome());
        assertEquals(Kuberc.Outcome.ADMITS, Kuberc.judge(launcher.toString(),
                Map.of("HOME", dir.toString(), "KUBECTL_KUBERC", "false")).outcome());
    }

    @Test
    void allowAllAndEmptyPolicyAdmit() throws IOException {
        Path launcher = launcher();
        for (String text : new String[] {"", "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n",
                "credentialPluginPolicy: AllowAll\n", "credentialPluginPolicy: \"\"\n"}) {
            Kuberc.Verdict verdict = judge(text, launcher);
            assertEquals(Kuberc.Outcome.ADMITS, verdict.outcome(), text);
            assertNull(verdict.snippet());
        }
    }

    @Test
    void denyAllRefusesWithThePolicyAndTheEntryToAdd() throws IOException {
        Path launcher = launcher();
        Kuberc.Verdict verdict = judge("credentialPluginPolicy: DenyAll\n", launcher);
        assertEquals(Kuberc.Outcome.REFUSES, verdict.outcome());
        assertEquals("credentialPluginPolicy: Allowlist\ncredentialPluginAllowlist:\n  - name: " + launcher + "\n",
                verdict.snippet());
        assertTrue(verdict.advice().contains("DenyAll"), verdict.advice());
    }

    @Test
    void allowlistAdmitsByPathBaseNameThroughPathOrTheNewCommandField() throws IOException {
        Path launcher = launcher();
        for (String entry : new String[] {"name: " + launcher, "name: doks-auth", "command: doks-auth",
                "command: " + launcher}) {
            Kuberc.Verdict verdict = judge("credentialPluginPolicy: Allowlist\ncredentialPluginAllowlist:\n- " + entry
                    + "\n", launcher);
            assertEquals(Kuberc.Outcome.ADMITS, verdict.outcome(), entry);
        }
    }

    @Test
    void allowlistWithoutTheLauncherRefusesWithTheEntryOnly() throws IOException {
        Path launcher = launcher();
        Kuberc.Verdict verdict = judge("credentialPluginPolicy: Allowlist\ncredentialPluginAllowlist:\n"
                + "- name: kubelogin\n- name: /usr/local/bin/doks-auth\n- name: doks-*\n", launcher);
        assertEquals(Kuberc.Outcome.REFUSES, verdict.outcome());
        assertEquals("credentialPluginAllowlist:\n  - name: " + launcher + "\n", verdict.snippet());
    }

    @Test
    void aBaseNameNotOnPathDoesNotAdmit() throws IOException {
        Path launcher = launcher();
        Path file = dir.resolve("kuberc");
        Files.writeString(file, "credentialPluginPolicy: Allowlist\ncredentialPluginAllowlist:\n- name: doks-auth\n");
        assertEquals(Kuberc.Outcome.REFUSES, Kuberc.judge(launcher.toString(),
                Map.of("KUBERC", file.toString(), "PATH", "/nonexistent")).outcome());
    }

    @Test
    void whatKubectlCannotUseIsBroken() throws IOException {
        Path launcher = launcher();
        assertEquals(Kuberc.Outcome.BROKEN, judge("credentialPluginPolicy: Allowlist\n", launcher).outcome());
        assertEquals(Kuberc.Outcome.BROKEN, judge("credentialPluginPolicy: Sometimes\n", launcher).outcome());
        assertEquals(Kuberc.Outcome.BROKEN, judge("[unclosed\n", launcher).outcome());
        assertEquals(Kuberc.Outcome.BROKEN, judge("- a list\n", launcher).outcome());
        assertEquals(Kuberc.Outcome.BROKEN, judge("!!java.lang.Object {}\n", launcher).outcome());
    }
}
