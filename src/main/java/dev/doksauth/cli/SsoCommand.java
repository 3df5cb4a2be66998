package dev.doksauth.cli;

import dev.doksauth.core.CredentialArguments;
import dev.doksauth.api.ApiUrl;
import dev.doksauth.api.Cluster;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.core.ClusterTargets;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.CredentialLine;
import dev.doksauth.credential.Deadline;
import dev.doksauth.credential.SsoProvider;
import dev.doksauth.launcher.LauncherProtocol;
import dev.doksauth.kubeconfig.DoksAuthEntries;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;
import dev.doksauth.sso.SsoContext;
import dev.doksauth.sso.SsoIdentity;
import dev.doksauth.token.TokenResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code doks-auth sso login|logout|whoami}: the single sign-on identity of a cluster, found among the
 * kubeconfig's doks-auth SSO entries (no DigitalOcean token needed), else through the DigitalOcean API.
 */
@Command(name = "sso", mixinStandardHelpOptions = true,
        description = "Single sign-on clusters: sign in ahead of time, sign out, show who you are signed in as.",
        subcommands = HelpCommand.class)
final class SsoCommand extends CommandGroup {

    static CommandLine commandLine(CommandContext context) {
        return new CommandLine(new SsoCommand())
                .addSubcommand(new Login(context))
                .addSubcommand(new Logout(context))
                .addSubcommand(new Whoami(context));
    }

    /** What every sso command shares: the environment, the streams, the Verbose that -v (inherited) turns on. */
    abstract static class SsoSubcommand extends ContextCommand {
        /** The token that looks a cluster up through the API when no kubeconfig entry names it. */
        @CommandLine.Mixin
        TokenOptions token = new TokenOptions();

        SsoSubcommand(CommandContext context) {
            super(context);
        }

        SsoContext context(String cluster) {
            // A person typed this command: the terminal is theirs, for a pasted redirect URL.
            return SsoContext.at(LauncherProtocol.withoutProtocolVariables(context.env()), context.err(),
                    System.console() != null, context.verbose(), cluster);
        }

        SsoIdentity identity(String cluster) {
            return new SsoIdentity(options(cluster), context(cluster));
        }

        /**
         * The sign-in of CLUSTER's doks-auth SSO entry in the kubeconfig (no token needed), else the cluster's sso
         * object from the API: through the API URL and doctl context of the cluster's token entry where the
         * kubeconfig has one.
         */
        SsoOptions options(String cluster) {
            ClusterTargets.Target target = ClusterLookupOptions.lookUp(List.of(cluster), null, token, context).get(0);
            Map<String, SsoOptions> identities = new LinkedHashMap<>();
            for (DoksAuthEntries.Found entry : target.entries()) {
                SsoOptions options = ssoOptions(entry);
                if (options != null) {
                    identities.putIfAbsent(options.issuerUrl() + "\n" + options.clientId(), options);
                }
            }
            if (identities.size() > 1) {
                throw DoksAuthException.usage("'" + Phrases.printable(cluster) + "' names kubeconfig entries of "
                        + identities.size() + " sign-ins (" + identities.values().stream()
                        .map(options -> options.issuerUrl() + " for " + options.clientId())
                        .collect(Collectors.joining(", ")) + "); name one by its context");
            }
            return identities.isEmpty() ? fromApi(cluster, target) : identities.values().iterator().next();
        }

        /** An entry's SSO options as {@code credential} would read them; null for a token entry or one it refuses. */
        private static SsoOptions ssoOptions(DoksAuthEntries.Found entry) {
            if (entry.line() == null || !entry.line().isSso()) {
                return null;
            }
            try {
                return CredentialArguments.request(entry.line()).sso();
            } catch (DoksAuthException e) {
                return null; // an entry that credential itself would refuse: not one we can sign in for
            }
        }

