package dev.doksauth.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Prints a failure the way SPEC.md says: {@code doks-auth: } and one sentence; a stack trace only when verbose. */
public final class ErrorReport {

    private ErrorReport() {
    }

    /** @return the exit code that goes with the failure */
    public static int print(PrintStream err, DoksAuthException failure, boolean verbose) {
        err.println("doks-auth: " + sentence(failure.getMessage()));
        if (verbose && failure.getCause() != null) {
            failure.getCause().printStackTrace(err);
        }
        err.flush();
        return failure.exitCode();
    }

    /**
     * Any failure of {@code command} (such as "doks-auth clusters"): a {@link DoksAuthException} as it is,
     * anything else as a sentence that says what failed; with {@code -v}, the stack trace after it.
     *
     * @return the exit code that goes with the failure
     */
    public static int print(PrintStream err, Throwable failure, String command, Verbose verbose) {
        if (unwrap(failure) instanceof DoksAuthException known) {
            err.println("doks-auth: " + sentence(known.getMessage()));
            if (known.getCause() != null) {
                verbose.trace(known.getCause());
            }
            err.flush();
            return known.exitCode();
        }
        err.println("doks-auth: " + sentence(whatFailed(command, failure, verbose.on())));
        verbose.trace(failure);
        err.flush();
        return DoksAuthException.FAILURE;
    }

    /** A failure nobody turned into a {@link DoksAuthException}, said as well as its kind allows; never its message alone. */
    static String whatFailed(String command, Throwable failure, boolean verbose) {
        Throwable cause = unwrap(failure);
        if (cause instanceof UncheckedIOException io) {
            cause = io.getCause();
        }
        if (cause instanceof IOException io) {
            return command + " failed on a file or the network: " + Phrases.describe(io);
        }
        if (cause instanceof InvalidPathException path) {
            return command + " was given a path it cannot use ('" + Phrases.printable(path.getInput()) + "': "
                    + Phrases.printable(path.getReason()) + ")";
        }
        if (cause instanceof InterruptedException) {
            return command + " was interrupted";
        }
        if (cause instanceof OutOfMemoryError) {
            return command + " ran out of memory";
        }
        if (cause instanceof StackOverflowError) {
            return command + " ran out of stack, on input nested too deeply";
        }
        return command + " stopped on an internal error (" + cause.getClass().getSimpleName() + ")"
                + (verbose ? "; please report it with the stack trace below" : "; run it again with -v to see where, and report it");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof java.lang.reflect.InvocationTargetException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Longer than any sentence of ours, even one that lists a few dozen clusters. */
    static final int MAX_SENTENCE = 4000;

    /**
     * One sentence: one line that ends with a full stop. Whatever outside text a message holds, it reaches the
     * terminal through {@link Phrases#printable}: this is the last place a control or escape character is caught.
     */
    public static String sentence(String message) {
        String text = message == null || message.isBlank() ? "failed" : Phrases.printable(message.strip(), MAX_SENTENCE);
        return text.endsWith(".") || text.endsWith("?") ? text : text + ".";
    }
}
