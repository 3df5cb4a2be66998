package dev.doksauth.core;

import dev.doksauth.report.DoksAuthException;

/**
 * What a single sign-on credential entry asks for ({@code credential ID --sso-issuer-url URL
 * --sso-client-id ID ...}), checked before anything is touched.
 *
 * @param grant          {@code auto}, {@code browser} or {@code device}
 * @param timeoutSeconds how long a sign-in, and the wait for another process's sign-in, may take
 * @param noRefresh      do not ask for a refresh token ({@code offline_access})
 */
public record SsoOptions(String issuerUrl, String clientId, int localPort, String grant, long timeoutSeconds,
                         boolean noRefresh) {

    /** The values of --sso-grant (shell completion offers them). */
    public static final java.util.List<String> GRANTS = java.util.List.of("auto", "browser", "device");


    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_TIMEOUT_SECONDS = 180;
    static final long MAX_TIMEOUT_SECONDS = 3600;
    static final int MAX_CLIENT_ID_LENGTH = 512;
    static final int MAX_URL_LENGTH = 2048;
    /** The scopes DOKS needs: the apiserver authorises by the {@code email} and {@code team_role} claims. */
    public static final String BASE_SCOPES = "openid email team_role";

    public SsoOptions {
        issuerUrl = checkIssuer(issuerUrl);
        if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH || !printable(clientId)) {
            throw DoksAuthException.usage("--sso-client-id must be the provider application's client ID (printable, at most "
                    + MAX_CLIENT_ID_LENGTH + " characters)");
        }
        if (localPort < 1 || localPort > 65535) {
            throw DoksAuthException.usage("--sso-local-server-port must be a port number from 1 to 65535");
        }
        if (!GRANTS.contains(grant)) {
            throw DoksAuthException.usage("--sso-grant must be auto, browser or device");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw DoksAuthException.usage("--sso-timeout must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
        }
    }

    /** The scopes asked for, in a fixed order; {@code offline_access} is added only where the provider offers it. */
    public String scopesKey() {
        return noRefresh ? BASE_SCOPES : BASE_SCOPES + " offline_access?";
    }

    /** https, or http to a loopback host only (SPEC: the provider is reached with the same rules as the API). */
    private static String checkIssuer(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH || !printable(url) || url.indexOf(' ') >= 0) {
            throw DoksAuthException.usage("--sso-issuer-url must be the identity provider's issuer URL");
        }
        String rest;
        if (url.startsWith("https://")) {
            rest = url.substring(8);
        } else if (url.startsWith("http://")) {
            rest = url.substring(7);
            if (!(rest.startsWith("127.") || rest.startsWith("localhost:") || rest.startsWith("localhost/")
                    || rest.equals("localhost") || rest.startsWith("[::1]"))) {
                throw DoksAuthException.usage("--sso-issuer-url must use https (plain http only to a loopback address)");
            }
        } else {
            throw DoksAuthException.usage("--sso-issuer-url must be an https URL");
        }
        if (rest.isEmpty() || rest.startsWith("/") || rest.indexOf('@') >= 0 || rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw DoksAuthException.usage("--sso-issuer-url must be an https URL with a host and no user, query or fragment");
        }
        return url;
    }

    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 && c != ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
