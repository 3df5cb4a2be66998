package dev.doksauth.cli;

import dev.doksauth.report.Verbose;

import java.io.PrintStream;
import java.util.Map;

/**
 * What every command is given: the environment, stdout and stderr, and the one Verbose that {@code -v}
 * (inherited by every command) turns on.
 */
record CommandContext(Map<String, String> env, PrintStream out, PrintStream err, Verbose verbose) {
}
