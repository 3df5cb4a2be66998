package dev.doksauth;

import dev.doksauth.cli.Cli;
import dev.doksauth.core.CredentialArguments;
import dev.doksauth.cli.CredentialRun;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.ErrorReport;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The entry point. kubectl runs {@code credential} on every command, so it is read without picocli
 * (tens of milliseconds to wake) and runs {@link CredentialRun}, whose cache hit loads neither
 * Jackson nor the HTTP client. Help, usage errors and every other command go to picocli's {@link Cli}.
 * (The launcher runs {@link dev.doksauth.launcher.FirstJvm} before this, for {@code credential}.)
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Whatever fails, the user gets one sentence and an exit code; a stack trace only with -v. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, env, out, err);
        } catch (RuntimeException | Error e) {
            // Only what escaped every command's own handling: before parsing, -v can only be seen as it is.
            Verbose verbose = Verbose.untilTurnedOn(err);
            if (List.of(args).contains("-v") || List.of(args).contains("--verbose") || verboseFromEnvironment(env)) {
                verbose.turnOn();
            }
            return ErrorReport.print(err, e, "doks-auth" + (args.length > 0 && !args[0].startsWith("-") ? " " + Phrases.printable(args[0]) : ""),
                    verbose);
        }
    }

    /** DOKS_AUTH_VERBOSE, if the environment can be read at all: what failed may be the reading of it. */
    private static boolean verboseFromEnvironment(Map<String, String> env) {
        try {
            return Cli.verboseFromEnvironment(env);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int dispatch(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("credential")) {
            CredentialRequest request;
            try {
                request = CredentialArguments.parse(args);
            } catch (DoksAuthException e) {
                return ErrorReport.print(err, e, false);
            }
            if (request != null) {
                return CredentialRun.run(request, env, out, err);
            }
        }
        return Cli.run(args, env, out, err);
    }
}
