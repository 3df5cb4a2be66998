package dev.doksauth.cli;

import dev.doksauth.core.CredentialArguments;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.credential.CredentialLine;
import dev.doksauth.credential.SsoProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "credential", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print an ExecCredential for kubectl: what a kubeconfig exec entry runs. "
                + "Served from the cache while fresh, else fetched from the DigitalOcean API and cached."},
        footerHeading = "%n",
        footer = {"The DigitalOcean API token, first match wins:",
            "  1. --context NAME or DIGITALOCEAN_CONTEXT (a context other than 'default'):",
            "     that context's token in doctl's config file",
            "  2. DIGITALOCEAN_ACCESS_TOKEN, then DIGITALOCEAN_TOKEN",
            "  3. doctl's config file: access-token, or the context its 'context:' names",
            "doctl's config file: --doctl-config FILE, else",
            "  $XDG_CONFIG_HOME/doctl/config.yaml, else ~/.config/doctl/config.yaml",
            "The cache: DOKS_AUTH_CACHE_DIR, else $XDG_CACHE_HOME/doks-auth, else",
            "  ~/.cache/doks-auth ('doks-auth cache list' shows what it holds)."})
final class CredentialCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CLUSTER_ID", description = "The cluster's ID (a UUID).")
    String clusterId;

    @Option(names = CredentialLine.EXPIRY_SECONDS, paramLabel = "N",
            description = "Lifetime to ask DigitalOcean for; 0 or absent: its default, 7 days.")
    String expirySeconds;

    @CommandLine.Mixin
    TokenOptions token = new TokenOptions();

    @Option(names = CredentialLine.API_URL, paramLabel = "URL", description = "DigitalOcean API base URL.")
    String apiUrl;

    @Option(names = {CredentialLine.NO_CACHE, CredentialLine.REFRESH}, description = "Fetch a new credential even if a fresh one is cached.")
    boolean noCache;

    @Option(names = CredentialLine.API_VERSION, paramLabel = "V", completionCandidates = ExecApiVersionNames.class,
            description = "ExecCredential apiVersion when KUBERNETES_EXEC_INFO is not set: v1 or v1beta1.")
    String apiVersion;

    @Option(names = CredentialLine.SSO_ISSUER_URL, paramLabel = "URL",
            description = "Single sign-on: the identity provider's issuer URL (no DigitalOcean token is used).")
    String ssoIssuerUrl;

    @Option(names = CredentialLine.SSO_CLIENT_ID, paramLabel = "ID", description = "Single sign-on: the provider application's client ID.")
    String ssoClientId;

    @Option(names = CredentialLine.SSO_LOCAL_SERVER_PORT, paramLabel = "PORT",
            description = "Single sign-on: the port of the redirect URI on localhost (default "
                    + SsoProvider.DEFAULT_PORT + ").")
    String ssoLocalServerPort;

    @Option(names = CredentialLine.SSO_GRANT, paramLabel = "GRANT", completionCandidates = SsoGrantNames.class,
            description = "Single sign-on: auto, browser or device (auto: device where no browser can open).")
    String ssoGrant;

    @Option(names = CredentialLine.SSO_TIMEOUT, paramLabel = "SECONDS",
            description = "Single sign-on: how long a sign-in, or the wait for one, may take (default 180).")
    String ssoTimeout;

    @Option(names = CredentialLine.SSO_NO_REFRESH, description = "Single sign-on: do not ask for a refresh token.")
    boolean ssoNoRefresh;

    private final CommandContext context;

    CredentialCommand(CommandContext context) {
        this.context = context;
    }

    /** The request the options make: what the first JVM's parser must make of the same line (CredentialArgumentsTest). */
    CredentialRequest request() {
        long expiry = expirySeconds == null ? 0 : CredentialRequest.parseExpirySeconds(expirySeconds);
        return new CredentialRequest(clusterId, expiry, token.context, token.doctlConfig, apiUrl, apiVersion, noCache,
                context.verbose().on(), CredentialArguments.sso(ssoIssuerUrl, ssoClientId, ssoLocalServerPort, ssoGrant,
                ssoTimeout, ssoNoRefresh));
    }

    @Override
    public Integer call() {
        return CredentialRun.run(request(), context.env(), context.out(), context.err());
    }
}
