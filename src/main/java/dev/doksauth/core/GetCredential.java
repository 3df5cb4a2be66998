package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheLock;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.cache.LockTimeoutException;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The use case behind {@code doks-auth credential} (and {@code sso login}, a forced refresh), and the one
 * place that decides: serve the stored credential, judge a suspicion, wait for another process, or obtain
 * a new one. It decides through ports; the first JVM and the full JVM differ only in what they wire in
 * ({@code launcher.CredentialWiring}):
 * <ul>
 *   <li>{@link CredentialStore}: entries, the key's lock (held by the parent for a handed-over full JVM),
 *   who was served what;</li>
 *   <li>{@link NewCredential}: fetch here, or run the full JVM under our lock, or hand over;</li>
 *   <li>{@link Suspicion}: ask the cluster, or hand over.</li>
 * </ul>
 *
 * <pre>
 *   read the entry (once)
 *   forced, or not fresh                 -> obtain under the lock
 *   fresh, the client asks again for it   -> judge the suspicion: accepted -> serve; rejected -> obtain under the lock
 *   fresh                                 -> serve
 *   obtain under the lock: look again: another process stored a new one meanwhile -> serve it
 *                                      else obtain, store, serve
 *   serve: record who was served; a credential with less than 2 s of life left at this moment is
 *          never printed: obtain once more, else refuse
 * </pre>
 */
public final class GetCredential {

    /** What a run comes to. */
    public sealed interface Outcome permits Served, NotServed, RanFullJvm {
    }

    /** A credential to print now. */
    public record Served(CacheEntry entry) implements Outcome {
        public Credential credential() {
            return entry.credential();
        }
    }

    /** Printed nothing and waited for nothing: the launcher runs the full JVM. */
    public record NotServed(String reason) implements Outcome {
    }

    /** The full JVM ran under our lock, and printed whatever it printed. */
    public record RanFullJvm(int exitCode) implements Outcome {
    }

    private final CredentialStore store;
    private final NewCredential newCredential;
    private final Suspicion suspicion;
    private final LongSupplier clockMillis;
    private final Verbose log;
    private final PrintStream err;

    public GetCredential(CredentialStore store, NewCredential newCredential, Suspicion suspicion, LongSupplier clockMillis,
                         Verbose log, PrintStream err) {
        this.store = store;
        this.newCredential = newCredential;
        this.suspicion = suspicion;
        this.clockMillis = clockMillis;
        this.log = log;
        this.err = err;
    }

    public Outcome run(Wanted wanted, Deadline deadline) {
        Outcome outcome = decide(wanted, deadline);
        if (outcome instanceof Served served && !servableNow(wanted, served)) {
            log.log("the credential has less than " + Credential.MIN_LIFE_WHEN_PRINTED_MILLIS / 1000
                    + " s left; obtaining a new one");
            outcome = obtainUnderLock(wanted, served.entry(), deadline);
            if (outcome instanceof Served again && !servableNow(wanted, again)) {
                throw DoksAuthException.failure(wanted.subject() + " came with " + tenths(again.credential().millisLeftAt(
                        clockMillis.getAsLong())) + " s of life left, less than the " + Credential.MIN_LIFE_WHEN_PRINTED_MILLIS
                        / 1000 + " s kubectl needs to use it; check this computer's clock" + wanted.lifetimeHint());
            }
        }
        return outcome;
    }

    private Outcome decide(Wanted wanted, Deadline deadline) {
        CacheEntry cached = store.read(wanted.key());
        if (wanted.forced()) {
            // Never served, but handed to the source: a sign-in refreshes with its refresh token instead of a browser.
            log.log("asked not to use the cache (--refresh, --no-cache): obtaining a new credential");
            return obtainUnderLock(wanted, cached, deadline);
        }
        if (!isFresh(cached)) {
            log.log(cached == null ? "nothing usable in the cache " + store.directory() : "the cached credential is no longer fresh");
            return obtainUnderLock(wanted, cached, deadline);
        }
        if (!suspects(wanted, cached.credential())) {
            log.log("served from the cache " + store.directory());
            return new Served(cached);
        }
        log.log("the client asks again for the credential it was given; asking the cluster whether it still takes it");
        Suspicion.Verdict verdict = suspicion.judge(wanted.cluster(), cached.credential());
        if (verdict == Suspicion.Verdict.HAND_OVER) {
            return new NotServed("the client asks again for the credential it was given");
        }
        if (verdict == Suspicion.Verdict.ACCEPTED) {
            return new Served(cached);
        }
        log.log("the cluster rejects the cached credential; replacing it");
        return obtainUnderLock(wanted, cached, deadline);
    }

