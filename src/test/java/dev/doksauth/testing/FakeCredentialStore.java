package dev.doksauth.testing;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.cache.LockTimeoutException;
import dev.doksauth.credential.Deadline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential store in memory, for use-case tests: it notes what was done, and can be made to fail each way the
 * disk and other processes can.
 */
public final class FakeCredentialStore implements CredentialStore {

    public final Map<CacheKey, CacheEntry> entries = new LinkedHashMap<>();
    /** What was done, in order: "lock", "read", "write", "remove", "unlock". */
    public final List<String> done = new ArrayList<>();
    /** What each client was served, by its PID: "obtainedAt identity". */
    public final Map<String, String> served = new HashMap<>();
    /** When set, the lock is held by this PID until the deadline. */
    public String lockHeldBy;
    /** How long the wait for a held lock lasted when it gave up. */
    public Duration lockWaited = Duration.ofSeconds(10);
    /** When set, the wait for a held lock is noticed once, with this much of it left. */
    public Duration lockNoticedWithLeft;
    /** When set, another process stores this entry while the lock is waited for, and then lets go of it. */
    public CacheEntry storedWhileWaiting;
    /** When set, the lock (and so the store) cannot be used: no usable cache directory. */
    public IOException lockFails;
    public IOException writeFails;
    public IOException removeFails;
    /** What recording a served credential costs, such as a fake clock moving on (a loaded machine). */
    public Runnable whileRecording = () -> { };
    private final boolean locking;
    private boolean locked;

    /** For use cases that take the key's lock before they remove: removal without it fails the test. */
    public FakeCredentialStore() {
        this(true);
    }

    private FakeCredentialStore(boolean locking) {
        this.locking = locking;
    }

    /**
     * For use cases that neither lock nor serve, such as the kubeconfig edits: taking the lock or serving fails the
     * test, and removal goes without the lock.
     */
    public static FakeCredentialStore withoutLocks() {
        return new FakeCredentialStore(false);
    }

    /** Whether the key's lock is held now. */
    public boolean locked() {
        return locked;
    }

    /** How often the lock was asked for. */
    public long locks() {
        return done.stream().filter("lock"::equals).count();
    }

    @Override
    public Path directory() {
        return Path.of("/fake/cache");
    }

    @Override
    public CacheEntry read(CacheKey key) {
        done.add("read");
        return entries.get(key);
    }

    @Override
    public void write(CacheKey key, CacheEntry entry) throws IOException {
        done.add("write");
        if (writeFails != null) {
            throw writeFails;
        }
        entries.put(key, entry);
    }

    @Override
    public boolean remove(CacheKey key) throws IOException {
        done.add("remove");
        if (locking && !locked) {
            throw new AssertionError("removed without the key's lock");
        }
        if (removeFails != null) {
            throw removeFails;
        }
        return entries.remove(key) != null;
    }

    @Override
    public Held lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice)
            throws IOException, LockTimeoutException {
        if (!locking) {
            throw new AssertionError("this use case takes no cache lock");
        }
        done.add("lock");
        if (lockFails != null) {
            throw lockFails;
        }
        if (lockHeldBy != null) {
            if (lockNoticedWithLeft != null) {
                notice.waiting(lockHeldBy, lockNoticedWithLeft);
            }
            throw new LockTimeoutException(lockHeldBy, lockWaited);
        }
        if (storedWhileWaiting != null) {
            entries.put(key, storedWhileWaiting);
        }
        locked = true;
        return () -> {
            locked = false;
            done.add("unlock");
        };
    }

    @Override
    public long servedTo(CacheKey key, String clientPid, String client) {
        if (!locking) {
            throw new AssertionError("this use case serves nothing");
        }
        String record = served.get(clientPid);
        return record != null && record.endsWith(" " + client) ? Long.parseLong(record.split(" ")[0]) : -1;
    }

    @Override
    public void recordServed(CacheKey key, String clientPid, String client, long obtainedAt) {
        if (!locking) {
            throw new AssertionError("this use case serves nothing");
        }
        whileRecording.run();
        served.put(clientPid, obtainedAt + " " + client);
    }
}
