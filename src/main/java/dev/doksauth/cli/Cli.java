package dev.doksauth.cli;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.ErrorReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** The full command line, on picocli: every command, its help, and the mapping of failures to exit codes. */
public final class Cli {

    private Cli() {
    }

    @Command(name = "doks-auth", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Kubernetes credential exec plugin for DigitalOcean Kubernetes.",
            subcommands = CommandLine.HelpCommand.class)
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
        }
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean verbose = verboseFromEnvironment(env) || Arrays.asList(args).contains("-v")
                || Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new Root())
                .addSubcommand(new CommandLine(new CredentialCommand(env, out, err)))
                .addSubcommand(new CommandLine(new KubeconfigCommand())
                        .addSubcommand(new KubeconfigCommand.Save(env, out, err))
                        .addSubcommand(new KubeconfigCommand.Show(env, out))
                        .addSubcommand(new KubeconfigCommand.Remove(env, out, err))
                        .addSubcommand(new KubeconfigCommand.Migrate(env, out)))
                .addSubcommand(new ClustersCommand(env, out))
                .addSubcommand(new CommandLine(new CacheCommand())
                        .addSubcommand(new CacheCommand.ListCommand(env, out))
                        .addSubcommand(new CacheCommand.ClearCommand(env, out)))
                .addSubcommand(SsoCommand.commandLine(env, out, err))
                .addSubcommand(new CompletionCommand(out));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println("doks-auth: " + ErrorReport.sentence(e.getMessage() + " (see '" + command + " --help')"));
            return DoksAuthException.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DoksAuthException failure) {
                return ErrorReport.print(err, failure, verbose);
            }
            err.println("doks-auth: unexpected " + e.getClass().getSimpleName()
                    + (verbose ? "" : "; run again with -v for details"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return DoksAuthException.FAILURE;
        });
        return cli.execute(args);
    }

    public static boolean verboseFromEnvironment(Map<String, String> env) {
        return dev.doksauth.report.Verbose.requested(env);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"doks-auth " + (version == null ? "dev" : version)
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
