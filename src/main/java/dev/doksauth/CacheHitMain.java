package dev.doksauth;

import dev.doksauth.cache.CredentialCache;
import dev.doksauth.cli.CacheHit;
import dev.doksauth.cli.CredentialArguments;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.GetCredential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The launcher's first step on JDK 25 and newer: a JVM whose AOT cache holds only what a cache hit
 * needs (an AOT cache loads all its classes at start-up, so a cache that also held the API client
 * would slow every hit). It serves a fresh cached credential, or exits {@value #NOT_SERVED} having
 * printed nothing, and the launcher then runs {@link Main} with the full AOT cache.
 *
 * <p>On a miss it takes the key's lock itself. If another process fetched meanwhile, it serves that
 * credential: in a burst of kubectl commands the waiters stay in this small JVM. Otherwise it holds
 * the lock for a child launcher that runs the full JVM and fetches ({@value #LOCK_HELD}), so that
 * everyone else keeps waiting here rather than in full JVMs of their own.
 */
public final class CacheHitMain {

    /** "Not served": a private agreement with the launcher install.sh writes. */
    public static final int NOT_SERVED = 3;
    /** Tells the child launcher to go straight to the full JVM. */
    public static final String SKIP_HIT = "DOKS_AUTH_SKIP_HIT";
    /** Tells the full JVM that its parent holds the key's lock for it. */
    public static final String LOCK_HELD = GetCredential.LOCK_HELD;

    private CacheHitMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Integer code = CacheHit.tryServe(args, env, System.out);
        if (code == null) {
            code = waitOrHandOver(args, env, System.out);
        }
        if (code == null || code != 0) {
            System.exit(code == null ? NOT_SERVED : code);
        }
        // Exit 0 by returning: since Java 21 System.exit wakes the System.Logger machinery, 5 ms.
    }

    /** @return the exit code, or null to leave everything to the full JVM (this process printed nothing) */
    @SuppressWarnings("try") // the lock is held for the block; the block need not name it
    static Integer waitOrHandOver(String[] args, Map<String, String> env, PrintStream out) {
        String launcher = System.getProperty("doksauth.launcher");
        if (launcher == null || args.length < 2 || !args[0].equals("credential")) {
            return null;
        }
        try {
            CredentialRequest request = CredentialArguments.parse(args);
            if (request == null || request.noCache() || request.verbose()) {
                return null;
            }
            GetCredential useCase = GetCredential.forEnvironment(env);
            GetCredential.Plan plan = useCase.plan(request);
            if (useCase.fromCache(plan) != null) {
                return null; // fresh but suspected: the full JVM asks the cluster, under its own lock
            }
            try (CredentialCache.Lock lock = useCase.lock(plan, Deadline.fromEnvironment(env))) {
                String fetchedMeanwhile = CacheHit.render(useCase, plan);
                if (fetchedMeanwhile != null) {
                    return CacheHit.print(out, fetchedMeanwhile);
                }
                ProcessBuilder child = new ProcessBuilder(concat(launcher, args)).inheritIO();
                child.environment().put(SKIP_HIT, "1");
                child.environment().put(LOCK_HELD, "1");
                return child.start().waitFor();
            }
        } catch (DoksAuthException | IOException | CredentialCache.LockTimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DoksAuthException.FAILURE;
        }
    }

    private static List<String> concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return List.of(all);
    }
}
