package dev.doksauth.cache;

import java.time.Duration;

/** Thrown when another process holds a key's lock until the deadline. */
public final class LockTimeoutException extends Exception {

    private final String holderPid;
    private final Duration waited;

    public LockTimeoutException(String holderPid, Duration waited) {
        super("timed out waiting for the cache lock");
        this.holderPid = holderPid;
        this.waited = waited;
    }

    /** The PID of the process that held the lock, or null if it could not be told. */
    public String holderPid() {
        return holderPid;
    }

    /** The process that held the lock, as {@link CacheLock#holder(String)} says it. */
    public String holder() {
        return CacheLock.holder(holderPid);
    }

    /** How long this process actually waited. */
    public Duration waited() {
        return waited;
    }
}
