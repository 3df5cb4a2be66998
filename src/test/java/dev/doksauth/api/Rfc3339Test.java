package dev.doksauth.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
        "2026-11-21T10:00:00Z, 2026-11-21T10:00:00Z",
        "2026-11-21t10:00:00z, 2026-11-21T10:00:00Z",
        "2026-11-21T10:00:00.5Z, 2026-11-21T10:00:00Z",
        "2026-11-21T10:00:00.999999999999Z, 2026-11-21T10:00:00Z",
        "2026-11-21T10:00:00.123456789012345678901234567890+00:00, 2026-11-21T10:00:00Z",
        "2026-11-21T12:30:00+02:30, 2026-11-21T10:00:00Z",
        "2026-11-21T00:00:00-10:00, 2026-11-21T10:00:00Z",
        "2026-11-21T10:00:00-00:00, 2026-11-21T10:00:00Z",
        "2024-02-29T23:59:59Z, 2024-02-29T23:59:59Z",
        "2016-12-31T23:59:60Z, 2017-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
        "9999-12-31T05:59:59.9-18:00, 9999-12-31T23:59:59Z",
    })
    void readsEveryRfc3339DateTime(String text, String sameInstant) throws Exception {
        assertEquals(OffsetDateTime.parse(sameInstant).toEpochSecond(), Rfc3339.epochSeconds(text));
    }

    @Test
    void agreesWithTheJdkOverManyDays() throws Exception {
        for (long day = -719_000; day < 2_900_000; day += 997) {
            OffsetDateTime time = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(day * 86_400 + 3_723), java.time.ZoneOffset.UTC);
            assertEquals(time.toEpochSecond(), Rfc3339.epochSeconds(time.toString()), time.toString());
        }
    }

    @Test
    void offsetsUpTo23Hours59() throws Exception {
        assertEquals(OffsetDateTime.parse("9999-12-31T23:59:59Z").toEpochSecond() + 23 * 3600 + 59 * 60,
                Rfc3339.epochSeconds("9999-12-31T23:59:59-23:59"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "2026-11-21", "2026-11-21T10:00Z", "2026-11-21T10:00:00", "2026-11-21 10:00:00Z",
        "2026-11-21T10:00:00.Z", "2026-11-21T10:00:00+0200", "2026-11-21T10:00:00+02", "2026-11-21T10:00:00ZZ",
        "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z",
        "2026-11-21T24:00:00Z", "2026-11-21T10:60:00Z", "2026-11-21T10:00:61Z", "2026-11-21T10:00:00+24:00",
        "2026-11-21T10:00:00+02:60", "+2026-11-21T10:00:00Z", "26-11-21T10:00:00Z", "2026-11-21T10:00:00 Z",
        "２０２６-11-21T10:00:00Z", "2026-11-21T10:00:00\u0000", "2026-11-21T1:00:00Z"})
    void refusesWhatIsNot(String text) {
        assertThrows(Rfc3339.InvalidTimeException.class, () -> Rfc3339.epochSeconds(text));
    }
}
