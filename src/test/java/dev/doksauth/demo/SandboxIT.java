package dev.doksauth.demo;

import dev.doksauth.testing.ClusterStandIn;
import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Poll;
import dev.doksauth.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/sandbox.sh as a newcomer uses it: start it, paste the export lines it prints first into another shell,
 * run the commands, then end it by closing its stdin. Every wait is bounded; on a failure the sandbox and what it
 * started are killed.
 */
class SandboxIT {

    private static final Pattern EXPORT = Pattern.compile("(?m)^export ([A-Z_]+)='([^']*)'$");

    @TempDir
    Path home;
    Process sandbox;

    @AfterEach
    void noSandboxLeft() throws Exception {
        if (sandbox != null && sandbox.isAlive()) {
            Processes.killTree(sandbox, List.of());
        }
    }

    @Test
    void theExportLinesComeFirstAndEveryKindOfClusterWorksWithThem() throws Exception {
        Path out = home.resolve("sandbox.out");
        Path err = home.resolve("sandbox.err");
        ProcessBuilder builder = new ProcessBuilder("bash", "examples/sandbox.sh")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("DOKS_AUTH", Launcher.path().toString());
        builder.environment().put("DEMO_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("HOME", home.toString());
        sandbox = builder.start();
        Poll.until("the sandbox to print its lines and serve", Duration.ofSeconds(180), () -> {
            if (!sandbox.isAlive()) {
                throw new AssertionError("the sandbox ended: " + Files.readString(out) + Files.readString(err));
            }
            return Files.readString(out).contains("# Serving until");
        });
        String lines = Files.readString(out);
        assertTrue(lines.startsWith("export DIGITALOCEAN_API_URL="), "the export lines come first: " + lines);
        Map<String, String> exports = new LinkedHashMap<>();
        Matcher export = EXPORT.matcher(lines);
        while (export.find()) {
            exports.put(export.group(1), export.group(2));
        }
        assertEquals(List.of("DIGITALOCEAN_API_URL", "DIGITALOCEAN_ACCESS_TOKEN", "KUBECONFIG", "DOKS_AUTH_CACHE_DIR",
                "DOKS_AUTH_BROWSER"), List.copyOf(exports.keySet()), lines);
        assertFalse(exports.get("KUBECONFIG").startsWith(home.toString()), "a kubeconfig of its own, not the user's");
        Matcher port = Pattern.compile("--sso-local-server-port (\\d+)").matcher(lines);
        assertTrue(port.find(), lines);

        // Another shell with those lines pasted.
        Launcher shell = new Launcher(home);
        exports.forEach(shell::env);
        Launcher.Result clusters = shell.run("clusters");
        assertEquals(0, clusters.exitCode(), clusters.toString());
        assertTrue(clusters.stdout().contains("demo-cert") && clusters.stdout().contains("demo-sso"), clusters.toString());
        Launcher.Result save = shell.run("kubeconfig", "save", "--all", "--sso-local-server-port", port.group(1));
        assertEquals(0, save.exitCode(), save.toString());
        Path kubectl = Kubectl.find();
        for (String context : List.of("do-fra1-demo", "do-lon1-demo-cert", "do-ams3-demo-sso")) {
            Launcher.Result pods = Kubectl.run(kubectl, shell.environment(), "--context", context, "get", "pods");
            assertEquals(0, pods.exitCode(), context + ": " + pods);
            assertTrue(pods.stdout().contains(ClusterStandIn.POD), context + ": " + pods);
        }
        Launcher.Result logout = shell.run("sso", "logout", "do-ams3-demo-sso");
        assertEquals(0, logout.exitCode(), logout.toString());
        Launcher.Result login = shell.run("sso", "login", "do-ams3-demo-sso");
        assertEquals(0, login.exitCode(), login.toString());
        assertTrue(login.stdout().contains("alice@example.com"), login.toString());
        Launcher.Result list = shell.run("cache", "list");
        assertTrue(list.stdout().contains("certificate") && list.stdout().contains("sso"), list.toString());

        // Its stdin closes: it stops, says what the stand-ins saw, and is gone.
        Launcher.Result ended = Processes.finish(sandbox, Duration.ofSeconds(60), "the sandbox after its stdin closed");
        assertEquals(0, ended.exitCode(), Files.readString(err));
        String finalOutput = Files.readString(out);
        assertTrue(finalOutput.contains("asked to sign in 2 time(s)") && finalOutput.contains("rejected 0"), finalOutput);
        assertFalse(Files.exists(Path.of(exports.get("KUBECONFIG"))), "its temporary directory is removed");
    }
}
