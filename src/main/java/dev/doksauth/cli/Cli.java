package dev.doksauth.cli;

import dev.doksauth.core.CredentialArguments;
import dev.doksauth.doctor.DoctorCommand;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.ErrorReport;
import dev.doksauth.report.Verbose;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The full command line, on picocli: every command, its help, and the mapping of failures to exit codes. */
public final class Cli {

    private Cli() {
    }

    @Command(name = "doks-auth", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Kubernetes credential exec plugin for DigitalOcean Kubernetes.",
            subcommands = HelpCommand.class)
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final Verbose verbose;

        Root(Verbose verbose) {
            this.verbose = verbose;
        }

        /** Inherited: every command and subcommand takes it, before or after its name, and turns on the one Verbose. */
        @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
                description = "Say what it does on stderr, secrets redacted (also DOKS_AUTH_VERBOSE=1).")
        void verbose(boolean on) {
            if (on) {
                verbose.turnOn();
            }
        }

        @Override
        public void run() {
            throw Usage.commandNeeded(spec);
        }
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Verbose verbose = Verbose.untilTurnedOn(err);
        if (verboseFromEnvironment(env)) {
            verbose.turnOn();
        }
        CommandLine cli;
        try {
            cli = commandLine(env, out, err, verbose);
        } catch (RuntimeException | LinkageError e) {
            // Before parsing, -v can only be seen as it is.
            if (List.of(args).contains("-v") || List.of(args).contains("--verbose")) {
                verbose.turnOn();
            }
            return ErrorReport.print(err, e, "doks-auth", verbose);
        }
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("doks-auth: " + ErrorReport.sentence(Usage.describe(e)));
            return DoksAuthException.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                ErrorReport.print(err, e, commandLine.getCommandSpec().qualifiedName(), verbose));
        return cli.execute(args);
    }

    /** Every command, each given the same Verbose, which {@code -v} anywhere on the line turns on. */
    static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err, Verbose verbose) {
        CommandLine cli = new CommandLine(new Root(verbose))
                .addSubcommand(new CommandLine(new CredentialCommand(env, out, err, verbose)))
                .addSubcommand(new CommandLine(new KubeconfigCommand())
                        .addSubcommand(new KubeconfigCommand.Save(env, out, err, verbose))
                        .addSubcommand(new KubeconfigCommand.Show(env, out, verbose))
                        .addSubcommand(new KubeconfigCommand.Remove(env, out, err, verbose))
                        .addSubcommand(new KubeconfigCommand.Migrate(env, out, err, verbose))
                        .addSubcommand(new KubeconfigCommand.Entries(env, out)))
                .addSubcommand(new ClustersCommand(env, out, verbose))
                .addSubcommand(new CommandLine(new CacheCommand())
                        .addSubcommand(new CacheCommand.ListCommand(env, out, verbose))
                        .addSubcommand(new CacheCommand.ClearCommand(env, out, verbose)))
                .addSubcommand(SsoCommand.commandLine(env, out, err, verbose))
                .addSubcommand(new DoctorCommand(env, out, verbose,
                        args -> CredentialArguments.parse(args.toArray(String[]::new))))
                .addSubcommand(new CompletionCommand(out));
        Usage.configure(cli);
        return cli;
    }

    public static boolean verboseFromEnvironment(Map<String, String> env) {
        return dev.doksauth.report.Verbose.requested(env);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {dev.doksauth.report.Version.line()};
        }
    }
}
