package dev.doksauth.exec;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.Json;
import dev.doksauth.report.DoksAuthException;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the ExecCredential that client-go reads from the plugin's stdout, in the first JVM, by hand: Jackson
 * would cost a cache hit 7-9 ms. The full JVM writes the same bytes with Jackson ({@link ExecCredential}).
 */
public final class ExecCredentialJson {

    private ExecCredentialJson() {
    }

    /**
     * The whole document, one line. {@code expirationTimestamp} is when we would stop serving the
     * credential from cache, so that client-go runs us again exactly when we would fetch anew.
     */
    public static String render(ExecApiVersion version, Credential credential) {
        StringBuilder out = new StringBuilder(512)
                .append("{\"kind\":\"ExecCredential\",\"apiVersion\":").append(Json.quote(version.apiVersion()))
                .append(",\"spec\":{\"interactive\":false},\"status\":{\"expirationTimestamp\":")
                .append(Json.quote(rfc3339(credential.freshUntil())));
        if (credential.token() != null) {
            out.append(",\"token\":").append(Json.quote(credential.token()));
        }
        if (credential.clientCertificatePem() != null) {
            out.append(",\"clientCertificateData\":").append(Json.quote(credential.clientCertificatePem()))
                    .append(",\"clientKeyData\":").append(Json.quote(credential.clientKeyPem()));
        }
        return out.append("}}\n").toString();
    }

    /** Prints the ExecCredential on {@code out} (stdout); @return the exit code: 1 if it could not be written */
    public static int print(PrintStream out, ExecApiVersion version, Credential credential) {
        return print(out, render(version, credential));
    }

    /** Prints a rendered ExecCredential on {@code out} (stdout); @return the exit code: 1 if it could not be written */
    static int print(PrintStream out, String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
        return out.checkError() ? DoksAuthException.FAILURE : 0;
    }

    /**
     * Epoch seconds as RFC 3339 in UTC, {@code 2026-11-21T07:40:25Z}. Written by hand because
     * {@code Instant.toString} wakes the whole {@code DateTimeFormatter} machinery on the hot path.
     */
    static String rfc3339(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        long secondOfDay = Math.floorMod(epochSecond, 86_400L);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder out = new StringBuilder(20);
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, secondOfDay / 3600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2).append('Z');
        return out.toString();
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
