package dev.doksauth.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every process a test runs ends within a bound, or the test fails: stdout and stderr are read on threads of their
 * own while the wait runs (a process that hangs before writing, or writes more than a pipe holds, cannot stall the
 * reader), and on the deadline the process and everything it started are killed.
 */
public final class Processes {

    private Processes() {
    }

    /**
     * Closes the process's stdin, reads its output and waits for it to end, all within {@code limit}; after it,
     * kills the process tree and fails the test naming {@code what} and what it printed so far.
     */
    public static Launcher.Result finish(Process process, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // A process that already ended has closed its end: nothing to tell it.
        }
        Reader stdout = Reader.start(process.getInputStream(), what + " stdout");
        Reader stderr = Reader.start(process.getErrorStream(), what + " stderr");
        List<ProcessHandle> tree = process.descendants().toList();
        if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
            killTree(process, tree);
            return fail(what + " did not end within " + limit.toSeconds() + " s and was killed\n--- stdout so far\n"
                    + stdout.soFar() + "--- stderr so far\n" + stderr.soFar());
        }
        // The process ended; something it started may still hold its output open: bounded too.
        String out = stdout.result(deadline);
        String err = stderr.result(deadline);
        if (out == null || err == null) {
            killTree(process, tree);
            return fail(what + " ended, but what it started still held its output open after " + limit.toSeconds()
                    + " s\n--- stdout so far\n" + stdout.soFar() + "--- stderr so far\n" + stderr.soFar());
        }
        return new Launcher.Result(process.exitValue(), out, err);
    }

    /** Runs a tool a test needs; it must end within {@code limit} and succeed. Returns stdout and stderr together. */
    public static String runOk(Duration limit, String... command) throws IOException, InterruptedException {
        Launcher.Result output = finish(new ProcessBuilder(command).redirectErrorStream(true).start(), limit, String.join(" ", command));
        assertEquals(0, output.exitCode(), String.join(" ", command) + ": " + output.stdout());
        return output.stdout();
    }

    /** SIGKILL to the process, everything it started, and what those started before it ended. */
    public static void killTree(Process process, List<ProcessHandle> startedBefore) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        startedBefore.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** One stream read to its end on a daemon thread; what it read so far is there on a timeout. */
    private record Reader(ByteArrayOutputStream bytes, CompletableFuture<String> done) {

        static Reader start(InputStream in, String name) {
            Reader reader = new Reader(new ByteArrayOutputStream(), new CompletableFuture<>());
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (reader.bytes) {
                            reader.bytes.write(buffer, 0, n);
                        }
                    }
                    reader.done.complete(reader.soFar());
                } catch (IOException e) {
                    reader.done.complete(reader.soFar());
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
            return reader;
        }

        String soFar() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        /** The whole stream, or null when it is still open at the deadline. */
        String result(long deadline) throws InterruptedException {
            try {
                return done.get(Math.max(remaining(deadline), TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