    /**
     * Obtains a credential while holding the key's lock, so that processes asking at once make one
     * request (or one sign-in) between them; whoever gets the lock second finds the store filled.
     *
     * @param previous the stale, rejected or nearly dead entry, or null; it is never served again
     */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    private Outcome obtainUnderLock(Wanted wanted, CacheEntry previous, Deadline deadline) {
        CredentialStore.WaitNotice notice = (holderPid, left) -> err.println("doks-auth: waiting for "
                + CacheLock.holder(holderPid) + " to finish " + wanted.subject()
                + " (at most " + Math.max(1, left.toSeconds()) + " s more).");
        try (CredentialStore.Held lock = store.lock(wanted.key(), deadline, wanted.waitWorthMentioning(), notice)) {
            CacheEntry now = wanted.forced() ? null : store.read(wanted.key());
            if (isFresh(now) && (previous == null || !sameCredential(now.credential(), previous.credential()))) {
                log.log("another process obtained a credential while we waited for the lock");
                return new Served(now);
            }
            return settle(wanted, newCredential.obtain(now != null ? now : previous, deadline), true);
        } catch (LockTimeoutException e) {
            throw DoksAuthException.failure("gave up after " + tenths(e.waited().toMillis()) + " s waiting for "
                    + e.holder() + " to finish "
                    + wanted.subject() + ": " + deadline.describe() + " ran out");
        } catch (IOException e) {
            if (!newCredential.worksWithoutStore()) {
                return new NotServed("no usable cache directory"); // nothing waited for yet: the full JVM explains
            }
            // No lock without a usable cache directory: kubectl still gets its credential.
            err.println("doks-auth: warning: cannot use the cache directory " + store.directory() + " ("
                    + e.getClass().getSimpleName() + "); going on without the cache.");
            return settle(wanted, newCredential.obtain(previous, deadline), false);
        }
    }

    private Outcome settle(Wanted wanted, NewCredential.Obtained obtained, boolean keep) {
        if (obtained instanceof NewCredential.PrintedByFullJvm ran) {
            return new RanFullJvm(ran.exitCode());
        }
        if (obtained instanceof NewCredential.NotHere notHere) {
            return new NotServed(notHere.reason());
        }
        CacheEntry entry = ((NewCredential.Entry) obtained).entry();
        if (keep) {
            try {
                store.write(wanted.key(), entry);
            } catch (IOException e) {
                err.println("doks-auth: warning: cannot store the credential in the cache directory " + store.directory()
                        + " (" + e.getClass().getSimpleName() + "); the next command will obtain one again.");
            }
        }
        return new Served(entry);
    }

    /**
     * Notes who is served, then whether the credential may be printed at this very moment: it is fresh
     * and has at least {@link Credential#MIN_LIFE_WHEN_PRINTED_MILLIS} left, whatever time went by since
     * it was read or obtained (a loaded machine can stop a process for seconds).
     */
    private boolean servableNow(Wanted wanted, Served served) {
        Credential credential = served.credential();
        if (wanted.tracksClient()) {
            store.recordServed(wanted.key(), wanted.client().pid(), wanted.client().identity(), credential.obtainedAt());
        }
        return credential.printableAt(clockMillis.getAsLong());
    }

    private boolean isFresh(CacheEntry entry) {
        return entry != null && entry.credential().isFreshAt(clockMillis.getAsLong());
    }

    /**
     * Whether the client asks again for the very credential it was given, while that credential is
     * still fresh: client-go does that after the cluster answered 401. Only a suspicion (a reason to
     * ask the cluster), and only possible when client-go told us which cluster, for a bearer token.
     */
    private boolean suspects(Wanted wanted, Credential cached) {
        return wanted.tracksClient() && cached.token() != null
                && store.servedTo(wanted.key(), wanted.client().pid(), wanted.client().identity()) == cached.obtainedAt();
    }

    /** Seconds with one decimal, "2.0". */
    private static String tenths(long millis) {
        long tenths = Math.max(0, millis) / 100;
        return tenths / 10 + "." + tenths % 10;
    }

    private static boolean sameCredential(Credential a, Credential b) {
        return a.obtainedAt() == b.obtainedAt() && Objects.equals(a.token(), b.token());
    }
}
