package dev.doksauth.cache;

import dev.doksauth.report.Phrases;
import dev.doksauth.credential.Credential;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.json.JsonException;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The on-disk credential cache: one JSON file per {@link CacheKey} in a private directory.
 *
 * <p>Readers take no lock: entries are replaced by rename, so a reader sees a whole old entry or a
 * whole new one. Writers of one key serialise on a separate {@code .lock} file (locking the entry
 * itself breaks atomic replacement) and look again once they hold it, so that processes started
 * together make one API call between them. An entry that cannot be read is a miss.
 */
public final class CredentialCache {

    private static final long MAX_ENTRY_SIZE = 64 * 1024;
    /** Every Unix JDK has the POSIX attribute view; asking FileSystems costs start-up time. */
    private static final boolean POSIX = File.separatorChar == '/';
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> PRIVATE_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path dir;

    public CredentialCache(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /**
     * The credential stored for {@code key}, or null when there is none or it cannot be used.
     *
     * @throws DoksAuthException when the directory is unsafe (see {@link #checkDirectory()})
     */
    public Credential read(CacheKey key) {
        if (!checkDirectory()) {
            return null;
        }
        Path entry = dir.resolve(key.fileStem() + ".json");
        try {
            if (POSIX) {
                PosixFileAttributes attributes = Files.readAttributes(entry, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                // Only a private regular file: anything else was not written by us. Its owner needs no
                // look-up: in a directory of ours closed to others, only we or root can place a file.
                if (!attributes.isRegularFile() || !attributes.permissions().equals(PRIVATE_FILE)
                        || attributes.size() > MAX_ENTRY_SIZE) {
                    return null;
                }
            } else if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) || Files.size(entry) > MAX_ENTRY_SIZE) {
                return null;
            }
            // FileInputStream, loaded at JVM start, rather than an NIO channel and its dozens of classes.
            try (FileInputStream in = new FileInputStream(entry.toFile())) {
                return CacheEntryJson.read(new String(in.readNBytes((int) MAX_ENTRY_SIZE), StandardCharsets.UTF_8), key);
            }
        } catch (IOException | JsonException e) {
            return null; // missing, unreadable, truncated, of another format: a miss, replaced by the next fetch
        }
    }

    /**
     * Checks that the directory, if it exists, is ours and closed to others.
     *
     * @return false when it does not exist yet
     * @throws DoksAuthException when it is writable by group or others, or owned by someone else
     */
    public boolean checkDirectory() {
        if (!POSIX) {
            return Files.isDirectory(dir);
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot use the cache directory " + dir + ": " + Phrases.describe(e));
        }
        if (!attributes.isDirectory()) {
            throw DoksAuthException.failure("the cache directory " + dir + " is not a directory");
        }
        if (!isOurs(attributes)) {
            throw DoksAuthException.failure("the cache directory " + dir + " belongs to "
                    + attributes.owner().getName() + ", not to you; remove it or set DOKS_AUTH_CACHE_DIR");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw DoksAuthException.failure("the cache directory " + dir + " is writable by others ("
                    + PosixFilePermissions.toString(permissions) + "); run 'chmod 700 " + dir + "'");
        }
        return true;
    }

    private static boolean isOurs(PosixFileAttributes attributes) {
        return attributes.owner().getName().equals(System.getProperty("user.name"));
    }

