package dev.doksauth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the launcher install.sh put in target/it-install, as kubectl runs it: a new process with its
 * own environment (nothing inherited from the test JVM but PATH), arguments, stdout, stderr and exit code.
 */
public final class Launcher {

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private Path command;
    private Path directory;
    private List<String> wrapper = List.of();
    private Duration limit = LIMIT;

    /** How long a launcher run may take before the test fails: far beyond any honest run, bounded all the same. */
    public static final Duration LIMIT = Duration.ofSeconds(90);

    /** {@code KUBERNETES_EXEC_INFO} as kubectl sets it for an exec entry that may not prompt. */
    public static final String NOT_INTERACTIVE =
            "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}";

    public Launcher(Path home) {
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
    }

    /**
     * As kubectl runs an SSO entry that may not prompt: no DigitalOcean token, caching in {@code home}/cache, the
     * kubeconfig {@code home}/kubeconfig.
     */
    public static Launcher ssoEntry(Path home) {
        return new Launcher(home).env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString())
                .env("KUBERNETES_EXEC_INFO", NOT_INTERACTIVE).env("KUBECONFIG", home.resolve("kubeconfig").toString());
    }

    public static Path path() {
        String launcher = System.getProperty("doksauth.launcher");
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            fail("no launcher at " + launcher + ": the process tests run in 'mvn verify', after install.sh --no-build");
        }
        return Path.of(launcher);
    }

    /** Runs this launcher instead of the one install.sh put in target/it-install. */
    public Launcher command(Path launcher) {
        this.command = launcher;
        return this;
    }

    /** Runs the launcher in this working directory instead of the test's. */
    public Launcher directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /**
     * Runs the launcher through these words, which receive the launcher's path and arguments after them:
     * {@code sh -c 'umask 000; exec "$0" "$@"'}.
     */
    public Launcher wrappedIn(String... words) {
        this.wrapper = List.of(words);
        return this;
    }

    /** Fails a run that takes longer than this instead of {@link #LIMIT}. */
    public Launcher within(Duration limit) {
        this.limit = limit;
        return this;
    }

    public Launcher env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    public Map<String, String> environment() {
        return env;
    }

    public Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add((this.command != null ? this.command : path()).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        return builder.start();
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return Processes.finish(start(args), limit, "the launcher");
    }

    /** Ends the launcher (and what it started) and fails the test if it runs longer than {@link #LIMIT}. */
    public static Result finish(Process process) throws InterruptedException {
        return Processes.finish(process, LIMIT, "the launcher");
    }
}
