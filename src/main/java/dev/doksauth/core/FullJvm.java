package dev.doksauth.core;

import dev.doksauth.credential.Deadline;

/**
 * The launcher's first JVM hands a fetch over to the full JVM, which it runs as a child while it
 * holds the key's lock for it; in production {@code launcher.ChildLauncher}.
 */
@FunctionalInterface
public interface FullJvm {

    /** Runs the full JVM for the same command under our lock, with our deadline; @return its exit code */
    int runUnderOurLock(Deadline deadline);
}
