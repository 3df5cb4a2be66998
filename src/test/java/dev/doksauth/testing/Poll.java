package dev.doksauth.testing;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition another process brings about, looking every few milliseconds, up to a limit. */
public final class Poll {

    /** A condition that may throw while it looks. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {
    }

    public static void until(String what, Duration limit, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(10); // the pause between two looks at the condition, not a guess at how long it takes
        }
    }
}
