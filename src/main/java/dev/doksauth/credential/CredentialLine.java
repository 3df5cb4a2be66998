package dev.doksauth.credential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line {@code credential CLUSTER_ID [options]}, as written into a kubeconfig exec entry and as read
 * back: by the cache hit's fast parser, by the kubeconfig readers. The one place its options are named; values are
 * kept as text, and checked by whoever uses them. No picocli here: this runs on the cache-hit path.
 *
 * <p>An option takes its value as {@code --opt VALUE} or {@code --opt=VALUE}. A line this cannot read (an unknown
 * option, one given twice, a value missing, no cluster ID or two) reads as null: picocli, which owns help and usage
 * errors, then says what is wrong.
 *
 * @param clusterId as given (not checked here)
 */
public record CredentialLine(String clusterId, String context, String expirySeconds, String apiUrl, String doctlConfig,
                             String apiVersion, String ssoIssuerUrl, String ssoClientId, String ssoLocalServerPort,
                             String ssoGrant, String ssoTimeout, boolean noCache, boolean verbose, boolean ssoNoRefresh) {

    public static final String COMMAND = "credential";
    public static final String CONTEXT = "--context";
    public static final String EXPIRY_SECONDS = "--expiry-seconds";
    public static final String API_URL = "--api-url";
    public static final String DOCTL_CONFIG = "--doctl-config";
    public static final String API_VERSION = "--api-version";
    public static final String SSO_ISSUER_URL = "--sso-issuer-url";
    public static final String SSO_CLIENT_ID = "--sso-client-id";
    public static final String SSO_LOCAL_SERVER_PORT = "--sso-local-server-port";
    public static final String SSO_GRANT = "--sso-grant";
    public static final String SSO_TIMEOUT = "--sso-timeout";
    public static final String NO_CACHE = "--no-cache";
    public static final String REFRESH = "--refresh";
    public static final String VERBOSE = "-v";
    public static final String VERBOSE_LONG = "--verbose";
    public static final String SSO_NO_REFRESH = "--sso-no-refresh";

    /** The options that take a value, in the order an entry carries them. */
    public static final List<String> VALUE_OPTIONS = List.of(CONTEXT, EXPIRY_SECONDS, API_URL, DOCTL_CONFIG, API_VERSION,
            SSO_ISSUER_URL, SSO_CLIENT_ID, SSO_LOCAL_SERVER_PORT, SSO_GRANT, SSO_TIMEOUT);
    /** The switches, aliases included. */
    public static final Set<String> FLAGS = Set.of(NO_CACHE, REFRESH, VERBOSE, VERBOSE_LONG, SSO_NO_REFRESH);

    /** A token entry's line: only what differs from the defaults (null, or 0 seconds, is left out). */
    public static CredentialLine token(String clusterId, String context, long expirySeconds, String apiUrl,
                                       String doctlConfig) {
        return new CredentialLine(clusterId, context, expirySeconds > 0 ? Long.toString(expirySeconds) : null, apiUrl,
                doctlConfig, null, null, null, null, null, null, false, false, false);
    }

    /** A single sign-on entry's line; {@code port} null for the default. */
    public static CredentialLine sso(String clusterId, String issuerUrl, String clientId, Integer port) {
        return new CredentialLine(clusterId, null, null, null, null, null, issuerUrl, clientId,
                port == null ? null : port.toString(), null, null, false, false, false);
    }

    /** Whether this line signs in through an identity provider rather than with a DigitalOcean token. */
    public boolean isSso() {
        return ssoIssuerUrl != null || ssoClientId != null;
    }

    /** The arguments, {@code credential} first; options in a fixed order, each as two arguments. */
    public List<String> format() {
        List<String> args = new ArrayList<>(List.of(COMMAND, clusterId));
        String[] values = {context, expirySeconds, apiUrl, doctlConfig, apiVersion, ssoIssuerUrl, ssoClientId,
            ssoLocalServerPort, ssoGrant, ssoTimeout};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                args.add(VALUE_OPTIONS.get(i));
                args.add(values[i]);
            }
        }
        if (noCache) {
            args.add(NO_CACHE);
        }
        if (verbose) {
            args.add(VERBOSE);
        }
        if (ssoNoRefresh) {
            args.add(SSO_NO_REFRESH);
        }
        return args;
    }

    /** Reads {@code args} from index 1 (index 0 is the command's name); null when it cannot (see the class comment). */
    public static CredentialLine parse(String[] args) {
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
                String flag = arg.equals(REFRESH) ? NO_CACHE : arg.equals(VERBOSE_LONG) ? VERBOSE : arg;
                if (options.putIfAbsent(flag, "") != null) {
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
        return new CredentialLine(clusterId, options.get(CONTEXT), options.get(EXPIRY_SECONDS), options.get(API_URL),
                options.get(DOCTL_CONFIG), options.get(API_VERSION), options.get(SSO_ISSUER_URL), options.get(SSO_CLIENT_ID),
                options.get(SSO_LOCAL_SERVER_PORT), options.get(SSO_GRANT), options.get(SSO_TIMEOUT),
                options.containsKey(NO_CACHE), options.containsKey(VERBOSE), options.containsKey(SSO_NO_REFRESH));
    }

    /** {@link #parse(String[])} of a list whose first item is {@code credential}; null for any other command. */
    public static CredentialLine parse(List<String> args) {
        return args.isEmpty() || !COMMAND.equals(args.get(0)) ? null : parse(args.toArray(String[]::new));
    }
}
