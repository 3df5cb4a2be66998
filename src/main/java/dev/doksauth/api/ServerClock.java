package dev.doksauth.api;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The server's clock, from an HTTP {@code Date} header (RFC 1123). */
final class ServerClock {

    private ServerClock() {
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
