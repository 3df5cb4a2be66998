package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.testing.FakeCredentialStore;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every branch of the use case with fakes: a store in memory whose lock does what each case needs (free,
 * held until the deadline, released after another process stored a credential, unusable), a fake clock,
 * source, suspicion and full JVM. No disk, no real clock, no network, no threads.
 */
class GetCredentialTest {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final long NOW = 1_800_000_000L;
    static final ExecInfo.Cluster SERVER = new ExecInfo.Cluster("https://127.0.0.1:6443", null, null, false);
    static final CacheKey KEY = CacheKey.forDoToken("https://api", new DoToken("dop_v1_test", null, "DIGITALOCEAN_ACCESS_TOKEN"),
            CLUSTER, 0);
    static final ClientProcess KUBECTL = new ClientProcess("4242", "4242 1 /usr/bin/kubectl");
    static final Deadline DEADLINE = Deadline.in(Duration.ofSeconds(5), "DOKS_AUTH_TIMEOUT");

    final AtomicLong clock = new AtomicLong(NOW * 1000);
    final FakeCredentialStore store = new FakeCredentialStore();
    final List<CacheEntry> obtainedFrom = new ArrayList<>();
    final List<Credential> judged = new ArrayList<>();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    Suspicion.Verdict verdict = Suspicion.Verdict.ACCEPTED;
    long lifetimeSeconds = 3600;

    /** Mints "token-N", living {@link #lifetimeSeconds} from the fake clock. */
    final CredentialSource source = (previous, deadline) -> {
        obtainedFrom.add(previous);
        long now = clock.get() / 1000;
        return CacheEntry.of(Credential.ofToken("token-" + obtainedFrom.size(), now, now + lifetimeSeconds));
    };
    final Suspicion suspicion = (cluster, credential) -> {
        judged.add(credential);
        return verdict;
    };

    /** The lock is held by another process (PID 777) past the deadline: the wait is noticed once, then given up. */
    void lockHeldUntilTheDeadline() {
        store.lockHeldBy = "777";
        store.lockNoticedWithLeft = Duration.ofMillis(2400);
        store.lockWaited = Duration.ofMillis(5000);
    }

    /** Another process obtained a credential and stored it while this one waited for the lock. */
    void anotherProcessStoresFirst() {
        store.storedWhileWaiting = entry("from-the-holder", NOW, NOW + 3600);
    }

    static CacheEntry entry(String token, long obtainedAt, long expiresAt) {
        return CacheEntry.of(Credential.ofToken(token, obtainedAt, expiresAt));
    }

    void stored(String token, long obtainedAt, long expiresAt) {
        store.entries.put(KEY, entry(token, obtainedAt, expiresAt));
    }

    static Wanted wanted(boolean forced, ClientProcess client, ExecInfo.Cluster cluster) {
        return Wanted.cluster(KEY, CLUSTER, 0, forced, cluster, client);
    }

    static Wanted wanted() {
        return wanted(false, null, null);
    }

    GetCredential full() {
        return new GetCredential(store, new FetchHere(source), suspicion, clock::get, Verbose.off(), err);
    }

    /** The first JVM, whose full JVM (run under our lock) exits 7. */
    GetCredential first() {
        NewCredential fullJvm = new NewCredential() {
            @Override
            public Obtained obtain(CacheEntry previous, Deadline deadline) {
                assertTrue(store.locked(), "the full JVM runs under our lock");
                return new PrintedByFullJvm(7);
            }

            @Override
            public boolean worksWithoutStore() {
                return false;
            }
        };
        return new GetCredential(store, fullJvm, Suspicion.HAND_OVER, clock::get, Verbose.off(), err);
    }

    static String token(GetCredential.Outcome outcome) {
        return assertInstanceOf(GetCredential.Served.class, outcome).credential().token();
    }

    String said() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFreshEntryIsServedWithoutTheLockOrTheSource() {
        stored("cached", NOW - 10, NOW + 3600);
        assertEquals("cached", token(full().run(wanted(), DEADLINE)));
        assertTrue(obtainedFrom.isEmpty());
        assertEquals(0, store.locks());
    }

    @Test
    void aMissObtainsUnderTheLockStoresAndServes() {
        assertEquals("token-1", token(full().run(wanted(), DEADLINE)));
        assertEquals("token-1", store.entries.get(KEY).credential().token());
        assertEquals(1, store.locks());
        assertFalse(store.locked(), "released");
        assertNull(obtainedFrom.get(0));
    }

    @Test
    void aStaleEntryIsReplacedAndHandedToTheSource() {
        stored("stale", NOW - 3600, NOW + 60); // within the 5-minute margin
        assertEquals("token-1", token(full().run(wanted(), DEADLINE)));
        assertEquals("stale", obtainedFrom.get(0).credential().token(), "the source sees what it replaces (a refresh token)");
    }

