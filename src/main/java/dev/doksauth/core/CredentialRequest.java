package dev.doksauth.core;

import dev.doksauth.credential.ClusterId;
import dev.doksauth.report.DoksAuthException;

/**
 * What {@code doks-auth credential} was asked for, as given on the command line.
 * Null means "not given". Everything is checked here, before any file or network is touched.
 *
 * @param sso the single sign-on options, or null for a DigitalOcean-token credential
 */
public record CredentialRequest(String clusterId, long expirySeconds, String context, String doctlConfig,
                                String apiUrl, String apiVersion, boolean noCache, boolean verbose, SsoOptions sso) {

    /** The largest expiry we pass on: DigitalOcean's own limit is far below it. */
    public static final long MAX_EXPIRY_SECONDS = 10L * 365 * 24 * 3600;

    public CredentialRequest {
        clusterId = ClusterId.check(clusterId);
        if (expirySeconds < 0 || expirySeconds > MAX_EXPIRY_SECONDS) {
            throw DoksAuthException.usage("--expiry-seconds must be a whole number of seconds from 0 (DigitalOcean's "
                    + "default of 7 days) to " + MAX_EXPIRY_SECONDS);
        }
        if (sso != null && (expirySeconds != 0 || context != null || doctlConfig != null || apiUrl != null)) {
            throw DoksAuthException.usage("--expiry-seconds, --context, --doctl-config and --api-url select a "
                    + "DigitalOcean token, which a single sign-on credential (--sso-issuer-url) does not use");
        }
    }

    /** Parses the value of {@code --expiry-seconds}. */
    public static long parseExpirySeconds(String value) {
        return parseWhole(value, "--expiry-seconds");
    }

    /** Parses a whole number option; anything else is a usage error naming the option. */
    public static long parseWhole(String value, String option) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw DoksAuthException.usage(option + " must be a whole number");
        }
    }
}
