package dev.doksauth.core;

import dev.doksauth.report.DoksAuthException;

import java.util.Locale;

/**
 * What {@code doks-auth credential} was asked for, as given on the command line.
 * Null means "not given". The cluster ID is checked here, before any file or network is touched.
 */
public record CredentialRequest(String clusterId, long expirySeconds, String context, String doctlConfig,
                                String apiUrl, String apiVersion, boolean noCache, boolean verbose) {

    /** The largest expiry we pass on: DigitalOcean's own limit is far below it. */
    public static final long MAX_EXPIRY_SECONDS = 10L * 365 * 24 * 3600;

    public CredentialRequest {
        clusterId = checkClusterId(clusterId);
        if (expirySeconds < 0 || expirySeconds > MAX_EXPIRY_SECONDS) {
            throw DoksAuthException.usage("--expiry-seconds must be a whole number of seconds from 0 (DigitalOcean's "
                    + "default of 7 days) to " + MAX_EXPIRY_SECONDS);
        }
    }

    /** A cluster ID is a UUID; returned in lower case so that one cluster has one cache entry. */
    public static String checkClusterId(String clusterId) {
        if (!isUuid(clusterId)) {
            throw DoksAuthException.usage("the cluster ID must be a UUID such as 8d91899c-0739-4a1a-acc5-deadbeefbbb8"
                    + " (see 'doks-auth clusters')");
        }
        return clusterId.toLowerCase(Locale.ROOT);
    }

    /** 8-4-4-4-12 hexadecimal digits; checked by hand because java.util.regex is slow to wake. */
    private static boolean isUuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (dash ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }

    /** Parses the value of {@code --expiry-seconds}. */
    public static long parseExpirySeconds(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw DoksAuthException.usage("--expiry-seconds must be a whole number of seconds");
        }
    }
}
