package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.credential.Deadline;

/**
 * How a new credential is had once the use case holds the key's lock: fetched here ({@link FetchHere}),
 * or by the full JVM run under our lock ({@code launcher.ChildLauncher}), or not at all in this JVM
 * ({@link #HAND_OVER}: the launcher runs the full JVM).
 */
public interface NewCredential {

    /** @param previous what the store holds for the key (stale, rejected, nearly dead), or null */
    Obtained obtain(CacheEntry previous, Deadline deadline);

    /**
     * Whether this way works without the store (no usable cache directory: no lock, nothing kept). The
     * first JVM's does not: it leaves the case to the full JVM, which says what is wrong with the directory.
     */
    boolean worksWithoutStore();

    /** What obtaining came to. */
    sealed interface Obtained permits Entry, PrintedByFullJvm, NotHere {
    }

    /** A new entry, for the use case to store and serve. */
    record Entry(CacheEntry entry) implements Obtained {
    }

    /** The full JVM ran under our lock and printed whatever it printed; its exit code. */
    record PrintedByFullJvm(int exitCode) implements Obtained {
    }

    /** Nothing done here: the launcher runs the full JVM. */
    record NotHere(String reason) implements Obtained {
    }

    /** Obtains nothing: for a first JVM that has no launcher to run the full JVM with. */
    NewCredential HAND_OVER = new NewCredential() {
        @Override
        public Obtained obtain(CacheEntry previous, Deadline deadline) {
            return new NotHere("a new credential is needed");
        }

        @Override
        public boolean worksWithoutStore() {
            return false;
        }
    };
}
