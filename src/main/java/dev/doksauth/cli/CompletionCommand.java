package dev.doksauth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script for bash, zsh or fish.",
        footerHeading = "%n",
        footer = {"The script is static: completing never starts doks-auth. Install it once:",
            "  bash: as ~/.local/share/bash-completion/completions/doks-auth",
            "  zsh:  as _doks-auth in a directory on fpath, before compinit runs",
            "  fish: as ~/.config/fish/completions/doks-auth.fish",
            "or load it in each new shell (which then runs doks-auth once):",
            "  source <(doks-auth completion bash)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh, fish }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
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
        out.print(switch (shell) {
            case bash -> CompletionScript.bash(root);
            case zsh -> CompletionScript.zsh(root);
            case fish -> CompletionScript.fish(root);
        });
        return 0;
    }
}
