package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.cache.LockTimeoutException;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * The use case behind {@code doks-auth credential}, and the one place that decides: serve the cached
 * credential, ask the cluster about it, wait for another process, hand over to the full JVM, or
 * obtain a new one from the source and cache it.
 *
 * <pre>
 *   read the entry (once)
 *   fresh and not suspected            -> serve it
 *   fresh, the client asks again for it -> ask the cluster (first JVM: hand over); accepted -> serve it
 *   otherwise, under the key's lock     -> look again: another process got one meanwhile -> serve it
 *                                          first JVM: run the full JVM under our lock
 *                                          else: obtain from the source, store, serve
 * </pre>
 *
 * It runs in three places ({@link Mode}). The first JVM has no source and no cluster check loaded
 * (its start-up archive holds only what a hit needs): where those are needed it hands over.
 */
public final class GetCredential {

    public enum Mode {
        /** The launcher's first JVM: serves hits, waits for other processes, hands the rest over. */
        FIRST_JVM,
        /** The full JVM, on its own. */
        FULL,
        /** The full JVM run by the first JVM, which holds the key's lock for it. */
        HANDED_OVER
    }

    /** What a run comes to. */
    public sealed interface Outcome permits Served, NotServed, RanFullJvm {
    }

    /** A credential to print. */
    public record Served(Credential credential) implements Outcome {
    }

    /** The first JVM cannot go on; it printed nothing and waited for nothing: the launcher runs the full JVM. */
    public record NotServed(String reason) implements Outcome {
    }

    /** The first JVM ran the full JVM under its lock, and that printed whatever it printed. */
    public record RanFullJvm(int exitCode) implements Outcome {
    }

    private final Mode mode;
    private final CredentialCache cache;
    private final CredentialSource source;
    private final ClusterCheck check;
    private final FullJvm fullJvm;
    private final LongSupplier clockMillis;
    private final Verbose log;
    private final PrintStream err;

    private GetCredential(Mode mode, CredentialCache cache, CredentialSource source, ClusterCheck check, FullJvm fullJvm,
                          LongSupplier clockMillis, Verbose log, PrintStream err) {
        this.mode = mode;
        this.cache = cache;
        this.source = source;
        this.check = check;
        this.fullJvm = fullJvm;
        this.clockMillis = clockMillis;
        this.log = log;
        this.err = err;
    }

    /** The use case as the first JVM runs it: no source, no cluster check, quiet. */
    public static GetCredential firstJvm(CredentialCache cache, FullJvm fullJvm, LongSupplier clockMillis, PrintStream err) {
        return new GetCredential(Mode.FIRST_JVM, cache, null, null, fullJvm, clockMillis, Verbose.off(), err);
    }

    /** The use case as the full JVM runs it; {@code handedOver}: the first JVM holds the key's lock for us. */
    public static GetCredential fullJvm(CredentialCache cache, CredentialSource source, ClusterCheck check,
                                        boolean handedOver, LongSupplier clockMillis, Verbose log, PrintStream err) {
        return new GetCredential(handedOver ? Mode.HANDED_OVER : Mode.FULL, cache, source, check, null, clockMillis, log, err);
    }

    public Outcome run(CredentialPlan plan, Deadline deadline) {
        CacheEntry cached = cache.read(plan.key());
        if (plan.request().noCache()) {
            // Never served, but handed to the source: a sign-in refreshes with its refresh token instead of a browser.
            log.log("asked not to use the cache (--refresh, --no-cache): obtaining a new credential");
            return obtainUnderLock(plan, cached, deadline);
        }
        if (!isFresh(cached)) {
            log.log(cached == null ? "nothing usable in the cache " + cache.directory() : "the cached credential is no longer fresh");
            return obtainUnderLock(plan, cached, deadline);
        }
        if (!suspects(plan, cached.credential())) {
            log.log("served from the cache " + cache.directory());
            return serve(plan, cached.credential());
        }
        // client-go runs us again after the cluster answered 401 (it cannot tell us why): ask the cluster.
        if (mode == Mode.FIRST_JVM) {
            return new NotServed("the client asks again for the credential it was given");
        }
        log.log("the client asks again for the credential it was given; asking the cluster whether it still takes it");
        if (!check.rejects(plan.cluster(), cached.credential())) {
            return serve(plan, cached.credential());
        }
        log.log("the cluster rejects the cached credential; replacing it");
        return obtainUnderLock(plan, cached, deadline);
    }

