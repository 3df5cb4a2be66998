package dev.doksauth.launcher;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.NewCredential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs this version's launcher again as a child, for the full JVM to fetch while the first JVM
 * holds the key's lock: the child inherits stdin, stdout and stderr (it prints the credential, and
 * a sign-in may ask on the terminal) and gets the command's deadline.
 */
public final class ChildLauncher implements NewCredential {

    /** What the child may take beyond the deadline to print its last sentence and exit. */
    private static final long GRACE_MILLIS = 5_000;

    private final String self;
    private final String[] args;

    public ChildLauncher(String self, String[] args) {
        this.self = self;
        this.args = args;
    }

    /** The launcher the first JVM was started by; when it was started some other way, the work is handed over. */
    public static NewCredential fromProperties(String[] args) {
        String self = System.getProperty(LauncherProtocol.SELF_PROPERTY);
        return self == null || self.isEmpty() ? NewCredential.HAND_OVER : new ChildLauncher(self, args);
    }

    /** The first JVM leaves a case without a usable cache directory to the full JVM, which explains it. */
    @Override
    public boolean worksWithoutStore() {
        return false;
    }

    /** Runs the full JVM for the same command under our lock, with our deadline; it prints what it obtains. */
    @Override
    public Obtained obtain(CacheEntry previous, Deadline deadline) {
        return new PrintedByFullJvm(runUnderOurLock(deadline));
    }

    private int runUnderOurLock(Deadline deadline) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(self);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(LauncherProtocol.HANDED_OVER, Long.toString(deadline.epochMillis()));
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot run " + self + " (" + e.getClass().getSimpleName()
                    + "); reinstall doks-auth with install.sh");
        }
        // A signal that ends this JVM (the launcher passes INT, TERM and HUP on) ends the child too: a sign-in
        // would otherwise wait on, holding its port.
        Thread endChild = new Thread(() -> endChild(child));
        Runtime.getRuntime().addShutdownHook(endChild);
        try {
            if (child.waitFor(deadline.remaining().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                return child.exitValue();
            }
            child.destroyForcibly();
            throw DoksAuthException.failure("the process obtaining the credential did not finish within "
                    + deadline.describe());
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            return DoksAuthException.FAILURE;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(endChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    /** Asks the child to end (SIGTERM: its own shutdown runs), and waits for it a moment. */
    private static void endChild(Process child) {
        child.destroy();
        try {
            if (!child.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }
}
