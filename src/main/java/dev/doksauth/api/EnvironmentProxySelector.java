package dev.doksauth.api;

import dev.doksauth.net.Loopback;
import dev.doksauth.report.DoksAuthException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (and their lower-case
 * forms) with the rules of Go's {@code golang.org/x/net/http/httpproxy}, so that doks-auth goes
 * where kubectl and doctl go: localhost and loopback addresses are never proxied; a NO_PROXY entry
 * is {@code *}, a host name (matching itself and its subdomains; a leading dot matches subdomains
 * only), an IP address or a CIDR range, each optionally with a port. A user name and password in a
 * proxy's URL are sent to that proxy, and only to it, with Basic authentication.
 */
final class EnvironmentProxySelector extends ProxySelector {

    /** A proxy and the user name and password in its URL, if any (sent with Basic, as Go sends them). */
    record ProxyEntry(Proxy proxy, PasswordAuthentication credentials) {
    }

    private final ProxyEntry httpsProxy;
    private final ProxyEntry httpProxy;
    private final List<String> noProxy;

    private EnvironmentProxySelector(ProxyEntry httpsProxy, ProxyEntry httpProxy, List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    static EnvironmentProxySelector from(Map<String, String> env) {
        List<String> noProxy = new ArrayList<>();
        for (String entry : first(env, "NO_PROXY", "no_proxy").split(",")) {
            if (!entry.isBlank()) {
                noProxy.add(entry.strip().toLowerCase(Locale.ROOT));
            }
        }
        return new EnvironmentProxySelector(proxy(first(env, "HTTPS_PROXY", "https_proxy"), "HTTPS_PROXY"),
                proxy(first(env, "HTTP_PROXY", "http_proxy"), "HTTP_PROXY"), noProxy);
    }

    private static String first(Map<String, String> env, String upper, String lower) {
        String value = env.get(upper);
        if (value == null || value.isBlank()) {
            value = env.get(lower);
        }
        return value == null ? "" : value.strip();
    }

    private static ProxyEntry proxy(String value, String name) {
        if (value.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        // The message never repeats the value: it may hold a password.
        if (uri == null || !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw DoksAuthException.usage(name + " must be an http:// proxy URL (host and port)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : 80;
        PasswordAuthentication credentials = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            credentials = new PasswordAuthentication(user, password.toCharArray());
        }
        return new ProxyEntry(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port)), credentials);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The user name and password for the proxy at host:port, if its URL had them. */
    PasswordAuthentication credentials(String host, int port) {
        for (ProxyEntry entry : new ProxyEntry[] {httpsProxy, httpProxy}) {
            if (entry != null && entry.credentials() != null) {
                InetSocketAddress address = (InetSocketAddress) entry.proxy().address();
                if (address.getHostString().equalsIgnoreCase(host) && address.getPort() == port) {
                    return entry.credentials();
                }
            }
        }
        return null;
    }

    boolean hasCredentials() {
        return (httpsProxy != null && httpsProxy.credentials() != null) || (httpProxy != null && httpProxy.credentials() != null);
    }

    @Override
    public List<Proxy> select(URI uri) {
        ProxyEntry entry = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (entry == null || !useProxy(uri.getHost(), uri.getPort())) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(entry.proxy());
    }

    boolean useProxy(String rawHost, int port) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (Loopback.isLoopbackHost(host)) {
            return false;
        }
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return false;
            }
            String entryHost = entry;
            int entryPort = -1;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && !entry.contains("/")) {
                entryHost = entry.substring(0, colon);
                entryPort = parsePort(entry.substring(colon + 1));
            }
            if (entryPort >= 0 && entryPort != port) {
                continue;
            }
            if (entryHost.contains("/")) {
                if (inCidr(host, entryHost)) {
                    return false;
                }
            } else if (entryHost.startsWith(".")) {
                if (host.endsWith(entryHost)) {
                    return false;
                }
            } else if (host.equals(entryHost) || host.endsWith("." + entryHost)) {
                return false;
            }
        }
        return true;
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a literal IP host lies in a CIDR range; host names never do. */
    private static boolean inCidr(String host, String cidr) {
        if (!host.matches("[0-9.]+|[0-9a-f:]+")) {
            return false;
        }
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = InetAddress.getByName(host).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (network.length != address.length || bits < 0 || bits > network.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // Nothing to learn: there is one proxy per scheme.
    }
}
