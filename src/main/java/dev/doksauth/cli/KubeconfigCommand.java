package dev.doksauth.cli;

import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.EditKubeconfig;
import dev.doksauth.core.SaveKubeconfig;
import dev.doksauth.credential.SsoProvider;
import dev.doksauth.kubeconfig.DoksAuthEntries;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.launcher.LauncherProtocol;
import dev.doksauth.report.DoksAuthException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        description = "Write, show, remove and migrate kubeconfig entries that run doks-auth.",
        subcommands = HelpCommand.class)
final class KubeconfigCommand extends CommandGroup {

    /** The command and its subcommands, whose use cases {@link KubeconfigWiring} puts together. */
    static CommandLine commandLine(CommandContext context) {
        return new CommandLine(new KubeconfigCommand())
                .addSubcommand(new Save(context))
                .addSubcommand(new Show(context))
                .addSubcommand(new Remove(context))
                .addSubcommand(new Migrate(context))
                .addSubcommand(new Entries(context));
    }

    /** The installed launcher, which the exec entries run: install.sh tells the JVM where it is. */
    static Path launcher() {
        String launcher = System.getProperty(LauncherProtocol.COMMAND_PROPERTY);
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            throw DoksAuthException.failure("cannot tell where the doks-auth launcher is installed; run the doks-auth "
                    + "that ./install.sh installed");
        }
        return Path.of(launcher).toAbsolutePath();
    }

    /** The options that choose the entries, shared by {@code save} and {@code show}. */
    static final class EntryOptions {

        @Option(names = "--type", paramLabel = "token|sso", completionCandidates = EntryTypeNames.class,
                description = "token: a DigitalOcean-token entry; sso: sign in through the cluster's identity provider "
                        + "(default: sso when the cluster has SSO enabled, else token).")
        String type;

        @CommandLine.Mixin
        TokenOptions token = new TokenOptions();

        @Option(names = "--expiry-seconds", paramLabel = "N",
                description = "Credential lifetime of token entries (0: DigitalOcean's 7 days).")
        String expirySeconds;

        @Option(names = "--sso-local-server-port", paramLabel = "PORT",
                description = "Port of the sign-in's loopback redirect, for SSO entries (default " + SsoProvider.DEFAULT_PORT
                        + ", as doctl).")
        String ssoPort;

        @Option(names = "--exec-api-version", paramLabel = "V", defaultValue = "v1",
                completionCandidates = ExecApiVersionNames.class,
                description = "v1, or v1beta1 for kubectl older than 1.22.")
        String execApiVersion;

        @Option(names = "--api-url", paramLabel = "URL", description = "DigitalOcean API base URL.")
        String apiUrl;

        SaveKubeconfig.Request request(List<String> clusters, boolean all, String kubeconfig, String alias,
                                       boolean setCurrentContext) {
            String version = switch (execApiVersion) {
                case "v1", ExecEntries.V1 -> ExecEntries.V1;
                case "v1beta1", ExecEntries.V1BETA1 -> ExecEntries.V1BETA1;
                default -> throw DoksAuthException.usage("--exec-api-version is v1 or v1beta1");
            };
            SaveKubeconfig.Type entryType = type == null ? null : switch (type) {
                case "token" -> SaveKubeconfig.Type.TOKEN;
                case "sso" -> SaveKubeconfig.Type.SSO;
                default -> throw DoksAuthException.usage("--type is token or sso");
            };
            long expiry = expirySeconds == null ? 0 : CredentialRequest.parseExpirySeconds(expirySeconds);
            if (expiry < 0 || expiry > CredentialRequest.MAX_EXPIRY_SECONDS) {
                throw DoksAuthException.usage("--expiry-seconds must be from 0 to " + CredentialRequest.MAX_EXPIRY_SECONDS);
            }
            // An option that cannot apply is refused rather than dropped: the entry would not be what was asked.
            if (entryType == SaveKubeconfig.Type.SSO && expirySeconds != null) {
                throw DoksAuthException.usage("--expiry-seconds applies to token entries only: an SSO credential lasts as "
                        + "long as the identity provider's ID token");
            }
            if (entryType == SaveKubeconfig.Type.TOKEN && ssoPort != null) {
                throw DoksAuthException.usage("--sso-local-server-port applies to SSO entries only");
            }
            int port = SsoProvider.DEFAULT_PORT;
            if (ssoPort != null) {
                try {
                    port = Integer.parseInt(ssoPort);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw DoksAuthException.usage("--sso-local-server-port must be a port number from 1 to 65535");
                }
            }
            return new SaveKubeconfig.Request(clusters, all, kubeconfig, token.context, token.doctlConfig, expiry, alias, setCurrentContext,
                    version, apiUrl, entryType, port);
        }
    }

    @Command(name = "save", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Save clusters into a kubeconfig: a cluster, a user (an exec entry running doks-auth) "
                    + "and a context, named as doctl names them (do-REGION-NAME). "
                    + "A token entry's credential goes into the cache."})
    static final class Save extends ContextCommand {

        @Parameters(paramLabel = "CLUSTER", arity = "0..*", description = "Cluster IDs or names.")
        List<String> clusters = new ArrayList<>();

        @Option(names = "--all", description = "Every cluster of the account.")
        boolean all;

        @Option(names = "--kubeconfig", paramLabel = "FILE", description = "File (default: KUBECONFIG, ~/.kube/config).")
        String kubeconfig;

        @Option(names = "--alias", paramLabel = "NAME", description = "Name of the context (one cluster only).")
        String alias;

        @Option(names = "--no-set-current-context", description = "Leave current-context as it is.")
        boolean noSetCurrentContext;

        @CommandLine.Mixin
        EntryOptions options = new EntryOptions();

        Save(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            SaveKubeconfig useCase = new KubeconfigWiring(context).saveKubeconfig(launcher());
            useCase.save(options.request(clusters, all, kubeconfig, alias, !noSetCurrentContext));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print a kubeconfig for one cluster on stdout: the entries 'save' would write.",
                    "Touches no file (nor the cache)."})
    static final class Show extends ContextCommand {

        @Parameters(paramLabel = "CLUSTER", arity = "1", description = "A cluster ID or name.")
        String cluster;

        @CommandLine.Mixin
        EntryOptions options = new EntryOptions();

        Show(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            SaveKubeconfig.Request request = options.request(List.of(cluster), false, null, null, true);
            new KubeconfigWiring(context).saveKubeconfig(launcher()).show(request);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove the entries 'save' wrote for clusters, and their cached credentials.")
    static final class Remove extends ContextCommand {

        @Parameters(paramLabel = "CLUSTER", arity = "1..*", description = "Cluster IDs or names.")
        List<String> clusters;

        @Option(names = "--kubeconfig", paramLabel = "FILE", description = "File (default: KUBECONFIG, ~/.kube/config).")
        String kubeconfig;

        @CommandLine.Mixin
        ClusterLookupOptions lookup = new ClusterLookupOptions();

        Remove(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            new KubeconfigWiring(context).editKubeconfig().remove(new EditKubeconfig.Removal(clusters, kubeconfig,
                    lookup.apiUrl, lookup.token.context, lookup.token.doctlConfig));
        }
    }

    /** What {@code install.sh --uninstall} asks before it removes the launcher: no YAML or JSON parsing in shell. */
    @Command(name = "entries", hidden = true, mixinStandardHelpOptions = true,
            description = "Print the users whose exec entry runs PATH.")
    static final class Entries extends ContextCommand {

        @Option(names = "--command", paramLabel = "PATH", required = true, description = "The exec command to look for.")
        String command;

        @Option(names = "--kubeconfig", paramLabel = "FILE", description = "File (default: KUBECONFIG, ~/.kube/config).")
        String kubeconfig;

        Entries(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            DoksAuthEntries.running(KubeconfigFiles.resolve(kubeconfig, context.env()), command)
                    .forEach(context.out()::println);
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Rewrite doctl's exec entries (doctl kubernetes cluster kubeconfig exec-credential, "
                    + "token and SSO) into entries that run doks-auth.")
    static final class Migrate extends ContextCommand {

        @Option(names = "--kubeconfig", paramLabel = "FILE", description = "File (default: KUBECONFIG, ~/.kube/config).")
        String kubeconfig;

        Migrate(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            new KubeconfigWiring(context).editKubeconfig().migrate(kubeconfig, launcher());
        }
    }
}
