package dev.doksauth.cli;

import dev.doksauth.core.CredentialRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code credential CLUSTER_ID [options]} without picocli, for start-up time. It accepts
 * exactly the options of {@link CredentialCommand}, as {@code --opt VALUE} or {@code --opt=VALUE};
 * for anything else ({@code --help}, unknown options, a missing ID, an option given twice) it
 * returns null and picocli, which owns help and usage errors, takes over. A test holds the two to
 * the same answers.
 */
public final class CredentialArguments {

    static final Set<String> VALUE_OPTIONS =
            Set.of("--expiry-seconds", "--context", "--doctl-config", "--api-url", "--api-version");
    static final Set<String> FLAGS = Set.of("--no-cache", "--refresh", "-v", "--verbose");

    private CredentialArguments() {
    }

    /**
     * @return the request, or null to hand the command line to picocli
     * @throws dev.doksauth.report.DoksAuthException (usage) for a bad cluster ID or option value
     */
    public static CredentialRequest parse(String[] args) {
        String clusterId = null;
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                if (clusterId != null) {
                    return null;
                }
                clusterId = arg;
                continue;
            }
            if (FLAGS.contains(arg)) {
                if (options.putIfAbsent(arg.equals("--refresh") ? "--no-cache" : arg.equals("--verbose") ? "-v" : arg, "") != null) {
                    return null;
                }
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            } else {
                return null;
            }
            if (!VALUE_OPTIONS.contains(name) || options.putIfAbsent(name, value) != null) {
                return null;
            }
        }
        if (clusterId == null) {
            return null;
        }
        String expiry = options.get("--expiry-seconds");
        long expirySeconds = expiry == null ? 0 : CredentialRequest.parseExpirySeconds(expiry);
        return new CredentialRequest(clusterId, expirySeconds, options.get("--context"), options.get("--doctl-config"),
                options.get("--api-url"), options.get("--api-version"), options.containsKey("--no-cache"),
                options.containsKey("-v"));
    }
}
