package dev.doksauth.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerClockTest {

    @Test
    void readsAnHttpDateAndFallsBackOnAnythingElse() {
        assertEquals(784111777L, ServerClock.epochSecond("Sun, 06 Nov 1994 08:49:37 GMT", 1));
        assertEquals(1, ServerClock.epochSecond(null, 1));
        assertEquals(1, ServerClock.epochSecond("yesterday", 1));
        assertEquals(1, ServerClock.epochSecond("Sun, 06 Nov 1994 08:49:37 GMT" + " ".repeat(100), 1));
    }

    @Test
    void aDateThatStretchesTheLifetimeBeyondWhatWasAskedIsNotBelieved() throws Exception {
        long now = 1_800_000_000L;
        String body = "2027-01-15T08:00:00Z"; // 1_800_000_000 + 7 days + 0
        long expires = Rfc3339.epochSeconds("2027-01-15T08:00:00Z");
        assertTrue(ServerClock.plausible(body, expires - 7 * 86_400, 0), "seven days by default");
        assertTrue(ServerClock.plausible(body, expires - 600, 600));
        assertFalse(ServerClock.plausible(body, expires - 2 * 86_400, 600), "asked for 10 minutes, told 2 days");
        assertFalse(ServerClock.plausible(body, now - 26L * 365 * 86_400, 0), "a Date in another century");
    }
}
