package dev.doksauth.launcher;

import dev.doksauth.core.CredentialArguments;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.GetCredential;
import dev.doksauth.exec.ExecCredentialJson;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.ErrorReport;
import dev.doksauth.report.Verbose;
import dev.doksauth.report.Version;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The launcher's first JVM for {@code credential}: its start-up archive holds only what a cache hit
 * needs (an AOT cache loads every class it holds at start-up, so one that held the API client would
 * slow every hit). It runs {@link GetCredential} as {@link CredentialWiring#firstJvm} wires it: it serves a
 * fresh credential, or waits for another process's fetch, or runs the full JVM under the key's lock,
 * or, before waiting for anything, exits {@link LauncherProtocol#NOT_SERVED} having printed nothing.
 *
 * <p>It also prints {@code --version}. What it cannot explain it leaves to the full JVM: usage errors, help,
 * verbose output.
 *
 * <p>The launcher puts only our jar on its boot class path (for start-up time): none of the libraries
 * can be loaded here. A path that would need one fails with a {@link LinkageError}, which hands the
 * command over like anything else this JVM cannot do (tests keep the hit itself free of libraries).
 */
public final class FirstJvm {

    private FirstJvm() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv());
        if (code != 0) {
            // Not System.exit, which since Java 21 asks the system logger whether to log the exit: finding the
            // logger's back end opens every jar our manifest names, before the launcher can run the full JVM. No
            // shutdown hook of ours is left to run (the child's is removed once the child has ended).
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        // Exit 0 by returning, for the same reason.
    }

    static int run(String[] args, Map<String, String> env) {
        if (args.length == 1 && LauncherProtocol.VERSION_OPTIONS.contains(args[0])) {
            // picocli would take a JVM of its own to print one line; bytes, as the hit prints, need no encoder
            byte[] line = (Version.line() + "\n").getBytes(StandardCharsets.UTF_8);
            System.out.write(line, 0, line.length);
            System.out.flush();
            return System.out.checkError() ? DoksAuthException.FAILURE : 0;
        }
        CredentialWiring wiring;
        GetCredential useCase;
        try {
            CredentialRequest request = CredentialArguments.parse(args);
            if (request == null || request.verbose() || Verbose.requested(env)) {
                return LauncherProtocol.NOT_SERVED;
            }
            wiring = CredentialWiring.read(request, env);
            useCase = wiring.firstJvm(ChildLauncher.fromProperties(args));
        } catch (RuntimeException | LinkageError e) {
            // A DoksAuthException, or an input nothing checked yet (a path this locale cannot encode): the
            // full JVM says it in one sentence, the way picocli says usage errors; this JVM prints no trace.
            return LauncherProtocol.NOT_SERVED;
        }
        try {
            GetCredential.Outcome outcome = useCase.run(wiring.plan().wanted(), wiring.deadline());
            if (outcome instanceof GetCredential.Served served) {
                return ExecCredentialJson.print(System.out, wiring.plan().version(), served.credential());
            }
            if (outcome instanceof GetCredential.RanFullJvm ran) {
                return ran.exitCode();
            }
            return LauncherProtocol.NOT_SERVED;
        } catch (DoksAuthException e) {
            return ErrorReport.print(System.err, e, false); // after waiting: the full JVM must not wait again
        } catch (RuntimeException | LinkageError e) {
            return LauncherProtocol.NOT_SERVED; // nothing printed: the full JVM runs the case again and explains
        }
    }
}
