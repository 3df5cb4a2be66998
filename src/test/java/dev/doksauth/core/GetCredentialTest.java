package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLock;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.cache.LockTimeoutException;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.exec.ExecApiVersion;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.launcher.ClientProcess;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every branch of the corridor, without processes: a fake clock, source, cluster check and full JVM. */
class GetCredentialTest {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final long NOW = 1_800_000_000L;
    static final ExecInfo.Cluster SERVER = new ExecInfo.Cluster("https://127.0.0.1:6443", null, null, false);

    @TempDir
    Path tmp;

    final AtomicLong clock = new AtomicLong(NOW * 1000);
    final List<CacheEntry> obtainedFrom = new ArrayList<>();
    final AtomicInteger checks = new AtomicInteger();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    boolean clusterRejects;

    /** Mints "token-N", valid for an hour from the fake clock. */
    final CredentialSource source = (previous, deadline) -> {
        obtainedFrom.add(previous);
        long now = clock.get() / 1000;
        return CacheEntry.of(Credential.ofToken("token-" + obtainedFrom.size(), now, now + 3600));
    };
    final ClusterCheck check = (cluster, credential) -> {
        checks.incrementAndGet();
        return clusterRejects;
    };

    CredentialCache cache() {
        return new CredentialCache(tmp.resolve("cache"));
    }

    static CredentialPlan plan(boolean noCache, ClientProcess client, ExecInfo.Cluster cluster) {
        CredentialRequest request = new CredentialRequest(CLUSTER, 0, null, null, null, null, noCache, false, null);
        DoToken token = new DoToken("dop_v1_test", null, "DIGITALOCEAN_ACCESS_TOKEN");
        return new CredentialPlan(request, ExecApiVersion.V1, CacheKey.forDoToken("https://api", token, CLUSTER, 0),
                cluster, client, false, "https://api", token);
    }

    static CredentialPlan plan() {
        return plan(false, null, null);
    }

    GetCredential full() {
        return GetCredential.fullJvm(cache(), source, check, false, clock::get, Verbose.off(), err);
    }

    static Deadline seconds(long s) {
        return Deadline.in(Duration.ofSeconds(s), "DOKS_AUTH_TIMEOUT");
    }

    static String token(GetCredential.Outcome outcome) {
        return assertInstanceOf(GetCredential.Served.class, outcome).credential().token();
    }

    void store(String token, long obtainedAt, long expiresAt) throws Exception {
        cache().write(plan().key(), CacheEntry.of(Credential.ofToken(token, obtainedAt, expiresAt)));
    }

    @Test
    void aFreshEntryIsServedWithoutTheSource() throws Exception {
        store("cached", NOW - 10, NOW + 3600);
        assertEquals("cached", token(full().run(plan(), seconds(5))));
        assertTrue(obtainedFrom.isEmpty());
    }

    @Test
    void aMissObtainsStoresAndServes() {
        assertEquals("token-1", token(full().run(plan(), seconds(5))));
        assertEquals("token-1", cache().read(plan().key()).credential().token());
        assertEquals(1, obtainedFrom.size());
        assertNull(obtainedFrom.get(0));
    }

    @Test
    void aStaleEntryIsReplacedAndHandedToTheSource() throws Exception {
        store("stale", NOW - 3600, NOW + 60); // within the 5-minute margin
        assertEquals("token-1", token(full().run(plan(), seconds(5))));
        assertEquals("stale", obtainedFrom.get(0).credential().token(), "the source sees what it replaces (a refresh token)");
    }

    @Test
    void noCacheObtainsEvenWhenFresh() throws Exception {
        store("cached", NOW, NOW + 3600);
        assertEquals("token-1", token(full().run(plan(true, null, null), seconds(5))));
        assertEquals("cached", obtainedFrom.get(0).credential().token(), "the source may refresh what it replaces");
    }

    @Test
    void aClientAskingAgainIsCheckedWithTheClusterAndKeepsAnAcceptedCredential() throws Exception {
        CredentialPlan plan = plan(false, new ClientProcess("4242", "4242 1 /usr/bin/kubectl"), SERVER);
        store("cached", NOW, NOW + 3600);
        assertEquals("cached", token(full().run(plan, seconds(5))));
        assertEquals(0, checks.get(), "the first time is no suspicion");
        assertEquals("cached", token(full().run(plan, seconds(5))));
        assertEquals(1, checks.get(), "asking again for the same credential is");
        assertTrue(obtainedFrom.isEmpty());
    }

    @Test
    void aCredentialTheClusterRejectsIsReplaced() throws Exception {
        CredentialPlan plan = plan(false, new ClientProcess("4242", "4242 1 /usr/bin/kubectl"), SERVER);
        store("revoked", NOW, NOW + 3600);
        full().run(plan, seconds(5));
        clusterRejects = true;
        assertEquals("token-1", token(full().run(plan, seconds(5))));
        assertEquals("revoked", obtainedFrom.get(0).credential().token());
    }

    @Test
    void anotherProgramInTheSameProcessIsNoSuspicion() throws Exception {
        // The Cloud SDK's kubectl runs us, then execs the versioned kubectl in the same process, which runs us again.
        store("cached", NOW, NOW + 3600);
        full().run(plan(false, new ClientProcess("4242", "4242 1 /sdk/bin/kubectl"), SERVER), seconds(5));
        full().run(plan(false, new ClientProcess("4242", "4242 1 /sdk/bin/kubectl.1.32"), SERVER), seconds(5));
        assertEquals(0, checks.get());
    }

