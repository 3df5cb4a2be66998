package dev.doksauth.report;

import java.io.PrintStream;

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

    /** Longer than any sentence of ours, even one that lists a few dozen clusters. */
    static final int MAX_SENTENCE = 4000;

    /**
     * One sentence: one line that ends with a full stop. Whatever outside text a message holds, it reaches the
     * terminal through {@link Phrases#printable}: this is the last place a control or escape character is caught.
     */
    public static String sentence(String message) {
        String text = message == null || message.isBlank() ? "failed" : Phrases.printable(message.strip(), MAX_SENTENCE);
        return text.endsWith(".") ? text : text + ".";
    }
}
