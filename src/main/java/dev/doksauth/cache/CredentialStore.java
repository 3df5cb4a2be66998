package dev.doksauth.cache;

import dev.doksauth.credential.Deadline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The credential store the use case decides through: entries by key, the key's lock, and which
 * credential each client was served. In production {@link CredentialCache}; the use-case tests use a fake.
 */
public interface CredentialStore {

    /** Where the store is, for messages. */
    Path directory();

    /**
     * The entry stored for {@code key}, or null when there is none or it cannot be used.
     *
     * @throws dev.doksauth.report.DoksAuthException when the store is unsafe to use
     */
    CacheEntry read(CacheKey key);

    /** Stores the entry, replacing what was there at once. */
    void write(CacheKey key, CacheEntry entry) throws IOException;

    /**
     * Removes the key's entry, and what an unfinished sign-in of the key left beside it, leaving every other
     * key's files.
     *
     * @return whether there was an entry
     */
    boolean remove(CacheKey key) throws IOException;

    /**
     * Takes the key's lock, waiting at most until the deadline, telling {@code notice} once the wait has
     * lasted {@code noticeAfter}.
     *
     * @throws IOException when there is no usable place for a lock
     */
    Held lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice) throws IOException, LockTimeoutException;

    /** The {@code obtainedAt} of the credential last served to {@code client} (see ClientProcess) for this key, or -1. */
    long servedTo(CacheKey key, String clientPid, String client);

    /** Notes that the credential obtained at {@code obtainedAt} was served to {@code client}; best effort. */
    void recordServed(CacheKey key, String clientPid, String client, long obtainedAt);

    /**
     * A store that passes everything to {@link #store()} but what it overrides: the stores that change one
     * thing about another (whose lock a parent holds, that refuses to go on without the cache) say only that.
     */
    interface Forwarding extends CredentialStore {

        /** The store passed to. */
        CredentialStore store();

        @Override
        default Path directory() {
            return store().directory();
        }

        @Override
        default CacheEntry read(CacheKey key) {
            return store().read(key);
        }

        @Override
        default void write(CacheKey key, CacheEntry entry) throws IOException {
            store().write(key, entry);
        }

        @Override
        default boolean remove(CacheKey key) throws IOException {
            return store().remove(key);
        }

        @Override
        default Held lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice)
                throws IOException, LockTimeoutException {
            return store().lock(key, deadline, noticeAfter, notice);
        }

        @Override
        default long servedTo(CacheKey key, String clientPid, String client) {
            return store().servedTo(key, clientPid, client);
        }

        @Override
        default void recordServed(CacheKey key, String clientPid, String client, long obtainedAt) {
            store().recordServed(key, clientPid, client, obtainedAt);
        }
    }

    /** A held lock; closing it releases the lock, and never throws. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Told once, when a wait for the lock has lasted long enough to mention, which process holds it
     * ({@code holderPid} null when it cannot be told; {@link CacheLock#holder(String)} says it).
     */
    @FunctionalInterface
    interface WaitNotice {
        void waiting(String holderPid, Duration left);
    }
}
