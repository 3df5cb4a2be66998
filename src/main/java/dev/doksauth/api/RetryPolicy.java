package dev.doksauth.api;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a request again: after a connection failure, a 429, or a 5xx other than 501, with
 * exponential backoff and full jitter, or as long as the server asks ({@code Retry-After},
 * {@code ratelimit-reset}), always within the command's time budget.
 */
final class RetryPolicy {

    static final int MAX_ATTEMPTS = 6;
    private static final Duration BASE = Duration.ofMillis(250);
    private static final Duration CAP = Duration.ofSeconds(8);
    /**
     * How long a connection that cannot be made (refused, no route, a name that does not resolve) is tried
     * again: long enough for a few tries past a blip (a proxy or load balancer restarting), short enough that
     * a stopped stand-in, a typo in --api-url or a machine off the network is said within about two seconds
     * of starting, JVM included, not after the whole budget (kubectl runs the plugin twice, and waits for it
     * each time). A connect timeout is another matter: retried within the budget.
     */
    static final Duration CONNECT_RETRY_WINDOW = Duration.ofSeconds(1);
    private static final Duration CONNECT_BASE = Duration.ofMillis(150);

    private RetryPolicy() {
    }

    static boolean isRetryable(int status) {
        return status == 429 || (status >= 500 && status != 501);
    }

    /** The pause before attempt {@code attempt + 1}, after {@code attempt} failed. */
    static Duration backoff(int attempt) {
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt - 1, 10));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    /** The pause after the {@code attempt}-th connection failure: 150 ms doubling, with jitter (75-150, 150-300, ...). */
    static Duration connectBackoff(int attempt) {
        long ceiling = CONNECT_BASE.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    /** What the server asked for: Retry-After (seconds or an HTTP date), else ratelimit-reset (epoch seconds). */
    static Optional<Duration> serverDelay(HttpHeaders headers, long nowEpochMillis) {
        Optional<String> retryAfter = headers.firstValue("retry-after");
        if (retryAfter.isPresent()) {
            String value = retryAfter.get().strip();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                    return Optional.of(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
                } catch (RuntimeException notADate) {
                    // ignore a header we cannot read
                }
            }
        }
        Optional<String> reset = headers.firstValue("ratelimit-reset");
        if (reset.isPresent() && headers.firstValue("ratelimit-remaining").map(r -> r.strip().equals("0")).orElse(true)) {
            try {
                long at = Math.multiplyExact(Long.parseLong(reset.get().strip()), 1000L);
                return Optional.of(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
            } catch (NumberFormatException | ArithmeticException e) {
                // ignore a header we cannot read (one so large it overflows would otherwise mean "now")
            }
        }
        return Optional.empty();
    }
}
