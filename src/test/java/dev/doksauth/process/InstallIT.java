package dev.doksauth.process;

import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * install.sh as a new user meets it: it says what Maven is doing while it builds, and --uninstall names the
 * kubeconfig entries that still run the launcher it removes (kubectl would only say "no such file or directory").
 */
class InstallIT {

    @TempDir
    Path home;

    private Launcher.Result install(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", Path.of("install.sh").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString()));
        builder.environment().putAll(env);
        return Launcher.finish(builder.start());
    }

    /** A stand-in for mvn that prints what Maven prints on a first run (downloads, then the plugins), or fails. */
    private Path fakeMaven(int exitCode) throws Exception {
        Path bin = Files.createDirectories(home.resolve("fake-maven-" + exitCode));
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        for (int i = 0; i < 50; i++) {
            script.append("echo 'Downloaded from central: https://repo.maven.apache.org/maven2/a/b/").append(i).append(".jar'\n");
        }
        script.append("echo '[INFO] --- maven-compiler-plugin:3.14.0:compile (default-compile) @ doks-auth ---'\n");
        if (exitCode != 0) {
            script.append("echo '[ERROR] /src/Main.java:[1,1] cannot find symbol'\nexit ").append(exitCode).append('\n');
        } else {
            script.append("echo '[INFO] --- maven-jar-plugin:3.4.2:jar (default-jar) @ doks-auth ---'\n")
                    .append("echo '[INFO] BUILD SUCCESS'\n");
        }
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, script);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void theBuildSaysWhatItDoesAndAFailedOneShowsMavensErrors() throws Exception {
        Path prefix = home.resolve("prefix");
        Path failing = fakeMaven(1);
        Launcher.Result failed = install(Map.of("PATH", failing + ":" + System.getenv("PATH")), "--prefix", prefix.toString());
        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.stdout().contains("Building with Maven (the first run downloads the dependencies"), failed.toString());
        assertTrue(failed.stdout().contains("  compiling..."), failed.toString());
        assertTrue(failed.stderr().contains("[ERROR] /src/Main.java:[1,1] cannot find symbol")
                && failed.stderr().contains("install.sh: the Maven build failed"), failed.toString());
        assertFalse(failed.stdout().contains("Downloaded from"), "Maven's own lines are kept in the log, not shown");

        Path working = fakeMaven(0);
        Launcher.Result built = install(Map.of("PATH", working + ":" + System.getenv("PATH")), "--prefix", prefix.toString());
        assertEquals(0, built.exitCode(), built.toString());
        String out = built.stdout();
        assertTrue(out.indexOf("Building with Maven") < out.indexOf("  compiling...")
                && out.indexOf("  compiling...") < out.indexOf("  packaging doks-auth.jar...")
                && out.contains("(50 files downloaded)"), out);
        assertTrue(Files.isExecutable(prefix.resolve("bin/doks-auth")));
        assertEquals(0, install(Map.of(), "--uninstall", "--prefix", prefix.toString()).exitCode());
        assertFalse(Files.exists(prefix.resolve("bin/doks-auth")));
    }

    /** Java class paths are ':'-separated: the launcher could never start from such a prefix. */
    @Test
    void aPrefixWithAColonIsRefusedBeforeAnythingIsMade() throws Exception {
        for (String prefix : List.of(home.resolve("a:b").toString(), "relative:prefix")) {
            Launcher.Result refused = install(Map.of(), "--no-build", "--prefix", prefix);
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.stderr().contains("Java class paths cannot hold a ':'; choose another --prefix"), refused.toString());
            assertEquals("", refused.stdout());
        }
        assertFalse(Files.exists(home.resolve("a:b")), "nothing made");
        assertFalse(Files.exists(Path.of("relative:prefix")), "nothing made");
    }

    @Test
    void uninstallNamesTheKubeconfigEntriesThatStillRunTheLauncher() throws Exception {
        // The installed program is what reads the kubeconfig files: install it first (from target/, as built).
        Path prefix = Files.createDirectories(home.resolve("prefix"));
        Launcher.Result installed = install(Map.of(), "--no-build", "--quiet", "--prefix", prefix.toString());
        assertEquals(0, installed.exitCode(), installed.toString());
        String launcher = prefix.resolve("bin/doks-auth").toString();
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), """
                apiVersion: v1
                contexts:
                - context:
                    cluster: do-fra1-web
                    user: do-fra1-web-admin
                  name: do-fra1-web
                - context:
                    cluster: elsewhere
                    user: someone
                  name: elsewhere
                users:
                - name: do-fra1-web-admin
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      args: [credential, 11111111-1111-4111-8111-111111111111]
                      command: %s
                      env:
                      - name: SOMETHING
                        value: x
                - name: someone
                  user:
                    exec:
                      command: %s-other
                """.formatted(launcher, launcher));
        // kubectl reads a kubeconfig written as JSON too, in any layout.
        Path second = home.resolve("second.json");
        Files.writeString(second, """
                {"kind": "Config", "users": [{"user": {"exec": {"command": "%s",
                  "args": ["credential", "22222222-2222-4222-8222-222222222222"]}}, "name": "do-nyc3-db-admin"}],
                 "contexts": [{"name": "db", "context": {"user": "do-nyc3-db-admin", "cluster": "do-nyc3-db"}}]}
                """.formatted(launcher));
        Launcher.Result removed = install(Map.of("KUBECONFIG", second + ":" + home.resolve("missing.yaml")),
                "--uninstall", "--prefix", prefix.toString());
        assertEquals(0, removed.exitCode(), removed.toString());
        assertEquals("""
                install.sh: these kubeconfig entries still run %s, which is gone:
                  %s: user do-fra1-web-admin (context do-fra1-web)
                  %s: user do-nyc3-db-admin (context db)
                install.sh: install again, or delete them ('kubectl config delete-user NAME', 'kubectl config delete-context NAME').
                """.formatted(launcher, home.resolve(".kube/config"), second), removed.stderr());

        Files.delete(home.resolve(".kube/config"));
        Launcher.Result clean = install(Map.of(), "--uninstall", "--prefix", prefix.toString());
        assertEquals("", clean.stderr(), "no entry runs it: nothing to say");
    }
}
