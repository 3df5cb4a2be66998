package dev.doksauth.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorReportTest {

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
