package dev.doksauth.api;

import dev.doksauth.net.Loopback;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * The API base URL: {@code --api-url}, else {@code DIGITALOCEAN_API_URL}, else DigitalOcean's.
 * Plain http is refused unless the host is a loopback address, so the token never crosses a network in clear.
 */
public final class ApiUrl {

    public static final String DEFAULT = "https://api.digitalocean.com";

    private ApiUrl() {
    }

    /** The normalised base URL (no trailing slash): also part of the cache key. */
    public static String resolve(String option, Map<String, String> env) {
        String from = "--api-url";
        String value = option;
        if (value == null) {
            from = "DIGITALOCEAN_API_URL";
            value = env.get(from);
            if (value == null || value.isBlank()) {
                return DEFAULT;
            }
        }
        return normalise(value.strip(), from);
    }

    /** Longer than any real base URL: a value past it is a mistake or an attack, refused before it is echoed. */
    static final int MAX_LENGTH = 2048;

    /**
     * The base URL as {@code scheme://host[:port]}: lower case, no default port. The API's own path
     * {@code /v2} (a common paste) and trailing slashes are dropped, as every request names {@code /v2/...};
     * any other path, a user, a query or a fragment is refused, never guessed at.
     */
    static String normalise(String value, String from) {
        if (value.length() > MAX_LENGTH) {
            throw DoksAuthException.usage(from + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) <= 0x20 || value.charAt(i) >= 0x7f) {
                throw DoksAuthException.usage(from + " holds spaces, control or non-ASCII characters; give a URL such as " + DEFAULT);
            }
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw DoksAuthException.usage(from + " is not a URL; give one such as " + DEFAULT);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!uri.isAbsolute() || uri.isOpaque() || host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw DoksAuthException.usage(from + " must be an https:// URL such as " + DEFAULT);
        }
        // The message never repeats the value: a user part may hold a password.
        if (uri.getRawUserInfo() != null) {
            throw DoksAuthException.usage(from + " must not hold a user name or password; give a URL such as " + DEFAULT);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw DoksAuthException.usage(from + " must be a base URL without a query (?) or fragment (#), such as " + DEFAULT);
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw DoksAuthException.usage(from + " has a port out of range (1 to 65535)");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !Loopback.isLoopbackHost(host)) {
            throw DoksAuthException.usage(from + " uses plain http:// to " + host
                    + ", which would send the token across the network in clear; use https://");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty() && !path.equals(API_PATH)) {
            throw DoksAuthException.usage(from + " must be the API's base URL without a path, such as " + DEFAULT
                    + " (it has the path '" + Phrases.printable(path) + "')");
        }
        boolean defaultPort = port == -1 || port == defaultPort(scheme);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** The version prefix of every API path: a base URL that ends with it means the base. */
    static final String API_PATH = "/v2";

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * Whether {@code uri} is on the origin of the base URL (RFC 6454: scheme, host and port), the only place
     * the DigitalOcean token is ever sent.
     */
    static boolean isSameOrigin(URI uri, String apiUrl) {
        URI base = URI.create(apiUrl);
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().equalsIgnoreCase(base.getScheme())
                || !uri.getHost().equalsIgnoreCase(base.getHost())) {
            return false;
        }
        int port = uri.getPort() == -1 ? defaultPort(uri.getScheme()) : uri.getPort();
        int basePort = base.getPort() == -1 ? defaultPort(base.getScheme()) : base.getPort();
        return port == basePort;
    }

}