    /**
     * The {@code obtainedAt} of the credential last served to client process {@code clientPid} for
     * this key, or -1. Records live in 64 slots per key chosen by the PID, so that clients running at
     * once rarely share one and the files stay few; a slot holding another PID, or that cannot be
     * read, counts as no record.
     */
    public long servedTo(CacheKey key, String clientPid) {
        File slot = servedSlot(key, clientPid).toFile();
        if (!slot.isFile()) {
            return -1; // the usual case: a new kubectl process (no exception: it costs start-up time)
        }
        try (FileInputStream in = new FileInputStream(slot)) {
            String[] record = new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip().split(" ");
            return record.length == 2 && record[0].equals(clientPid) ? Long.parseLong(record[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Notes that the credential obtained at {@code obtainedAt} was served to {@code clientPid}; best effort. */
    public void recordServed(CacheKey key, String clientPid, long obtainedAt) {
        try (FileOutputStream out = new FileOutputStream(servedSlot(key, clientPid).toFile())) {
            out.write((clientPid + " " + obtainedAt).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // without the record, a rejected credential is noticed one command later
        }
    }

    private Path servedSlot(CacheKey key, String clientPid) {
        return dir.resolve(key.fileStem() + ".served-" + Long.parseLong(clientPid) % 64);
    }

    /** Stores the credential atomically: a temporary file in the same directory, then a rename. */
    public void write(CacheKey key, Credential credential) throws IOException {
        createDirectory();
        byte[] bytes = CacheEntryJson.write(key, credential).getBytes(StandardCharsets.UTF_8);
        // Not Files.createTempFile: its SecureRandom costs start-up time, and CREATE_NEW in our private
        // directory gives the same guarantee of a file nobody else holds.
        Path temporary = dir.resolve("." + key.fileStem() + "." + Long.toHexString(System.nanoTime())
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".tmp");
        try {
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try (FileChannel channel = FileChannel.open(temporary, options, privateFile())) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, dir.resolve(key.fileStem() + ".json"),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates the directory 0700 if it is missing, then checks it. */
    public void createDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
                // The umask may have taken bits away or the directory may have existed a moment ago.
                Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
            } else {
                Files.createDirectories(dir);
            }
        }
        checkDirectory();
    }

    /**
     * Takes the cross-process lock of {@code key}, waiting at most {@code maxWait}.
     * The lock is released when the returned handle is closed or the process dies.
     */
    public Lock lock(CacheKey key, Duration maxWait) throws IOException, LockTimeoutException {
        createDirectory();
        Path lockFile = dir.resolve(key.fileStem() + ".lock");
        FileChannel channel = openLockFile(lockFile);
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (true) {
                if (channel.tryLock() != null) {
                    return new Lock(channel);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LockTimeoutException();
                }
                // Poll: FileChannel.lock() cannot be given a time limit.
                Thread.sleep(Math.min(Duration.ofNanos(left).toMillis() + 1, ThreadLocalRandom.current().nextLong(5, 25)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new LockTimeoutException();
        } catch (IOException | RuntimeException | LockTimeoutException e) {
            channel.close();
            throw e;
        }
    }

    private static FileChannel openLockFile(Path lockFile) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return FileChannel.open(lockFile, options, privateFile());
    }

    /** A held lock; closing it releases the lock. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            channel.close(); // releases the lock with it
        }
    }

    /** Thrown when another process holds a key's lock for longer than we may wait. */
    public static final class LockTimeoutException extends Exception {
        LockTimeoutException() {
            super("timed out waiting for the cache lock");
        }
    }

    /** What an entry says about itself: its key (but the token's hash) and its credential. */
    public record ListedEntry(String clusterId, String context, String apiUrl, long expirySeconds, Credential credential) {
    }

    public List<ListedEntry> list() throws IOException {
        List<ListedEntry> entries = new ArrayList<>();
        if (!checkDirectory()) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) <= MAX_ENTRY_SIZE) {
                        entries.add(CacheEntryJson.readEntry(Files.readString(file, StandardCharsets.UTF_8)));
                    }
                } catch (IOException | JsonException e) {
                    // not an entry we can read: the next fetch replaces it
                }
            }
        }
        entries.sort((a, b) -> a.clusterId().compareTo(b.clusterId()));
        return entries;
    }

    /**
     * Removes the entries of the given clusters, or every entry when {@code clusterIds} is empty.
     *
     * @return how many entries were removed
     */
    public int clear(List<String> clusterIds) throws IOException {
        if (!checkDirectory()) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean ours = name.endsWith(".json") || name.endsWith(".lock") || name.endsWith(".tmp")
                        || name.contains(".served-");
                boolean selected = clusterIds.isEmpty() || clusterIds.stream().anyMatch(
                        id -> name.startsWith(id + "-") || name.startsWith("." + id + "-"));
                if (ours && selected && Files.deleteIfExists(file) && name.endsWith(".json")) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static FileAttribute<?>[] privateFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)} : new FileAttribute<?>[0];
    }
}
