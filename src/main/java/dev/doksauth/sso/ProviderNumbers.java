package dev.doksauth.sso;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The numbers an identity provider's answers carry (lifetimes, polling intervals), checked against a range before
 * any arithmetic: a zero, a negative, or 2^64 seconds ends in one sentence rather than in an overflow or a wait
 * that never ends. JSON numbers and, as some providers send them, strings of digits are read.
 */
final class ProviderNumbers {

    /** RFC 8628's default polling interval, when the provider names none. */
    static final long DEFAULT_INTERVAL_SECONDS = 5;
    /** Longer than any device code lives (providers give 5 to 15 minutes), and than the longest --sso-timeout. */
    static final long MAX_DEVICE_LIFETIME_SECONDS = 86_400;
    /** A poll less often than this could not finish within the longest --sso-timeout in any useful way. */
    static final long MAX_INTERVAL_SECONDS = 300;

    private ProviderNumbers() {
    }

    /**
     * A whole number of seconds from {@code min} to {@code max}, or {@code absent} when the member is missing.
     *
     * @param answer what the provider answered, for the sentence ("the device authorization request")
     */
    static long seconds(Map<String, Object> json, String name, long min, long max, long absent, String issuerUrl,
                        String answer) {
        Object value = json.get(name);
        if (value == null) {
            if (absent < 0) {
                throw DoksAuthException.failure("the identity provider " + issuerUrl + " answered " + answer
                        + " without " + name);
            }
            return absent;
        }
        BigDecimal number = null;
        try {
            if (value instanceof Number || value instanceof String) {
                number = new BigDecimal(value.toString().strip());
            }
        } catch (NumberFormatException e) {
            number = null;
        }
        if (number == null || number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw DoksAuthException.failure("the identity provider " + issuerUrl + " answered " + answer + " with "
                    + name + " " + Phrases.printable(String.valueOf(value), 24) + ", which is not a number of seconds from "
                    + min + " to " + max);
        }
        return number.longValue();
    }
}
