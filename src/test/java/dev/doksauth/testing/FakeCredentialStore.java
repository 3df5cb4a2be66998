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
import java.util.List;
import java.util.Map;

/** A credential store in memory, for use-case tests: it can be made to fail each way the disk can. */
public final class FakeCredentialStore implements CredentialStore {

    public final Map<CacheKey, CacheEntry> entries = new HashMap<>();
    /** What was done, in order: "lock", "read", "write", "remove", "unlock". */
    public final List<String> done = new ArrayList<>();
    /** When set, the lock is held by this PID until the deadline. */
    public String lockHeldBy;
    /** When set, the lock (and so the store) cannot be used: no usable cache directory. */
    public IOException lockFails;
    public IOException writeFails;
    public IOException removeFails;
    private boolean locked;

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
        if (!locked) {
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
        done.add("lock");
        if (lockFails != null) {
            throw lockFails;
        }
        if (lockHeldBy != null) {
            throw new LockTimeoutException(lockHeldBy, Duration.ofSeconds(10));
        }
        locked = true;
        return () -> {
            locked = false;
            done.add("unlock");
        };
    }

    @Override
    public long servedTo(CacheKey key, String clientPid, String client) {
        return -1;
    }

    @Override
    public void recordServed(CacheKey key, String clientPid, String client, long obtainedAt) {
    }
}
