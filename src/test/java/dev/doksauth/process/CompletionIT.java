package dev.doksauth.process;

import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.BeforeEach;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The completion scripts, sourced by a real bash, zsh and fish whose completion is then asked as the shell asks
 * it: subcommands, file names after --kubeconfig/--doctl-config, option values. Completing
 * never runs doks-auth or java (both are tripwires on PATH here).
 */
class CompletionIT {

    @TempDir
    Path home;
    Path tripped;
    Path script;
    String path;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(home.resolve("work"));
        Files.writeString(home.resolve("work/alpha.yaml"), "");
        Files.writeString(home.resolve("work/beta.yaml"), "");
        Path tripwires = Files.createDirectories(home.resolve("tripwires"));
        tripped = home.resolve("tripped");
        for (String name : List.of("doks-auth", "java")) {
            Path tripwire = tripwires.resolve(name);
            Files.writeString(tripwire, "#!/bin/sh\necho \"$0\" >> '" + tripped + "'\nexit 1\n");
            Files.setPosixFilePermissions(tripwire, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        path = tripwires + ":/usr/local/bin:/usr/bin:/bin";
    }

    private Path script(String shell, String fileName) throws Exception {
        Launcher.Result result = new Launcher(home).run("completion", shell);
        assertEquals(0, result.exitCode(), result.toString());
        Path file = Files.createDirectories(home.resolve("completions-" + shell)).resolve(fileName);
        Files.writeString(file, result.stdout());
        return file;
    }

    private String shell(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.resolve("work").toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", path, "HOME", home.toString()));
        Launcher.Result result = Launcher.finish(builder.start());
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdout().strip();
    }

    /** What bash offers for the words typed so far (the last one being completed). */
    private String bash(String words) throws Exception {
        return shell(List.of("bash", "-c", "source '" + script + "'; COMP_WORDS=(" + words + "); "
                + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _doks_auth; echo \"${COMPREPLY[*]}\""));
    }

    /** What zsh offers, its compadd and _files standing in for the completion system's own. */
    private String zsh(String words) throws Exception {
        return shell(List.of("zsh", "-f", "-c", "compdef() { :; }; "
                + "compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; print -r -- \"$*\"; }; "
                + "_files() { print -r -- FILES; }; compset() { :; }; "
                + "source '" + script + "'; words=(" + words + "); CURRENT=${#words}; _doks-auth"));
    }

    /** What fish offers for the command line typed so far ({@code complete -C}), in fish's order. */
    private String fish(String commandLine) throws Exception {
        return shell(List.of("fish", "--no-config", "-c", "source '" + script + "'; complete -C '" + commandLine + "'"))
                .lines().map(line -> line.split("\t")[0]).collect(java.util.stream.Collectors.joining(" "));
    }

    @Test
    void fishParsesItsScriptAndCompletesTheSame() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fish")) || Files.isExecutable(Path.of("/bin/fish")),
                "needs fish (.ci/run installs it)");
        script = script("fish", "doks-auth.fish");
        assertEquals("", shell(List.of("fish", "--no-config", "--no-execute", script.toString())), "fish parses it");
        assertEquals("cache clusters completion credential doctor help kubeconfig sso", fish("doks-auth "),
                "every command of picocli's model, sorted by fish");
        assertEquals("clusters", fish("doks-auth clu"));
        assertEquals("help migrate remove save show", fish("doks-auth kubeconfig "));
        assertEquals("alpha.yaml", fish("doks-auth kubeconfig save --kubeconfig al"));
        assertEquals("--kubeconfig=alpha.yaml", fish("doks-auth kubeconfig save --kubeconfig=al"));
        assertEquals("alpha.yaml beta.yaml", fish("doks-auth -v kubeconfig migrate --kubeconfig "));
        assertEquals("client.authentication.k8s.io/v1 client.authentication.k8s.io/v1beta1 v1 v1beta1",
                fish("doks-auth credential ID --api-version "));
        assertEquals("json table", fish("doks-auth clusters -o "));
        assertEquals("auto browser device", fish("doks-auth credential ID --sso-grant "));
        assertEquals("bash fish zsh", fish("doks-auth completion "));
        assertEquals("save show", fish("doks-auth help kubeconfig s"));
        assertEquals("login logout whoami", fish("doks-auth sso help "));
        assertEquals("--kubeconfig", fish("doks-auth kubeconfig remove --kube"));
        assertEquals("", fish("doks-auth kubeconfig save --context "), "a name: nothing to offer");
        assertFalse(Files.exists(tripped), "completing ran doks-auth or java");
    }

    @Test
    void bashCompletesCommandsFilesAndValues() throws Exception {
        script = script("bash", "doks-auth");
        assertEquals("clusters", bash("doks-auth clu"));
        assertEquals("help save show remove migrate", bash("doks-auth kubeconfig ''"));
        assertEquals("alpha.yaml", bash("doks-auth kubeconfig save --kubeconfig al"));
        assertEquals("alpha.yaml", bash("doks-auth kubeconfig save --kubeconfig = al"), "--kubeconfig=al, as bash splits it");
        assertEquals("alpha.yaml beta.yaml", bash("doks-auth credential ID --doctl-config ''"));
        assertEquals("alpha.yaml beta.yaml", bash("doks-auth -v kubeconfig migrate --kubeconfig ''"));
        assertEquals("v1 v1beta1 client.authentication.k8s.io/v1 client.authentication.k8s.io/v1beta1",
                bash("doks-auth credential ID --api-version ''"));
        assertEquals("v1 v1beta1", bash("doks-auth kubeconfig save --exec-api-version v1"));
        assertEquals("table json", bash("doks-auth clusters -o ''"));
        assertEquals("text json", bash("doks-auth doctor -o ''"));
        assertEquals("alpha.yaml", bash("doks-auth doctor --kubeconfig al"));
        assertEquals("token sso", bash("doks-auth kubeconfig save --type ''"));
        assertEquals("auto browser device", bash("doks-auth credential ID --sso-grant ''"));
        assertEquals("json", bash("doks-auth cache list --output j"));
        assertEquals("bash zsh fish", bash("doks-auth completion ''"));
        assertEquals("save show", bash("doks-auth help kubeconfig s"));
        assertEquals("--kubeconfig", bash("doks-auth kubeconfig remove --kube"));
        assertEquals("", bash("doks-auth kubeconfig save --context ''"), "a name: nothing to offer");
        assertFalse(Files.exists(tripped), "completing ran doks-auth or java");
    }

    @Test
    void zshCompletesTheSameFromASourcedScriptAndFromFpath() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "needs zsh (.ci/run installs it)");
        script = script("zsh", "_doks-auth");
        assertTrue(Files.readString(script).startsWith("#compdef doks-auth\n"));
        assertEquals("help credential kubeconfig clusters cache sso doctor completion", zsh("doks-auth ''"));
        assertEquals("login logout whoami", zsh("doks-auth sso help ''"));
        assertEquals("FILES", zsh("doks-auth kubeconfig save --kubeconfig ''"));
        assertEquals("FILES", zsh("doks-auth kubeconfig save --kubeconfig=al"));
        assertEquals("FILES", zsh("doks-auth credential ID --doctl-config ''"));
        assertEquals("v1 v1beta1 client.authentication.k8s.io/v1 client.authentication.k8s.io/v1beta1",
                zsh("doks-auth kubeconfig save --exec-api-version ''"));
        assertEquals("table json", zsh("doks-auth clusters -o ''"));
        assertEquals("save show remove migrate", zsh("doks-auth kubeconfig help ''"));
        assertEquals("token sso", zsh("doks-auth kubeconfig show ID --type ''"));
        // Installed once on fpath, compinit finds it and autoloads it: nothing runs when a shell starts.
        String fromFpath = shell(List.of("zsh", "-f", "-c", "fpath=('" + script.getParent() + "' $fpath); "
                + "autoload -U compinit; compinit -u -D; print -r -- $_comps[doks-auth]; "
                + "compadd() { shift; print -r -- \"$*\"; }; words=(doks-auth cache ''); CURRENT=3; _doks-auth"));
        assertEquals("_doks-auth\nhelp list clear", fromFpath);
        assertFalse(Files.exists(tripped), "completing ran doks-auth or java");
    }
}
