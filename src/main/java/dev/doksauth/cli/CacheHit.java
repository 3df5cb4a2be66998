package dev.doksauth.cli;

import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.GetCredential;
import dev.doksauth.credential.Credential;
import dev.doksauth.exec.ExecCredentialJson;
import dev.doksauth.report.DoksAuthException;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The hot path: a fresh cache entry printed as an ExecCredential, with the same
 * {@link CredentialRequest} checks and {@link GetCredential} steps as every other path, and nothing
 * else loaded. It never reports an error: whatever it cannot serve, the full command handles and explains.
 */
public final class CacheHit {

    private CacheHit() {
    }

    /** @return the exit code if a cached credential was printed, else null (and nothing was printed) */
    public static Integer tryServe(String[] args, Map<String, String> env, PrintStream out) {
        if (args.length < 2 || !args[0].equals("credential") || Cli.verboseFromEnvironment(env)) {
            return null;
        }
        String output;
        try {
            CredentialRequest request = CredentialArguments.parse(args);
            if (request == null || request.noCache() || request.verbose()) {
                return null;
            }
            GetCredential useCase = GetCredential.forEnvironment(env);
            output = render(useCase, useCase.plan(request));
        } catch (DoksAuthException e) {
            return null;
        }
        return output == null ? null : print(out, output);
    }

    /**
     * The ExecCredential for a fresh cached credential, or null: when there is none, and when the
     * client asks again for the one it was given, which the full command checks with the cluster.
     */
    public static String render(GetCredential useCase, GetCredential.Plan plan) {
        Credential credential = useCase.fromCache(plan);
        if (credential == null || useCase.suspects(plan, credential)) {
            return null;
        }
        useCase.served(plan, credential);
        return ExecCredentialJson.render(plan.version(), credential);
    }

    public static int print(PrintStream out, String output) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
        return out.checkError() ? DoksAuthException.FAILURE : 0;
    }
}
