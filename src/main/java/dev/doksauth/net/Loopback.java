package dev.doksauth.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which hosts are this machine's own, decided from the text alone (no DNS): the only ones plain http may reach,
 * as nothing sent there crosses a network. The rule for the API URL, the SSO issuer and its endpoints, and the
 * proxy bypass alike.
 */
public final class Loopback {

    private Loopback() {
    }

    /**
     * A literal IPv4 address in 127.0.0.0/8 (four decimal parts), an IPv6 loopback literal ({@code ::1}, with or
     * without brackets), or {@code localhost}; never a name that merely begins like one ({@code 127.evil.example},
     * {@code 127.0.0.1.nip.io}). The host as {@link java.net.URI#getHost()} gives it.
     */
    public static boolean isLoopbackHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.indexOf(':') >= 0) {
            return isIpv6Loopback(name);
        }
        String[] parts = name.split("\\.", -1); // a one-character pattern: String.split takes a fast path without regex
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Only hexadecimal digits, colons and dots reach the parser, which then reads a literal and never resolves. */
    private static boolean isIpv6Loopback(String literal) {
        if (literal.length() > 45 || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + literal + "]").isLoopbackAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }
}
