package dev.doksauth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
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

    public Launcher(Path home) {
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
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
        return finish(start(args));
    }

    public static Result finish(Process process) throws IOException, InterruptedException {
        process.getOutputStream().close();
        // Drain both streams concurrently so that neither can fill its pipe and block the process.
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.completeExceptionally(e);
            }
        });
        reader.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the launcher did not end within 90 s");
        return new Result(process.exitValue(), stdout, stderr.join());
    }
}
