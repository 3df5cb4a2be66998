package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.credential.Deadline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The credential cache in memory, for the kubeconfig use cases: what they store and remove. */
final class FakeCredentialStore implements CredentialStore {

    final Map<CacheKey, CacheEntry> entries = new LinkedHashMap<>();
    /** Thrown by writes and removals when set: a cache directory that cannot be written. */
    IOException failure;

    @Override
    public Path directory() {
        return Path.of("/home/u/.cache/doks-auth");
    }

    @Override
    public CacheEntry read(CacheKey key) {
        return entries.get(key);
    }

    @Override
    public void write(CacheKey key, CacheEntry entry) throws IOException {
        if (failure != null) {
            throw failure;
        }
        entries.put(key, entry);
    }

    @Override
    public boolean remove(CacheKey key) throws IOException {
        if (failure != null) {
            throw failure;
        }
        return entries.remove(key) != null;
    }

    @Override
    public Held lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice) {
        throw new AssertionError("the kubeconfig use cases take no cache lock");
    }

    @Override
    public long servedTo(CacheKey key, String clientPid, String client) {
        throw new AssertionError("the kubeconfig use cases serve nothing");
    }

    @Override
    public void recordServed(CacheKey key, String clientPid, String client, long obtainedAt) {
        throw new AssertionError("the kubeconfig use cases serve nothing");
    }
}