    @Test
    void theFirstJvmHandsASuspicionOverWithoutWaiting() throws Exception {
        CredentialPlan plan = plan(false, new ClientProcess("4242", "4242 1 /usr/bin/kubectl"), SERVER);
        store("cached", NOW, NOW + 3600);
        GetCredential first = GetCredential.firstJvm(cache(), deadline -> 99, clock::get, err);
        assertEquals("cached", token(first.run(plan, seconds(5))));
        assertInstanceOf(GetCredential.NotServed.class, first.run(plan, seconds(5)));
        assertEquals(0, checks.get());
    }

    @Test
    void theFirstJvmRunsTheFullJvmUnderTheLockOnAMiss() {
        CredentialCache cache = cache();
        GetCredential first = GetCredential.firstJvm(cache, deadline -> {
            // The child finds the lock taken (by its parent) and fetches without it.
            assertThrows(LockTimeoutException.class, () -> cache.lock(plan().key(), Deadline.in(Duration.ZERO)));
            return 7;
        }, clock::get, err);
        assertEquals(7, assertInstanceOf(GetCredential.RanFullJvm.class, first.run(plan(), seconds(5))).exitCode());
    }

    @Test
    void theFirstJvmLeavesNoCacheToTheFullJvm() {
        GetCredential first = GetCredential.firstJvm(cache(), deadline -> 99, clock::get, err);
        assertInstanceOf(GetCredential.NotServed.class, first.run(plan(true, null, null), seconds(5)));
    }

    @Test
    @SuppressWarnings("try")
    void aHandedOverRunObtainsWithoutTheLockItsParentHolds() throws Exception {
        try (CacheLock parent = cache().lock(plan().key(), seconds(1))) {
            GetCredential child = GetCredential.fullJvm(cache(), source, check, true, clock::get, Verbose.off(), err);
            assertEquals("token-1", token(child.run(plan(), seconds(5))));
        }
    }

    @Test
    @SuppressWarnings("try")
    void aWaiterServesWhatTheLockHolderObtained() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        GetCredential.Outcome[] outcome = new GetCredential.Outcome[1];
        Thread waiter;
        try (CacheLock held = cache().lock(plan().key(), seconds(1))) {
            waiter = new Thread(() -> {
                waiting.countDown();
                outcome[0] = full().run(plan(), seconds(30));
            });
            waiter.start();
            waiting.await();
            store("from-the-holder", NOW, NOW + 3600);
        }
        waiter.join();
        // Either it read the entry before or after taking the lock: never a fetch of its own.
        assertEquals("from-the-holder", token(outcome[0]));
        assertTrue(obtainedFrom.isEmpty());
    }

    @Test
    @SuppressWarnings("try")
    void aLockHeldPastTheDeadlineIsOneTrueSentence() throws Exception {
        try (CacheLock held = cache().lock(plan().key(), seconds(1))) {
            Deadline deadline = Deadline.in(Duration.ofMillis(300), "DOKS_AUTH_TIMEOUT");
            DoksAuthException e = assertThrows(DoksAuthException.class, () -> full().run(plan(), deadline));
            assertTrue(e.getMessage().contains("PID " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("DOKS_AUTH_TIMEOUT"), e.getMessage());
            assertTrue(e.getMessage().matches("gave up after 0\\.\\d s waiting.*"), e.getMessage());
        }
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8), "a wait shorter than a second goes unmentioned");
        assertTrue(obtainedFrom.isEmpty());
    }

    @Test
    @SuppressWarnings("try")
    void aLongWaitSaysForWhomOnce() throws Exception {
        try (CacheLock held = cache().lock(plan().key(), seconds(1))) {
            Deadline deadline = Deadline.in(Duration.ofMillis(5600), "DOKS_AUTH_TIMEOUT");
            assertThrows(DoksAuthException.class, () -> full().run(plan(), deadline));
        }
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("doks-auth: waiting for another doks-auth process (PID " + ProcessHandle.current().pid()
                + ") to finish the credential of cluster " + CLUSTER + " (at most 1 s more)."), said);
    }

    @Test
    void aDeadlineAlreadyPassedStillServesTheCache() throws Exception {
        store("cached", NOW, NOW + 3600);
        assertEquals("cached", token(full().run(plan(), Deadline.in(Duration.ZERO))));
    }

    @Test
    void anUnusableCacheStillGivesACredentialWithAWarning() throws Exception {
        Files.writeString(tmp.resolve("file"), "");
        GetCredential useCase = GetCredential.fullJvm(new CredentialCache(tmp.resolve("file/cache")), source, check, false,
                clock::get, Verbose.off(), err);
        assertEquals("token-1", token(useCase.run(plan(), seconds(5))));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("warning: cannot use the cache directory"));
    }

    @Test
    void aCredentialTooShortForItsMarginIsServedOnceAndNotCachedAsFresh() {
        CredentialSource shortLived = (previous, deadline) -> {
            obtainedFrom.add(previous);
            return CacheEntry.of(Credential.ofToken("short", NOW, NOW + 1));
        };
        GetCredential useCase = GetCredential.fullJvm(cache(), shortLived, check, false, clock::get, Verbose.off(), err);
        assertEquals("short", token(useCase.run(plan(), seconds(5))));
        clock.addAndGet(600);
        assertEquals("short", token(useCase.run(plan(), seconds(5))));
        assertEquals(2, obtainedFrom.size(), "never served from the cache within its margin");
    }
}
