package dev.doksauth.cli;

import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.report.DoksAuthException;

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

    static final Set<String> VALUE_OPTIONS = Set.of("--expiry-seconds", "--context", "--doctl-config", "--api-url",
            "--api-version", "--sso-issuer-url", "--sso-client-id", "--sso-local-server-port", "--sso-grant", "--sso-timeout");
    static final Set<String> FLAGS = Set.of("--no-cache", "--refresh", "-v", "--verbose", "--sso-no-refresh");

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
                options.containsKey("-v"), sso(options.get("--sso-issuer-url"), options.get("--sso-client-id"),
                        options.get("--sso-local-server-port"), options.get("--sso-grant"), options.get("--sso-timeout"),
                        options.containsKey("--sso-no-refresh")));
    }

    /** The single sign-on options, or null when neither the issuer nor the client is given; shared with picocli's command. */
    static SsoOptions sso(String issuerUrl, String clientId, String port, String grant, String timeout, boolean noRefresh) {
        if (issuerUrl == null && clientId == null) {
            if (port != null || grant != null || timeout != null || noRefresh) {
                throw DoksAuthException.usage("the --sso- options need --sso-issuer-url and --sso-client-id");
            }
            return null;
        }
        if (issuerUrl == null || clientId == null) {
            throw DoksAuthException.usage("--sso-issuer-url and --sso-client-id go together");
        }
        long portNumber = port == null ? dev.doksauth.credential.SsoProvider.DEFAULT_PORT : CredentialRequest.parseWhole(port, "--sso-local-server-port");
        return new SsoOptions(issuerUrl, clientId, portNumber < 1 || portNumber > 65535 ? -1 : (int) portNumber,
                grant == null ? "auto" : grant,
                timeout == null ? SsoOptions.DEFAULT_TIMEOUT_SECONDS : CredentialRequest.parseWhole(timeout, "--sso-timeout"),
                noRefresh);
    }
}
