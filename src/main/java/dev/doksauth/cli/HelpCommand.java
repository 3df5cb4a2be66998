package dev.doksauth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code help [COMMAND...]} on any command that has subcommands: {@code doks-auth help kubeconfig save} and
 * {@code doks-auth kubeconfig help save} both show save's help (picocli's own help command takes one name only).
 */
@Command(name = "help", helpCommand = true,
        description = "Show the help of a command, such as 'help kubeconfig save'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its subcommands.")
    List<String> commands = new ArrayList<>();

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private CommandLine self;
    private Help.ColorScheme colorScheme;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : commands) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.UnmatchedArgumentException(target, List.of(name));
            }
            target = next;
        }
        target.usage(out, colorScheme);
    }
}
