package dev.doksauth.launcher;

import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.core.CredentialPlan;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.GetCredential;
import dev.doksauth.core.NewCredential;
import dev.doksauth.core.ParentHoldsTheLock;
import dev.doksauth.core.Suspicion;
import dev.doksauth.core.SystemClock;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.Verbose;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one place {@code credential} is wired, for both JVMs: it reads the environment once (the launcher's
 * variables included: nothing past here does) and puts {@link GetCredential} together with what each JVM
 * has. The first JVM wires in the full JVM as the way to a new credential and hands suspicions over; the
 * full JVM wires in its source and the cluster check, and, when the first JVM runs it under the key's lock,
 * a store whose lock its parent holds.
 *
 * @param plan       what the request resolves to
 * @param deadline   the command's deadline (the first JVM's, when it handed over)
 * @param handedOver whether the first JVM runs us under the key's lock
 * @param cache      the cache directory
 */
public record CredentialWiring(CredentialPlan plan, Deadline deadline, boolean handedOver, Path cache) {

    /**
     * Reads the environment for {@code request}.
     *
     * @throws dev.doksauth.report.DoksAuthException for a bad variable or an unusable DigitalOcean token
     */
    public static CredentialWiring read(CredentialRequest request, Map<String, String> env) {
        CredentialPlan plan = CredentialPlan.of(request, env, env.get(LauncherProtocol.CLIENT_PID));
        String handedOverAt = env.get(LauncherProtocol.HANDED_OVER);
        Deadline deadline = plan.deadline(env, handedOverAt);
        boolean handedOver = handedOverAt != null && Deadline.handedOver(handedOverAt, deadline) != null;
        return new CredentialWiring(plan, deadline, handedOver, CacheLocation.find(env));
    }

    /** The first JVM's use case: serves from the store, runs {@code fullJvm} under the lock, hands suspicions over. */
    public GetCredential firstJvm(NewCredential fullJvm) {
        return new GetCredential(new CredentialCache(cache), fullJvm, Suspicion.HAND_OVER, SystemClock.INSTANCE,
                Verbose.off(), System.err);
    }

    /** The full JVM's use case: {@code fetchHere} obtains, {@code askTheCluster} judges suspicions. */
    public GetCredential fullJvm(NewCredential fetchHere, Suspicion askTheCluster, Verbose log, PrintStream err) {
        CredentialStore store = new CredentialCache(cache);
        return new GetCredential(handedOver ? new ParentHoldsTheLock(store) : store, fetchHere, askTheCluster,
                SystemClock.INSTANCE, log, err);
    }
}
