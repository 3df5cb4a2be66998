package dev.doksauth.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -v} / {@code DOKS_AUTH_VERBOSE=1} diagnostics: lines on stderr, with every secret the
 * program has learnt replaced by {@code [redacted]} before it is printed.
 */
public final class Verbose {

    private static final Verbose OFF = new Verbose(null);

    private final PrintStream err;
    private final List<String> secrets = new ArrayList<>();

    private Verbose(PrintStream err) {
        this.err = err;
    }

    public static Verbose to(PrintStream err) {
        return new Verbose(err);
    }

    public static Verbose off() {
        return OFF;
    }

    /** Whether {@code DOKS_AUTH_VERBOSE} asks for diagnostics ({@code 1} or {@code true}). */
    public static boolean requested(java.util.Map<String, String> env) {
        String value = env.get("DOKS_AUTH_VERBOSE");
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** Remembers a secret so that no line can print it. */
    public void secret(String value) {
        if (err != null && value != null && value.length() >= 4) {
            secrets.add(value);
        }
    }

    public void log(String line) {
        if (err != null) {
            err.println("doks-auth: [verbose] " + Phrases.printable(redact(line), ErrorReport.MAX_SENTENCE));
        }
    }

    public String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "[redacted]");
        }
        return out;
    }
}
