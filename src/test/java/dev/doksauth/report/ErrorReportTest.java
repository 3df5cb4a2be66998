package dev.doksauth.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failure is one printable sentence, even one nobody foresaw (it says what failed); the stack trace only with -v. */
class ErrorReportTest {

    private static final String SECRET = "dop_v1_error_report_secret";

    private record Printed(int code, String text) {
    }

    private static Printed print(Throwable failure, boolean verbose) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Verbose log = Verbose.untilTurnedOn(err);
        log.secret(SECRET);
        if (verbose) {
            log.turnOn();
        }
        int code = ErrorReport.print(err, failure, "doks-auth clusters", log);
        return new Printed(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unexpectedFailuresAreASentenceWithoutAStackTrace() {
        assertSentence(new NullPointerException("x is null"),
                "doks-auth: doks-auth clusters stopped on an internal error (NullPointerException); run it again with -v "
                        + "to see where, and report it.\n");
        assertSentence(new UncheckedIOException(new NoSuchFileException("/home/a/.kube/config")),
                "doks-auth: doks-auth clusters failed on a file or the network: NoSuchFile (/home/a/.kube/config).\n");
        assertSentence(new CompletionException(new IOException("Broken pipe")),
                "doks-auth: doks-auth clusters failed on a file or the network: IO (Broken pipe).\n");
        assertSentence(new InvalidPathException("a\u0000b", "Nul character not allowed"),
                "doks-auth: doks-auth clusters was given a path it cannot use ('a?b': Nul character not allowed).\n");
        assertSentence(new OutOfMemoryError(), "doks-auth: doks-auth clusters ran out of memory.\n");
    }

    private static void assertSentence(Throwable failure, String expected) {
        Printed printed = print(failure, false);
        assertEquals(expected, printed.text());
        assertEquals(DoksAuthException.FAILURE, printed.code());
    }

    @Test
    void withVerboseTheStackTraceFollowsWithSecretsRedacted() {
        Printed printed = print(new IllegalStateException("token " + SECRET + " was refused"), true);
        assertTrue(printed.text().startsWith("doks-auth: doks-auth clusters stopped on an internal error "
                + "(IllegalStateException); please report it with the stack trace below.\n"), printed.text());
        assertTrue(printed.text().contains("\tat ") && printed.text().contains("token [redacted] was refused"), printed.text());
        assertFalse(printed.text().contains(SECRET));
    }

    @Test
    void aKnownFailureKeepsItsExitCodeAndShowsItsCauseOnlyWithVerbose() {
        DoksAuthException failure = DoksAuthException.failure("cannot read /x", new IOException("boom"));
        Printed quiet = print(failure, false);
        assertEquals(DoksAuthException.FAILURE, quiet.code());
        assertEquals("doks-auth: cannot read /x.\n", quiet.text());
        assertTrue(print(failure, true).text().contains("java.io.IOException: boom"));
        assertEquals(DoksAuthException.USAGE, print(new CompletionException(DoksAuthException.usage("no")), false).code());
    }

    @Test
    void aFailureIsOnePrintableLineWhateverItsMessageHolds() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ErrorReport.print(new PrintStream(err, true, StandardCharsets.UTF_8),
                DoksAuthException.failure("no cluster named 'x\u001b[2J' in this account; it has: web\r\n\u202eevil (fra1)"), false);
        assertEquals(1, code);
        assertEquals("doks-auth: no cluster named 'x?[2J' in this account; it has: web???evil (fra1).\n",
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void verboseLinesArePrintableAndRedacted() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Verbose verbose = Verbose.to(new PrintStream(err, true, StandardCharsets.UTF_8));
        verbose.secret("s3cret-token");
        verbose.log("answer 200, request id \u001b]0;x\u0007 with s3cret-token");
        assertEquals("doks-auth: [verbose] answer 200, request id ?]0;x? with [redacted]\n",
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
