package dev.doksauth.testing;

import java.time.Duration;

/** A tool a test needs (mkfifo, chown, ...): it must end within 30 s and succeed, or the test fails saying so. */
public final class Commands {

    private Commands() {
    }

    public static void runOk(String... command) throws Exception {
        Processes.runOk(Duration.ofSeconds(30), command);
    }
}
