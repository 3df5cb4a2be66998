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

    /** One sentence: it ends with a full stop. */
    public static String sentence(String message) {
        String text = message == null || message.isBlank() ? "failed" : message.strip();
        return text.endsWith(".") ? text : text + ".";
    }
}
