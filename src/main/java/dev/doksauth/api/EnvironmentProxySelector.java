package dev.doksauth.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (and their lower-case
 * forms) with the rules of Go's {@code golang.org/x/net/http/httpproxy}, so that doks-auth goes
 * where kubectl and doctl go: localhost and loopback addresses are never proxied; a NO_PROXY entry
 * is {@code *}, a host name (matching itself and its subdomains; a leading dot matches subdomains
 * only), an IP address or a CIDR range, each optionally with a port.
 */
final class EnvironmentProxySelector extends ProxySelector {

    private final Proxy httpsProxy;
    private final Proxy httpProxy;
    private final List<String> noProxy;

    private EnvironmentProxySelector(Proxy httpsProxy, Proxy httpProxy, List<String> noProxy) {
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

    private static Proxy proxy(String value, String name) {
        if (value.isEmpty()) {
            return null;
        }
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw dev.doksauth.report.DoksAuthException.usage(name + " must be an http:// proxy URL (host and port)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        Proxy proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (proxy == null || !useProxy(uri.getHost(), uri.getPort())) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(proxy);
    }

    boolean useProxy(String rawHost, int port) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost") || ApiUrl.isLoopback(host) || host.equals("::1")) {
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
