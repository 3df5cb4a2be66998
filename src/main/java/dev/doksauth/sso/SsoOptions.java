package dev.doksauth.sso;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --sso-*} options of an SSO exec entry, checked before any file or network is touched.
 *
 * @param issuerUrl the provider's issuer, exactly as configured (an ID token's {@code iss} must equal it)
 * @param localPort the loopback port of the redirect URI {@code http://localhost:PORT/callback}
 * @param noRefresh do not ask for {@code offline_access} (policies that forbid refresh tokens)
 */
public record SsoOptions(String issuerUrl, String clientId, int localPort, Grant grant, Duration timeout,
                         boolean noRefresh) {

    /** doctl's port, so that provider applications registered for doctl work unchanged. */
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
    static final long MAX_TIMEOUT_SECONDS = 3600;
    static final int MAX_LENGTH = 2048;

    /** How the user signs in. */
    public enum Grant {
        /** the device grant where no browser can open and the provider offers it, else the browser */
        AUTO,
        /** authorization code with PKCE through the browser and the loopback server */
        BROWSER,
        /** the device authorization grant (RFC 8628) */
        DEVICE;

        public static Grant parse(String value) {
            if (value == null) {
                return AUTO;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "browser" -> BROWSER;
                case "device" -> DEVICE;
                default -> throw DoksAuthException.usage("--sso-grant must be auto, browser or device, not '"
                        + Phrases.printable(value) + "'");
            };
        }
    }

    public SsoOptions {
        issuerUrl = checkIssuer(issuerUrl);
        if (clientId == null || clientId.isBlank() || clientId.length() > 512
                || !clientId.equals(Phrases.printable(clientId))) {
            throw DoksAuthException.usage("--sso-client-id must be the client ID of the provider's application "
                    + "(printable characters, at most 512)");
        }
        if (localPort < 1 || localPort > 65535) {
            throw DoksAuthException.usage("--sso-local-server-port must be a port number from 1 to 65535");
        }
        if (grant == null) {
            grant = Grant.AUTO;
        }
        if (timeout == null) {
            timeout = DEFAULT_TIMEOUT;
        }
        if (timeout.toSeconds() < 1 || timeout.toSeconds() > MAX_TIMEOUT_SECONDS) {
            throw DoksAuthException.usage("--sso-timeout must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
        }
    }

    /** The values of the command line's options; null means "not given". */
    public static SsoOptions parse(String issuerUrl, String clientId, String localPort, String grant, String timeout,
                                   boolean noRefresh) {
        return new SsoOptions(issuerUrl, clientId,
                localPort == null ? DEFAULT_PORT : (int) number(localPort, "--sso-local-server-port", 65535),
                Grant.parse(grant),
                timeout == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(number(timeout, "--sso-timeout", MAX_TIMEOUT_SECONDS)),
                noRefresh);
    }

    private static long number(String value, String option, long max) {
        try {
            long number = Long.parseLong(value.strip());
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw DoksAuthException.usage(option + " must be a whole number from 1 to " + max);
    }

    /** The scopes asked for: {@code openid email team_role}, and {@code offline_access} when offered and wanted. */
    public List<String> scopes(boolean providerOffersOfflineAccess) {
        List<String> scopes = new ArrayList<>(List.of("openid", "email", "team_role"));
        if (providerOffersOfflineAccess && !noRefresh) {
            scopes.add("offline_access");
        }
        return scopes;
    }

    public String redirectUri() {
        return "http://localhost:" + localPort + "/callback";
    }

    /** https, or http to a loopback host only: the provider's answers carry the tokens. */
    private static String checkIssuer(String value) {
        if (value == null || value.isBlank()) {
            throw DoksAuthException.usage("--sso-issuer-url is needed with --sso-client-id");
        }
        String issuer = value.strip();
        if (issuer.length() > MAX_LENGTH) {
            throw DoksAuthException.usage("--sso-issuer-url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw DoksAuthException.usage("--sso-issuer-url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw DoksAuthException.usage("--sso-issuer-url must be an https:// URL without user, query or fragment");
        }
        if (scheme.equals("http") && !ApiUrl.isLoopback(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw DoksAuthException.usage("--sso-issuer-url uses plain http:// to " + Phrases.printable(uri.getHost())
                    + ", which would carry the tokens across the network in clear; use https://");
        }
        return issuer;
    }
}
