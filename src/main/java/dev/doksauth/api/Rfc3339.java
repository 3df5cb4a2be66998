package dev.doksauth.api;

/**
 * Reads an RFC 3339 {@code date-time} (section 5.6), all of it and nothing else: a fraction of any number of
 * digits, {@code T} or {@code t}, {@code Z}, {@code z} or a numeric offset, a leap second. The JDK's ISO
 * parser takes at most 9 fraction digits and only upper-case letters, and refuses what DigitalOcean or a
 * proxy in front of it may well send.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    /** Thrown for text that is not an RFC 3339 date-time; its message says what is wrong, never the text. */
    public static final class InvalidTimeException extends Exception {
        InvalidTimeException(String what) {
            super(what);
        }
    }

    /** The time in whole seconds since the epoch, rounded down (the fraction only ever makes it later). */
    public static long epochSeconds(String text) throws InvalidTimeException {
        Reader r = new Reader(text);
        int year = r.digits(4, "year");
        r.expect('-', "a '-' after the year");
        int month = r.digits(2, "month");
        r.expect('-', "a '-' after the month");
        int day = r.digits(2, "day");
        if (!r.more() || (r.peek() != 'T' && r.peek() != 't')) {
            throw new InvalidTimeException("no 'T' between date and time");
        }
        r.pos++;
        int hour = r.digits(2, "hour");
        r.expect(':', "a ':' after the hour");
        int minute = r.digits(2, "minute");
        r.expect(':', "a ':' after the minute");
        int second = r.digits(2, "second");
        if (r.more() && r.peek() == '.') {
            r.pos++;
            int start = r.pos;
            while (r.more() && isDigit(r.peek())) {
                r.pos++;
            }
            if (r.pos == start) {
                throw new InvalidTimeException("no digit after the decimal point");
            }
        }
        if (!r.more()) {
            throw new InvalidTimeException("no time zone offset (Z or +hh:mm)");
        }
        int offsetSeconds;
        char zone = r.text.charAt(r.pos++);
        if (zone == 'Z' || zone == 'z') {
            offsetSeconds = 0;
        } else if (zone == '+' || zone == '-') {
            int offsetHour = r.digits(2, "offset hour");
            r.expect(':', "a ':' in the offset");
            int offsetMinute = r.digits(2, "offset minute");
            if (offsetHour > 23 || offsetMinute > 59) {
                throw new InvalidTimeException("an offset out of range");
            }
            offsetSeconds = (zone == '-' ? -1 : 1) * (offsetHour * 3600 + offsetMinute * 60);
        } else {
            throw new InvalidTimeException("no time zone offset (Z or +hh:mm)");
        }
        if (r.more()) {
            throw new InvalidTimeException("text after the time");
        }
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            throw new InvalidTimeException("a date that does not exist");
        }
        // 60 is a leap second; it is counted as the first second of the next minute, as POSIX time does.
        if (hour > 23 || minute > 59 || second > 60) {
            throw new InvalidTimeException("a time of day out of range");
        }
        return daysSinceEpoch(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int daysIn(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                return leap ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days from 1970-01-01 to the date, in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
    private static long daysSinceEpoch(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static final class Reader {
        final String text;
        int pos;

        Reader(String text) {
            this.text = text;
        }

        boolean more() {
            return pos < text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        int digits(int count, String what) throws InvalidTimeException {
            int value = 0;
            for (int i = 0; i < count; i++) {
                if (!more() || !isDigit(peek())) {
                    throw new InvalidTimeException("no " + count + "-digit " + what);
                }
                value = value * 10 + (text.charAt(pos++) - '0');
            }
            return value;
        }

        void expect(char c, String what) throws InvalidTimeException {
            if (!more() || peek() != c) {
                throw new InvalidTimeException("no " + what);
            }
            pos++;
        }
    }
}
