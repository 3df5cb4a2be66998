package dev.doksauth.credential;

import dev.doksauth.net.Loopback;
import dev.doksauth.report.DoksAuthException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A cluster's identity provider application as an SSO credential entry names it ({@code --sso-issuer-url},
 * {@code --sso-client-id}, {@code --sso-local-server-port}): the one place these three values are checked,
 * whether they come from a command line, a kubeconfig entry or a cluster's own settings.
 *
 * <p>The issuer URL is kept as given, since the ID token's {@code iss} must equal it exactly.
 *
 * @param localPort the port of the sign-in's loopback redirect URI {@code http://localhost:PORT/callback}
 */
public record SsoProvider(String issuerUrl, String clientId, int localPort) {

    /** doctl's port for the sign-in's loopback redirect: provider applications registered for doctl expect it. */
    public static final int DEFAULT_PORT = 8080;
    /** Longer than any real issuer URL: a value past it is a mistake or an attack, refused before it is echoed. */
    public static final int MAX_URL_LENGTH = 2048;
    /**
     * Client IDs are opaque strings of visible ASCII (RFC 6749 appendix A.1 allows spaces, but no provider issues
     * them, and a client ID goes into a kubeconfig's argument list and a cache key); 255 is far past any issued.
     */
    public static final int MAX_CLIENT_ID_LENGTH = 255;

    /** @throws DoksAuthException a usage error naming the option, when a value cannot be used */
    public SsoProvider {
        String problem = problem(issuerUrl, clientId, localPort);
        if (problem != null) {
            throw DoksAuthException.usage(problem);
        }
    }

    /**
     * The same values from somewhere other than the user's command line (a cluster's settings, a kubeconfig entry
     * written by another program): a failure that says where they came from, not a usage error.
     *
     * @param from what held them, e.g. "the cluster's SSO settings"
     */
    public static SsoProvider from(String issuerUrl, String clientId, int localPort, String from) {
        String problem = problem(issuerUrl, clientId, localPort);
        if (problem != null) {
            throw DoksAuthException.failure(from + " cannot be used: " + problem);
        }
        return new SsoProvider(issuerUrl, clientId, localPort);
    }

    /** What is wrong with these values, as a sentence naming the option; null when nothing is. */
    public static String problem(String issuerUrl, String clientId, int localPort) {
        String issuer = issuerProblem(issuerUrl);
        if (issuer != null) {
            return "--sso-issuer-url " + issuer;
        }
        if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH
                || !clientId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "--sso-client-id must be the provider application's client ID: 1 to " + MAX_CLIENT_ID_LENGTH
                    + " visible ASCII characters without spaces";
        }
        if (localPort < 1 || localPort > 65535) {
            return "--sso-local-server-port must be a port number from 1 to 65535";
        }
        return null;
    }

    /** https, or plain http to a loopback host only; a host, and no user, query or fragment. The value is never echoed. */
    private static String issuerProblem(String url) {
        if (url == null || url.isEmpty()) {
            return "must be the identity provider's issuer URL";
        }
        if (url.length() > MAX_URL_LENGTH) {
            return "is longer than " + MAX_URL_LENGTH + " characters";
        }
        if (!url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "holds spaces, control or non-ASCII characters; give the identity provider's issuer URL";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL; give the identity provider's issuer URL (https://...)";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an https URL";
        }
        if (uri.getHost() == null) {
            return "must be an https URL with a host name or a literal address";
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must be an https URL without a user, query (?) or fragment (#)";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "has a port out of range (1 to 65535)";
        }
        if (scheme.equals("http") && !Loopback.isLoopbackHost(uri.getHost())) {
            return "must use https (plain http only to a loopback address: 127.0.0.0/8, [::1] or localhost)";
        }
        return null;
    }
}
