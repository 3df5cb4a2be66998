package dev.doksauth.api;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The server's clock, from an HTTP {@code Date} header (RFC 1123). */
final class ServerClock {

    private ServerClock() {
    }

    /** Clock differences below this are noise (a Date header has whole seconds, and the answer takes time to come). */
    static final long IGNORED_SKEW_SECONDS = 5;
    /** DigitalOcean's default lifetime, when no expiry is asked for. */
    static final long DEFAULT_LIFETIME_SECONDS = 7 * 86_400;
    /** What a credential may outlive its requested lifetime by, on the server's clock, and still be believed. */
    static final long SLACK_SECONDS = 3600;

    /**
     * Whether {@code serverNow} is a believable reading of the server's clock for this answer: the
     * credential's lifetime it implies is no longer than what was asked for (a broken or lying
     * {@code Date} header could otherwise make a credential live for years on our clock). An answer
     * whose expires_at cannot be read is left to the parser's sentence.
     */
    static boolean plausible(String expiresAt, long serverNow, long expirySeconds) {
        try {
            if (expiresAt == null) {
                return true;
            }
            long lifetime = Rfc3339.epochSeconds(expiresAt) - serverNow;
            return lifetime <= (expirySeconds > 0 ? expirySeconds : DEFAULT_LIFETIME_SECONDS) + SLACK_SECONDS;
        } catch (Rfc3339.InvalidTimeException e) {
            return true;
        }
    }

    /** The header's moment in epoch seconds, or {@code fallback} when there is none or it cannot be read. */
    static long epochSecond(String dateHeader, long fallback) {
        if (dateHeader == null || dateHeader.length() > 64) {
            return fallback;
        }
        try {
            return ZonedDateTime.parse(dateHeader.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
