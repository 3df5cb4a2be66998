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
import java.util.function.Supplier;

/** The full command line, on picocli: every command, its help, and the mapping of failures to exit codes. */
public final class Cli {

    private Cli() {
    }

    @Command(name = "doks-auth", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Kubernetes credential exec plugin for DigitalOcean Kubernetes.")
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
            cli = commandLine(env, out, err, verbose, commandNamed(args));
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
        return commandLine(env, out, err, verbose, null);
    }

    /**
     * A command as picocli builds it, by reflection on its annotations when it is added: tens of milliseconds
     * per command on a cold JVM. {@code wholeTree}: its run reads the other commands (help, completion).
     */
    private record Subcommand(Class<?> type, Supplier<Object> make, boolean wholeTree) {
        boolean isNamed(String name) {
            Command command = type.getAnnotation(Command.class);
            return command.name().equals(name) || List.of(command.aliases()).contains(name);
        }
    }

    /**
     * The root with the command {@code named} alone when one is (what a run of it needs, its help included),
     * else with every command (help, completion, usage errors that suggest a command).
     */
    static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err, Verbose verbose, String named) {
        CommandContext context = new CommandContext(env, out, err, verbose);
        List<Subcommand> commands = List.of(
                new Subcommand(HelpCommand.class, HelpCommand::new, true),
                new Subcommand(CredentialCommand.class, () -> new CommandLine(new CredentialCommand(context)), false),
                new Subcommand(KubeconfigCommand.class, () -> KubeconfigCommand.commandLine(context), false),
                new Subcommand(ClustersCommand.class, () -> new ClustersCommand(context), false),
                new Subcommand(CacheCommand.class, () -> new CommandLine(new CacheCommand())
                        .addSubcommand(new CacheCommand.ListCommand(context))
                        .addSubcommand(new CacheCommand.ClearCommand(context)), false),
                new Subcommand(SsoCommand.class, () -> SsoCommand.commandLine(context), false),
                new Subcommand(DoctorCommand.class, () -> new DoctorCommand(env, out, verbose,
                        args -> CredentialArguments.parse(args.toArray(String[]::new))), false),
                new Subcommand(CompletionCommand.class, () -> new CompletionCommand(out), true));
        Subcommand only = named == null ? null
                : commands.stream().filter(c -> !c.wholeTree() && c.isNamed(named)).findFirst().orElse(null);
        CommandLine cli = new CommandLine(new Root(verbose));
        for (Subcommand command : commands) {
            if (only == null || command == only) {
                cli.addSubcommand(command.make().get());
            }
        }
        Usage.configure(cli);
        return cli;
    }

    /** The command a command line names: its first word that is not an option (the root's options take no value). */
    static String commandNamed(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
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
