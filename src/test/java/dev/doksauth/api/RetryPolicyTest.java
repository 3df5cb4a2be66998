package dev.doksauth.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    @Test
    void connectFailuresAreRetriedAFewTimesWithinTheirWindow() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            long ceiling = 150L << (attempt - 1);
            for (int i = 0; i < 100; i++) {
                long pause = RetryPolicy.connectBackoff(attempt).toMillis();
                assertTrue(pause >= ceiling / 2 && pause <= ceiling, attempt + ": " + pause);
            }
        }
        // The shortest pauses add up past the window after a handful of tries: a refused connection ends soon.
        Duration shortest = Duration.ZERO;
        int tries = 1;
        while (shortest.compareTo(RetryPolicy.CONNECT_RETRY_WINDOW) <= 0) {
            shortest = shortest.plusMillis((150L << (tries - 1)) / 2);
            tries++;
        }
        assertTrue(tries <= 6, tries + " tries at most");
    }
}