        private SsoOptions fromApi(String cluster, ClusterTargets.Target target) {
            Deadline deadline = Deadline.fromEnvironment(context.env());
            // A token entry of this cluster says which API and doctl context reach it, unless the command says.
            CredentialLine entry = target.entries().stream().map(DoksAuthEntries.Found::line)
                    .filter(line -> line != null && !line.isSso()).findFirst().orElse(null);
            boolean fromEntry = entry != null && token.context == null && token.doctlConfig == null;
            try (DigitalOceanClient client = new DigitalOceanClient(ApiUrl.resolve(fromEntry ? entry.apiUrl() : null, context.env()),
                    fromEntry ? new TokenResolver(context.env()).resolve(entry.context(), entry.doctlConfig()) : token.resolve(context.env()),
                    context.env(), context.verbose())) {
                Cluster.Sso sso = client.cluster(target.clusterId(), deadline).sso(); // the cluster's own object carries sso
                if (!sso.enabled() || sso.issuerUrl() == null || sso.clientId() == null) {
                    throw DoksAuthException.failure("cluster " + Phrases.printable(cluster) + " does not use single "
                            + "sign-on (its sso object is not enabled)");
                }
                return new SsoOptions(sso.issuerUrl(), sso.clientId(), SsoProvider.DEFAULT_PORT, "auto",
                        SsoOptions.DEFAULT_TIMEOUT_SECONDS, false);
            } catch (DoksAuthException e) {
                if (e.exitCode() == DoksAuthException.USAGE) {
                    throw e;
                }
                throw DoksAuthException.failure("no doks-auth single sign-on entry of the kubeconfig names '"
                        + Phrases.printable(cluster) + "' (as cluster ID, context or cluster name), and the DigitalOcean "
                        + "API did not tell its sign-in: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Sign in now to the identity provider of CLUSTER (a cluster ID, cluster name or context).")
    static final class Login extends SsoSubcommand {
        @Parameters(paramLabel = "CLUSTER")
        String cluster;

        @Option(names = "--sso-local-server-port", paramLabel = "PORT",
                description = "Port of the sign-in's redirect URI, as registered with the identity provider: "
                        + "http://localhost:PORT/callback (default: the kubeconfig entry's, else " + SsoProvider.DEFAULT_PORT + ").")
        String port;

        @Option(names = "--sso-grant", paramLabel = "GRANT", completionCandidates = SsoGrantNames.class,
                description = "auto (the default), browser, or device (the device authorization grant, where the "
                        + "provider offers it).")
        String grant;

        Login(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            SsoOptions found = options(cluster);
            long portNumber = port == null ? found.localPort()
                    : dev.doksauth.core.CredentialRequest.parseWhole(port, "--sso-local-server-port");
            SsoOptions options = new SsoOptions(found.issuerUrl(), found.clientId(),
                    portNumber < 1 || portNumber > 65535 ? -1 : (int) portNumber,
                    grant == null ? found.grant() : grant, found.timeoutSeconds(), found.noRefresh());
            SsoIdentity.Who who = new SsoIdentity(options, context(cluster)).login();
            context.out().println("Signed in to " + Phrases.printable(who.issuerUrl()) + (who.email() == null ? "" : " as "
                    + Phrases.printable(who.email())) + ".");
            print(context.out(), context.err(), who);
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true,
            description = {"Delete the cached tokens of CLUSTER's sign-in (or of every sign-in with --all), "
                    + "revoking the refresh token where the provider allows it."})
    static final class Logout extends SsoSubcommand {
        @Parameters(paramLabel = "CLUSTER", arity = "0..1")
        String cluster;

        @Option(names = "--all", description = "Sign out of every identity provider.")
        boolean all;

        Logout(CommandContext context) {
            super(context);
        }

        @Override
        void run() throws IOException {
            if (all && cluster != null) {
                throw DoksAuthException.usage("sso logout takes a CLUSTER or --all, not both");
            }
            if (!all && cluster == null) {
                throw DoksAuthException.usage("sso logout needs a CLUSTER to sign out of, or --all to sign out of every "
                        + "identity provider");
            }
            if (all) {
                List<String> done = SsoIdentity.logoutAll(context(null));
                done.forEach(line -> context.out().println(capitalised(line) + "."));
                if (done.isEmpty()) {
                    context.out().println("Not signed in anywhere (cache " + CacheLocation.find(context.env()) + ").");
                }
                return;
            }
            context.out().println(capitalised(identity(cluster).logout()) + ".");
        }
    }

    @Command(name = "whoami", mixinStandardHelpOptions = true,
            description = "Show the email, team roles and expiry of CLUSTER's signed-in identity.")
    static final class Whoami extends SsoSubcommand {
        @Parameters(paramLabel = "CLUSTER")
        String cluster;

        Whoami(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            SsoIdentity.Who who = identity(cluster).whoami();
            if (who == null) {
                throw DoksAuthException.failure("not signed in for " + Phrases.printable(cluster) + "; run "
                        + "'doks-auth sso login " + Phrases.printable(cluster) + "'");
            }
            print(context.out(), context.err(), who);
        }
    }

    /** The identity, on stdout; on stderr, a warning for each claim DOKS needs that the token lacks. */
    static void print(PrintStream out, PrintStream err, SsoIdentity.Who who) {
        Table.print(out, List.of(
                new String[] {"issuer:", who.issuerUrl()},
                new String[] {"client:", who.clientId()},
                new String[] {"subject:", who.subject() == null ? "(none)" : who.subject()},
                new String[] {"email:", who.email() == null ? "(none)" : who.email()},
                new String[] {"team roles:", who.teamRoles().isEmpty() ? "(none)" : String.join(", ", who.teamRoles())},
                new String[] {"ID token:", who.lifetime(System.currentTimeMillis() / 1000)},
                new String[] {"refresh:", who.refreshable() ? "silent (refresh token)" : "a new sign-in when it expires"}));
        if (who.email() == null) {
            err.println("doks-auth: warning: the ID token has no email claim, and DOKS authorises by it; ask for the "
                    + "provider application to put email in ID tokens.");
        }
        if (who.teamRoles().isEmpty()) {
            err.println("doks-auth: warning: the ID token has no team_role claim, and DOKS authorises by it; ask for the "
                    + "provider application to put team_role in ID tokens.");
        }
    }

    private static String capitalised(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
