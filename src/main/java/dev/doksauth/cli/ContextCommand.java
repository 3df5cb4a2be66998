package dev.doksauth.cli;

import java.util.concurrent.Callable;

/**
 * A command that does its work and exits 0. A failure is thrown ({@code DoksAuthException}), and {@link Cli}
 * maps it to its exit code and one sentence on stderr: no command catches, prints or chooses an exit code itself.
 */
abstract class ContextCommand implements Callable<Integer> {

    final CommandContext context;

    ContextCommand(CommandContext context) {
        this.context = context;
    }

    /** The command's work; its output goes to the context's streams. */
    abstract void run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        run();
        return 0;
    }
}
