package dev.doksauth.credential;

import dev.doksauth.report.DoksAuthException;

import java.util.Locale;

/** A DOKS cluster ID is a UUID; anything else is refused before it reaches a path, a file name or a request. */
public final class ClusterId {

    private ClusterId() {
    }

    /** @return the ID in lower case, so that one cluster has one cache entry and one kubeconfig entry */
    public static String check(String clusterId) {
        if (!isUuid(clusterId)) {
            throw DoksAuthException.usage("the cluster ID must be a UUID such as 8d91899c-0739-4a1a-acc5-deadbeefbbb8"
                    + " (see 'doks-auth clusters')");
        }
        return clusterId.toLowerCase(Locale.ROOT);
    }

    /** 8-4-4-4-12 hexadecimal digits; checked by hand because java.util.regex is slow to wake. */
    public static boolean isUuid(String s) {
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
}
