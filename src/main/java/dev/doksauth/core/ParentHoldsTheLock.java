package dev.doksauth.core;

import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.credential.Deadline;

import java.time.Duration;

/**
 * The store of a full JVM that the first JVM runs under the key's lock: the same store, whose lock is
 * already held, by our parent, for us (taking it again would wait for ourselves).
 */
public record ParentHoldsTheLock(CredentialStore store) implements CredentialStore.Forwarding {

    private static final Held HELD_BY_PARENT = () -> { };

    @Override
    public Held lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice) {
        return HELD_BY_PARENT;
    }
}
