package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.credential.Deadline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The store of a full JVM that the first JVM runs under the key's lock: the same store, whose lock is
 * already held, by our parent, for us (taking it again would wait for ourselves).
 */
public record ParentHoldsTheLock(CredentialStore store) implements CredentialStore {

    private static final Held HELD_BY_PARENT = () -> { };

    @Override
    public Path directory() {
        return store.directory();
    }

    @Override
    public CacheEntry read(CacheKey key) {
        return store.read(key);
    }

    @Override
    public void write(CacheKey key, CacheEntry entry) throws IOException {
        store.write(key, entry);
    }

    @Override
    public Held lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice) {
        return HELD_BY_PARENT;
    }

    @Override
    public long servedTo(CacheKey key, String clientPid, String client) {
        return store.servedTo(key, clientPid, client);
    }

    @Override
    public void recordServed(CacheKey key, String clientPid, String client, long obtainedAt) {
        store.recordServed(key, clientPid, client, obtainedAt);
    }
}