    @Test
    void aForcedRefreshObtainsEvenWhenFreshAndHandsTheSourceWhatItReplaces() {
        stored("cached", NOW, NOW + 3600);
        assertEquals("token-1", token(full().run(wanted(true, null, null), DEADLINE)));
        assertEquals("cached", obtainedFrom.get(0).credential().token(), "the source may refresh what it replaces");
    }

    @Test
    void aForcedRefreshIsNotAnsweredByWhatTheLockHolderStored() {
        anotherProcessStoresFirst();
        assertEquals("token-1", token(full().run(wanted(true, null, null), DEADLINE)));
    }

    @Test
    void aWaiterServesWhatTheLockHolderObtainedAndFetchesNothing() {
        stored("stale", NOW - 3600, NOW + 60);
        anotherProcessStoresFirst();
        assertEquals("from-the-holder", token(full().run(wanted(), DEADLINE)));
        assertTrue(obtainedFrom.isEmpty());
    }

    @Test
    void theCredentialBeingReplacedIsNotTakenForANewOneUnderTheLock() {
        stored("revoked", NOW, NOW + 3600);
        full().run(wanted(false, KUBECTL, SERVER), DEADLINE);
        verdict = Suspicion.Verdict.REJECTED;
        // Under the lock the store still holds the rejected credential: fresh, but never served again.
        assertEquals("token-1", token(full().run(wanted(false, KUBECTL, SERVER), DEADLINE)));
        assertEquals("revoked", obtainedFrom.get(0).credential().token());
    }

    @Test
    void aClientAskingAgainIsJudgedAndKeepsAnAcceptedCredential() {
        stored("cached", NOW, NOW + 3600);
        assertEquals("cached", token(full().run(wanted(false, KUBECTL, SERVER), DEADLINE)));
        assertTrue(judged.isEmpty(), "the first time is no suspicion");
        assertEquals("cached", token(full().run(wanted(false, KUBECTL, SERVER), DEADLINE)));
        assertEquals(1, judged.size(), "asking again for the same credential is");
        assertTrue(obtainedFrom.isEmpty());
    }

    @Test
    void withoutTheClusterNoClientIsTrackedAndNothingIsJudged() {
        stored("cached", NOW, NOW + 3600);
        full().run(wanted(false, KUBECTL, null), DEADLINE);
        full().run(wanted(false, KUBECTL, null), DEADLINE);
        assertTrue(judged.isEmpty());
        assertTrue(store.served.isEmpty());
    }

    @Test
    void aCertificateIsNeverJudged() {
        store.entries.put(KEY, CacheEntry.of(Credential.ofCertificate("cert", "key", NOW, NOW + 3600)));
        full().run(wanted(false, KUBECTL, SERVER), DEADLINE);
        full().run(wanted(false, KUBECTL, SERVER), DEADLINE);
        assertTrue(judged.isEmpty());
    }

    @Test
    void anotherProgramInTheSameProcessIsNoSuspicion() {
        // The Cloud SDK's kubectl runs us, then execs the versioned kubectl in the same process, which runs us again.
        stored("cached", NOW, NOW + 3600);
        full().run(wanted(false, new ClientProcess("4242", "4242 1 /sdk/bin/kubectl"), SERVER), DEADLINE);
        full().run(wanted(false, new ClientProcess("4242", "4242 1 /sdk/bin/kubectl.1.32"), SERVER), DEADLINE);
        assertTrue(judged.isEmpty());
    }

    @Test
    void theFirstJvmHandsASuspicionOverWithoutWaiting() {
        stored("cached", NOW, NOW + 3600);
        assertEquals("cached", token(first().run(wanted(false, KUBECTL, SERVER), DEADLINE)));
        assertInstanceOf(GetCredential.NotServed.class, first().run(wanted(false, KUBECTL, SERVER), DEADLINE));
        assertEquals(0, store.locks());
    }

    @Test
    void theFirstJvmRunsTheFullJvmUnderTheLockOnAMissAndOnAForcedRefresh() {
        assertEquals(7, assertInstanceOf(GetCredential.RanFullJvm.class, first().run(wanted(), DEADLINE)).exitCode());
        stored("cached", NOW, NOW + 3600);
        assertEquals(7, assertInstanceOf(GetCredential.RanFullJvm.class, first().run(wanted(true, null, null), DEADLINE)).exitCode());
        assertFalse(store.locked(), "released");
    }

    @Test
    void theFirstJvmServesWhatAnotherProcessObtainedWhileItWaited() {
        anotherProcessStoresFirst();
        assertEquals("from-the-holder", token(first().run(wanted(), DEADLINE)));
    }

    @Test
    void aFirstJvmWithoutALauncherHandsOver() {
        GetCredential first = new GetCredential(store, NewCredential.HAND_OVER, Suspicion.HAND_OVER, clock::get, Verbose.off(), err);
        assertInstanceOf(GetCredential.NotServed.class, first.run(wanted(), DEADLINE));
    }

