package dev.doksauth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script for bash or zsh.",
        footerHeading = "%n",
        footer = {"The script is static: completing never starts doks-auth. Install it once:",
            "  bash: as ~/.local/share/bash-completion/completions/doks-auth",
            "  zsh:  as _doks-auth in a directory on fpath, before compinit runs",
            "or load it in each new shell (which then runs doks-auth once):",
            "  source <(doks-auth completion bash)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    CompletionCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        out.print(shell == Shell.bash ? CompletionScript.bash(root) : CompletionScript.zsh(root));
        return 0;
    }
}
