package dev.doksauth.core;

import dev.doksauth.credential.CredentialLine;
import dev.doksauth.report.DoksAuthException;


/**
 * Reads {@code credential CLUSTER_ID [options]} without picocli, for start-up time: the {@link CredentialLine}
 * (which names every option of {@code cli.CredentialCommand}; a test holds the two to the same options and answers),
 * checked into a request. For anything the line cannot read ({@code --help}, unknown options, a missing ID, an
 * option given twice) it returns null and picocli, which owns help and usage errors, takes over.
 */
public final class CredentialArguments {

    private CredentialArguments() {
    }

    /**
     * @return the request, or null to hand the command line to picocli
     * @throws dev.doksauth.report.DoksAuthException (usage) for a bad cluster ID or option value
     */
    public static CredentialRequest parse(String[] args) {
        CredentialLine line = CredentialLine.parse(args);
        return line == null ? null : request(line);
    }

    /** The request a parsed line makes; every value checked. */
    public static CredentialRequest request(CredentialLine line) {
        long expirySeconds = line.expirySeconds() == null ? 0 : CredentialRequest.parseExpirySeconds(line.expirySeconds());
        return new CredentialRequest(line.clusterId(), expirySeconds, line.context(), line.doctlConfig(), line.apiUrl(),
                line.apiVersion(), line.noCache(), line.verbose(), sso(line.ssoIssuerUrl(), line.ssoClientId(),
                line.ssoLocalServerPort(), line.ssoGrant(), line.ssoTimeout(), line.ssoNoRefresh()));
    }

    /** The single sign-on options, or null when neither the issuer nor the client is given; shared with picocli's command. */
    public static SsoOptions sso(String issuerUrl, String clientId, String port, String grant, String timeout, boolean noRefresh) {
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
