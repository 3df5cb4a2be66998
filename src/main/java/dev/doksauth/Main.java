package dev.doksauth;

import dev.doksauth.cli.Cli;
import dev.doksauth.cli.CredentialArguments;
import dev.doksauth.cli.CredentialRun;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.ErrorReport;

import java.io.PrintStream;
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

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
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
