package dev.doksauth.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/** The real kubectl on this machine, run as a user runs it, with its own HOME and kubeconfig. */
public final class Kubectl {

    private Kubectl() {
    }

    /** kubectl from PATH; a test that needs it fails loudly when CI lacks it. */
    public static Path find() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("kubectl is not on PATH: install Debian's kubernetes-client (.ci/run does)");
    }

    public static Launcher.Result run(Path kubectl, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        return Launcher.finish(builder.start());
    }

    /** A kubeconfig with one cluster whose user is an exec entry, as SPEC.md has {@code kubeconfig save} write it. */
    public static String kubeconfig(String server, String caData, String execApiVersion, Path command, List<String> args) {
        StringBuilder yaml = new StringBuilder()
                .append("apiVersion: v1\nkind: Config\nclusters:\n- name: do-test\n  cluster:\n")
                .append("    server: ").append(server).append("\n")
                .append("    certificate-authority-data: ").append(caData).append("\n")
                .append("users:\n- name: do-test-admin\n  user:\n    exec:\n")
                .append("      apiVersion: ").append(execApiVersion).append("\n")
                .append("      command: ").append(command).append("\n")
                .append("      args:\n");
        for (String arg : args) {
            yaml.append("      - ").append(arg).append("\n");
        }
        return yaml.append("      interactiveMode: Never\n")
                .append("      installHint: Install doks-auth (./install.sh) and put it on PATH.\n")
                .append("contexts:\n- name: do-test\n  context:\n    cluster: do-test\n    user: do-test-admin\n")
                .append("current-context: do-test\n").toString();
    }
}