    @Test
    void theFirstJvmLeavesAnUnusableCacheDirectoryToTheFullJvm() {
        store.lockFails = new IOException("not a directory");
        assertInstanceOf(GetCredential.NotServed.class, first().run(wanted(), DEADLINE));
        assertEquals("", said(), "the full JVM explains");
    }

    @Test
    void anUnusableCacheDirectoryStillGivesACredentialWithAWarning() {
        store.lockFails = new IOException("not a directory");
        assertEquals("token-1", token(full().run(wanted(), DEADLINE)));
        assertEquals("doks-auth: warning: cannot use the cache directory /fake/cache (IOException); going on without the "
                + "cache.\n", said());
        assertTrue(store.entries.isEmpty());
    }

    @Test
    void aCredentialThatCannotBeStoredIsServedWithAWarning() {
        store.writeFails = new IOException("disk full");
        assertEquals("token-1", token(full().run(wanted(), DEADLINE)));
        assertEquals("doks-auth: warning: cannot store the credential in the cache directory /fake/cache (IOException); "
                + "the next command will obtain one again.\n", said());
    }

    @Test
    void aHandedOverRunObtainsWithoutTakingTheLockItsParentHolds() {
        lockHeldUntilTheDeadline(); // by the parent
        GetCredential child = new GetCredential(new ParentHoldsTheLock(store), new FetchHere(source), suspicion, clock::get,
                Verbose.off(), err);
        assertEquals("token-1", token(child.run(wanted(), DEADLINE)));
        assertEquals(0, store.locks());
        assertEquals("token-1", store.entries.get(KEY).credential().token());
    }

    @Test
    void aLockHeldPastTheDeadlineIsOneTrueSentenceAfterOneNotice() {
        lockHeldUntilTheDeadline();
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> full().run(wanted(), DEADLINE));
        assertEquals("gave up after 5.0 s waiting for another doks-auth process (PID 777) to finish the credential of cluster "
                + CLUSTER + ": the 5 s budget of DOKS_AUTH_TIMEOUT ran out", e.getMessage());
        assertEquals("doks-auth: waiting for another doks-auth process (PID 777) to finish the credential of cluster "
                + CLUSTER + " (at most 2 s more).\n", said());
        assertTrue(obtainedFrom.isEmpty());
    }

    @Test
    void aDeadlineAlreadyPassedStillServesTheCache() {
        stored("cached", NOW, NOW + 3600);
        assertEquals("cached", token(full().run(wanted(), Deadline.in(Duration.ZERO))));
    }

    @Test
    void aCachedCredentialThatNearlyDiedWhileTheProcessStalledIsReplacedBeforeItIsPrinted() {
        lifetimeSeconds = 5;
        stored("cached", NOW, NOW + 5); // fresh until NOW + 3 (a 2 s margin)
        clock.set(NOW * 1000 + 2500);
        store.whileRecording = () -> clock.addAndGet(600); // 0.5 s of fresh life left when read; 1.9 s of life when it would be printed
        GetCredential.Outcome outcome = full().run(wanted(false, KUBECTL, SERVER), DEADLINE);
        assertEquals("token-1", token(outcome));
        assertEquals("cached", obtainedFrom.get(0).credential().token(), "the nearly dead one is what is replaced");
        assertTrue(((GetCredential.Served) outcome).credential().printableAt(clock.get()));
        assertEquals((NOW + 3) + " " + KUBECTL.identity(), store.served.get("4242"), "the client's record names what it is served");
    }

    @Test
    void theFirstJvmHandsANearlyDeadCredentialToTheFullJvm() {
        stored("cached", NOW, NOW + 5);
        clock.set(NOW * 1000 + 2500);
        store.whileRecording = () -> clock.addAndGet(600);
        assertEquals(7, assertInstanceOf(GetCredential.RanFullJvm.class,
                first().run(wanted(false, KUBECTL, SERVER), DEADLINE)).exitCode());
    }

    @Test
    void aNewCredentialWithTooLittleLifeIsObtainedOnceMoreThenRefusedInOneSentence() {
        lifetimeSeconds = 1;
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> full().run(wanted(), DEADLINE));
        assertEquals("the credential of cluster " + CLUSTER + " came with 1.0 s of life left, less than the 2 s kubectl "
                + "needs to use it; check this computer's clock", e.getMessage());
        assertEquals(2, obtainedFrom.size());
        assertEquals("token-1", obtainedFrom.get(1).credential().token(), "the second time, the first is what is replaced");
    }

    @Test
    void aCredentialWithExactlyTheLeastLifeIsPrinted() {
        lifetimeSeconds = 4; // margin 2 s: fresh until 2 s before expiry, so printable only before that
        assertEquals("token-1", token(full().run(wanted(), DEADLINE)));
        clock.addAndGet(1999);
        assertEquals("token-1", token(full().run(wanted(), DEADLINE)), "fresh, with 2.001 s to live");
        clock.addAndGet(1);
        assertEquals("token-2", token(full().run(wanted(), DEADLINE)), "at the margin: replaced");
    }
}
