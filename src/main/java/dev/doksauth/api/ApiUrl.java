package dev.doksauth.api;

import dev.doksauth.report.DoksAuthException;

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

    static String normalise(String value, String from) {
        if (value.length() > MAX_LENGTH) {
            throw DoksAuthException.usage(from + " is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw DoksAuthException.usage(from + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!uri.isAbsolute() || host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw DoksAuthException.usage(from + " must be an https:// URL such as " + DEFAULT);
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw DoksAuthException.usage(from + " must be a base URL without user, query or fragment");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !isLoopback(host)) {
            throw DoksAuthException.usage(from + " uses plain http:// to " + host
                    + ", which would send the token across the network in clear; use https://");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
    }

    /** localhost, 127.0.0.0/8 or ::1, decided from the text alone (no DNS). */
    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) {
            return true;
        }
        String[] parts = host.split("\\.", -1); // a one-character pattern: String.split takes a fast path without regex
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
