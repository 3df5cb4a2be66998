package dev.doksauth.cache;

import dev.doksauth.credential.Deadline;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A key's cross-process lock, held: writers of one key serialise on its lock file, so that processes
 * started together make one API call (or one sign-in) between them. Released when closed or when the
 * process dies. While it is held, the lock file names the holder's PID, for the messages of those who wait.
 */
public final class CacheLock implements CredentialStore.Held {

    private final FileChannel channel;

    private CacheLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock of the key with file stem {@code stem}, waiting at most until the deadline. */
    static CacheLock take(CacheDirectory directory, String stem, Deadline deadline, Duration noticeAfter,
                          CredentialStore.WaitNotice notice) throws IOException, LockTimeoutException {
        String name = CacheFileName.lock(stem);
        FileChannel channel = directory.openLockFile(name);
        long started = System.nanoTime();
        boolean noticed = notice == null;
        try {
            while (true) {
                FileLock held = tryLock(channel);
                if (held != null) {
                    byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(pid), 0);
                    return new CacheLock(channel);
                }
                long left = deadline.remaining().toNanos();
                if (left <= 0) {
                    throw new LockTimeoutException(holder(directory, name), Duration.ofNanos(System.nanoTime() - started));
                }
                if (!noticed && System.nanoTime() - started >= noticeAfter.toNanos()) {
                    noticed = true;
                    notice.waiting(holder(directory, name), Duration.ofNanos(left));
                }
                // Poll: FileChannel.lock() cannot be given a time limit.
                Thread.sleep(Math.min(Duration.ofNanos(left).toMillis() + 1, ThreadLocalRandom.current().nextLong(5, 25)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new LockTimeoutException(null, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException | RuntimeException | LockTimeoutException e) {
            channel.close();
            throw e;
        }
    }

    /** The lock, or null while another process, or another thread of this one, holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** The process that holds a lock, for the sentences of those who wait: "another doks-auth process (PID 42)". */
    public static String holder(String holderPid) {
        return "another doks-auth process" + (holderPid == null ? "" : " (PID " + holderPid + ")");
    }

    /** The PID the holder wrote into the lock file, or null. */
    private static String holder(CacheDirectory directory, String name) {
        try (FileInputStream in = new FileInputStream(directory.path().resolve(name).toFile())) {
            String pid = new String(in.readNBytes(20), StandardCharsets.US_ASCII).strip();
            return !pid.isEmpty() && pid.chars().allMatch(c -> c >= '0' && c <= '9') ? pid : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Releases the lock by closing its channel. Never throws: the kernel drops the lock with the
     * descriptor whatever close reports, and a failure here must not undo what was done under it
     * (the first JVM would take "the child served the credential" for "not served" and print twice).
     */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is gone either way, and the lock with it
        }
    }
}
