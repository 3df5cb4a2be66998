package dev.doksauth.cli;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code kubeconfig}, {@code cache}, {@code sso}): alone, it is a usage error. */
abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Usage.commandNeeded(spec);
    }
}