    /**
     * Obtains a credential while holding the key's lock, so that processes asking at once make one
     * request (or one sign-in) between them; whoever gets the lock second finds the cache filled.
     *
     * @param previous the stale or rejected entry, or null; a rejected one is never served again
     */
    @SuppressWarnings("try") // the lock is held for the block; the block need not name it
    private Outcome obtainUnderLock(CredentialPlan plan, CacheEntry previous, Deadline deadline) {
        if (mode == Mode.FIRST_JVM && (plan.request().noCache() || fullJvm == null)) {
            return new NotServed("a new credential is needed"); // nothing waited for yet
        }
        if (mode == Mode.HANDED_OVER) {
            return serve(plan, obtainAndStore(plan, previous, deadline).credential());
        }
        CredentialStore.WaitNotice notice = (holderPid, left) -> err.println("doks-auth: waiting for another doks-auth "
                + "process" + (holderPid == null ? "" : " (PID " + holderPid + ")") + " to finish " + plan.subject()
                + " (at most " + Math.max(1, left.toSeconds()) + " s more).");
        try (CredentialStore.Held lock = cache.lock(plan.key(), deadline, plan.waitWorthMentioning(), notice)) {
            CacheEntry now = plan.request().noCache() ? null : cache.read(plan.key());
            if (isFresh(now) && (previous == null || !sameCredential(now.credential(), previous.credential()))) {
                log.log("another process obtained a credential while we waited for the lock");
                return serve(plan, now.credential());
            }
            if (mode == Mode.FIRST_JVM) {
                return new RanFullJvm(fullJvm.runUnderOurLock(deadline));
            }
            return serve(plan, obtainAndStore(plan, now != null ? now : previous, deadline).credential());
        } catch (LockTimeoutException e) {
            throw DoksAuthException.failure("gave up after " + tenths(e.waited()) + " s waiting for another doks-auth "
                    + "process" + (e.holderPid() == null ? "" : " (PID " + e.holderPid() + ")") + " to finish "
                    + plan.subject() + ": " + deadline.describe() + " ran out");
        } catch (IOException e) {
            if (mode == Mode.FIRST_JVM) {
                return new NotServed("no usable cache directory"); // nothing waited for yet: the full JVM explains
            }
            // No lock without a usable cache directory: kubectl still gets its credential.
            err.println("doks-auth: warning: cannot use the cache directory " + cache.directory() + " ("
                    + e.getClass().getSimpleName() + "); going on without the cache.");
            return serve(plan, source.obtain(previous, deadline).credential());
        }
    }

    private CacheEntry obtainAndStore(CredentialPlan plan, CacheEntry previous, Deadline deadline) {
        CacheEntry obtained = source.obtain(previous, deadline);
        try {
            cache.write(plan.key(), obtained);
        } catch (IOException e) {
            err.println("doks-auth: warning: cannot store the credential in the cache directory " + cache.directory()
                    + " (" + e.getClass().getSimpleName() + "); the next command will obtain one again.");
        }
        return obtained;
    }

    private Outcome serve(CredentialPlan plan, Credential credential) {
        if (plan.tracksClient()) {
            cache.recordServed(plan.key(), plan.client().pid(), plan.client().identity(), credential.obtainedAt());
        }
        return new Served(credential);
    }

    private boolean isFresh(CacheEntry entry) {
        return entry != null && entry.credential().isFreshAt(clockMillis.getAsLong());
    }

    /**
     * Whether the client asks again for the very credential it was given, while that credential is
     * still fresh: client-go does that after the cluster answered 401. Only a suspicion (a reason to
     * ask the cluster), and only possible when client-go told us which cluster, for a bearer token.
     */
    private boolean suspects(CredentialPlan plan, Credential cached) {
        return plan.tracksClient() && cached.token() != null
                && cache.servedTo(plan.key(), plan.client().pid(), plan.client().identity()) == cached.obtainedAt();
    }

    /** Seconds with one decimal, "2.0". */
    private static String tenths(java.time.Duration duration) {
        long tenths = duration.toMillis() / 100;
        return tenths / 10 + "." + tenths % 10;
    }

    private static boolean sameCredential(Credential a, Credential b) {
        return a.obtainedAt() == b.obtainedAt() && java.util.Objects.equals(a.token(), b.token());
    }
}
