package dev.doksauth.api;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aServerDelayThatOverflowsIsIgnoredNotTakenForNow() {
        HttpHeaders reset = HttpHeaders.of(Map.of("ratelimit-reset", List.of("9223372036854775807"),
                "ratelimit-remaining", List.of("0")), (name, value) -> true);
        assertEquals(Optional.empty(), RetryPolicy.serverDelay(reset, System.currentTimeMillis()));
        HttpHeaders retryAfter = HttpHeaders.of(Map.of("retry-after", List.of("99999999999999999999999")), (name, value) -> true);
        assertEquals(Optional.empty(), RetryPolicy.serverDelay(retryAfter, System.currentTimeMillis()));
    }
}
