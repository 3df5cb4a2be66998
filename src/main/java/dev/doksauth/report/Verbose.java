package dev.doksauth.report;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -v} / {@code DOKS_AUTH_VERBOSE=1} diagnostics: lines on stderr, with every secret the
 * program has learnt replaced by {@code [redacted]} before it is printed.
 *
 * <p>The command line makes one before it knows whether {@code -v} was given ({@link #untilTurnedOn}) and
 * hands it to every command; parsing {@code -v} turns it on. It remembers secrets while off, so that
 * whatever it prints once on has them redacted.
 */
public final class Verbose {

    private static final Verbose OFF = new Verbose(null, false);

    private final PrintStream err;
    private final List<String> secrets = new ArrayList<>();
    private boolean on;

    private Verbose(PrintStream err, boolean on) {
        this.err = err;
        this.on = on;
    }

    public static Verbose to(PrintStream err) {
        return new Verbose(err, true);
    }

    /** Silent until {@link #turnOn()}. */
    public static Verbose untilTurnedOn(PrintStream err) {
        return new Verbose(err, false);
    }

    public static Verbose off() {
        return OFF;
    }

    /** Whether {@code DOKS_AUTH_VERBOSE} asks for diagnostics ({@code 1} or {@code true}). */
    public static boolean requested(java.util.Map<String, String> env) {
        String value = env.get("DOKS_AUTH_VERBOSE");
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    public void turnOn() {
        if (err != null) {
            on = true;
        }
    }

    public boolean on() {
        return on;
    }

    /** Remembers a secret so that no line can print it. */
    public void secret(String value) {
        if (err != null && value != null && value.length() >= 4) {
            secrets.add(value);
        }
    }

    public void log(String line) {
        if (on) {
            err.println("doks-auth: [verbose] " + Phrases.printable(redact(line), ErrorReport.MAX_SENTENCE));
        }
    }

    /** The stack trace of a failure, for -v: where it happened, with secrets redacted as in every line. */
    public void trace(Throwable failure) {
        if (on) {
            StringWriter text = new StringWriter();
            failure.printStackTrace(new PrintWriter(text));
            err.print(redact(text.toString()));
            err.flush();
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
