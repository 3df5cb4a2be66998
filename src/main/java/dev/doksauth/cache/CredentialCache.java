package dev.doksauth.cache;

import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.json.JsonException;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The on-disk credential cache: one JSON file per {@link CacheKey} in a private directory.
 *
 * <p>Readers take no lock: entries are replaced by rename, so a reader sees a whole old entry or a
 * whole new one. Writers of one key serialise on a separate {@code .lock} file (locking the entry
 * itself breaks atomic replacement) and look again once they hold it, so that processes started
 * together make one API call (or one sign-in) between them. An entry that cannot be read is a miss.
 *
 * <p>Every file is made 0600 whatever the umask, by a process that owns the 0700 directory, and is
 * never written through a symbolic link: new files get fresh names in that directory (which nobody
 * else can write to) and are renamed into place, and whatever is not a regular file where an entry, a
 * record or a lock belongs is removed.
 */
public final class CredentialCache {

    /** Larger than any answer the API client accepts, so that whatever is written is read back. */
    static final long MAX_ENTRY_SIZE = 8L * 1024 * 1024;
    /** Every Unix JDK has the POSIX attribute view; asking FileSystems costs start-up time. */
    private static final boolean POSIX = File.separatorChar == '/';
    // Not EnumSets: the first EnumSet of a type finds the enum's constants by reflection, half a
    // millisecond of every cache hit; for the same reason the hit reads modes as numbers (the "unix" view).
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> PRIVATE_FILE =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** File types and permission bits in a Unix mode (stat(2)). */
    private static final int TYPE_BITS = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR_FILE = 0100000;
    private static final int PERMISSION_BITS = 0777;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    /** Records of which credential each client was served: this many per key, chosen by the client's PID. */
    private static final int SERVED_SLOTS = 64;
    private static final int MAX_RECORD_SIZE = 4096;

    private final Path dir;

    public CredentialCache(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /**
     * The entry stored for {@code key}, or null when there is none or it cannot be used.
     *
     * @throws DoksAuthException when the directory is unsafe (see {@link #checkDirectory()})
     */
    public CacheEntry read(CacheKey key) {
        if (!checkDirectory()) {
            return null;
        }
        Path entry = dir.resolve(key.fileStem() + ".json");
        try {
            if (POSIX) {
                Map<String, Object> attributes = Files.readAttributes(entry, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) attributes.get("mode");
                // Only a private regular file: anything else was not written by us. Its owner needs no
                // look-up: in a directory of ours closed to others, only we or root can place a file.
                if ((mode & TYPE_BITS) != REGULAR_FILE || (mode & PERMISSION_BITS) != 0600
                        || (Long) attributes.get("size") > MAX_ENTRY_SIZE) {
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
     * @return false when it does not exist (yet), or cannot be looked at
     * @throws DoksAuthException when it is writable by group or others, or owned by someone else
     */
    public boolean checkDirectory() {
        if (!POSIX) {
            return Files.isDirectory(dir);
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(dir, "unix:mode,owner");
        } catch (IOException e) {
            // Missing, or cannot be (a file in its path, a parent we may not enter): no entries; creating
            // it fails, and a credential is still served, with a warning.
            return false;
        }
        int mode = (Integer) attributes.get("mode");
        if ((mode & TYPE_BITS) != DIRECTORY) {
            throw DoksAuthException.failure("the cache directory " + dir + " is not a directory");
        }
        String owner = ((UserPrincipal) attributes.get("owner")).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw DoksAuthException.failure("the cache directory " + dir + " belongs to " + owner
                    + ", not to you; remove it or set DOKS_AUTH_CACHE_DIR");
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
            throw DoksAuthException.failure("the cache directory " + dir + " is writable by others ("
                    + permissionString(mode) + "); run 'chmod 700 " + dir + "'");
        }
        return true;
    }

    /** "rwxrwxr-x", as ls shows the permission bits of a mode. */
    private static String permissionString(int mode) {
        StringBuilder text = new StringBuilder(9);
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) == 0 ? '-' : "rwx".charAt(2 - bit % 3));
        }
        return text.toString();
    }

    /**
     * The {@code obtainedAt} of the credential last served to {@code client} (an identity of the
     * client process, see {@code launcher.ClientProcess}) for this key, or -1. A slot holding
     * another client, or that cannot be read, counts as no record.
     *
     * @param clientPid chooses the slot, so that clients running at once rarely share one
     */
    public long servedTo(CacheKey key, String clientPid, String client) {
        File slot = servedSlot(key, clientPid);
        if (!slot.isFile()) {
            return -1; // the usual case: a new kubectl process (no exception: it costs start-up time)
        }
        try (FileInputStream in = new FileInputStream(slot)) {
            String record = new String(in.readNBytes(MAX_RECORD_SIZE), StandardCharsets.UTF_8);
            int space = record.indexOf(' ');
            return space > 0 && record.substring(space + 1).equals(client) ? Long.parseLong(record.substring(0, space)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Notes that the credential obtained at {@code obtainedAt} was served to {@code client}; best effort. */
    public void recordServed(CacheKey key, String clientPid, String client, long obtainedAt) {
        File slot = servedSlot(key, clientPid);
        // Written on every hit kubectl makes, so: java.io rather than an NIO channel (its first use loads
        // libnet and dozens of classes). A fresh file, created exclusively (never an existing file or a
        // symbolic link) in our private directory, named by the client and the time in nanoseconds (clients
        // sharing a slot do not collide), made 0600 whatever the umask before it is opened for writing, then
        // renamed over the slot (a rename replaces a symbolic link; it never writes through it).
        File temporary = new File(slot.getPath() + "." + clientPid + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        boolean created = false;
        try {
            created = temporary.createNewFile();
            if (!created) {
                return; // the name is taken: a record is best effort
            }
            makePrivate(temporary.toPath());
            try (FileOutputStream out = new FileOutputStream(temporary)) {
                out.write((obtainedAt + " " + client).getBytes(StandardCharsets.UTF_8));
            }
            if (!temporary.renameTo(slot)) {
                removeNonRegular(slot.toPath());
            }
        } catch (IOException e) {
            // without the record, a rejected credential is noticed one command later
        } finally {
            if (created && temporary.exists()) {
                temporary.delete();
            }
        }
    }

    private File servedSlot(CacheKey key, String clientPid) {
        return new File(dir.toFile(), key.fileStem() + ".served-" + Long.parseLong(clientPid) % SERVED_SLOTS);
    }

    /** Stores the entry atomically: a temporary file in the same directory, then a rename. */
    public void write(CacheKey key, CacheEntry entry) throws IOException {
        createDirectory();
        byte[] bytes = CacheEntryJson.write(key, entry).getBytes(StandardCharsets.UTF_8);
        Path target = dir.resolve(key.fileStem() + ".json");
        // Not Files.createTempFile: its SecureRandom costs start-up time, and CREATE_NEW in our private
        // directory gives the same guarantee of a file nobody else holds.
        Path temporary = dir.resolve("." + key.fileStem() + "." + Long.toHexString(System.nanoTime())
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".tmp");
        try {
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try (FileChannel channel = FileChannel.open(temporary, options, privateFile())) {
                makePrivate(temporary);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            removeNonRegular(target); // a directory there would refuse the rename for ever
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates the directory 0700 if it is missing, then checks it. */
    public void createDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                createPrivateParents(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(dir)) {
                        throw e; // a file in the way
                    } // else another process made it a moment ago
                }
                // The umask may have taken bits away or the directory may have existed a moment ago.
                Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
            } else {
                Files.createDirectories(dir);
            }
        }
        checkDirectory();
    }

    /**
     * Creates the missing directories of {@code directory} 0700 each, as the XDG specification asks of
     * the base directories: not with the umask's bits, which may even take the owner's write or search
     * bit away (umask 277) and so refuse the directory below. Directories that exist are left alone.
     */
    private static void createPrivateParents(Path directory) throws IOException {
        if (directory == null || Files.isDirectory(directory)) {
            return;
        }
        createPrivateParents(directory.getParent());
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
            Files.setPosixFilePermissions(directory, PRIVATE_DIRECTORY);
        } catch (FileAlreadyExistsException e) {
            // made by another process a moment ago, or a file in the way: creating the cache directory says which
        }
    }

    /**
     * Takes the cross-process lock of {@code key}, waiting at most until the deadline. The lock is
     * released when the returned handle is closed or the process dies. While it is held, the lock
     * file names the holder's PID, for the messages of those who wait.
     */
    public Lock lock(CacheKey key, Deadline deadline) throws IOException, LockTimeoutException {
        return lock(key, deadline, Duration.ZERO, null);
    }

    /** Told once, when a wait for the lock has lasted long enough to mention, which process holds it. */
    @FunctionalInterface
    public interface WaitNotice {
        void waiting(String holderPid, Duration left);
    }

    /** {@link #lock(CacheKey, Deadline)}, telling {@code notice} (if not null) once the wait has lasted {@code noticeAfter}. */
    public Lock lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice)
            throws IOException, LockTimeoutException {
        createDirectory();
        Path lockFile = dir.resolve(key.fileStem() + ".lock");
        FileChannel channel = openLockFile(lockFile);
        long started = System.nanoTime();
        boolean noticed = notice == null;
        try {
            while (true) {
                FileLock held = tryLock(channel);
                if (held != null) {
                    byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(pid), 0);
                    return new Lock(channel);
                }
                long left = deadline.remaining().toNanos();
                if (left <= 0) {
                    throw new LockTimeoutException(holder(lockFile), Duration.ofNanos(System.nanoTime() - started));
                }
                if (!noticed && System.nanoTime() - started >= noticeAfter.toNanos()) {
                    noticed = true;
                    notice.waiting(holder(lockFile), Duration.ofNanos(left));
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

    /** The PID the holder wrote into the lock file, or null. */
    private static String holder(Path lockFile) {
        try (FileInputStream in = new FileInputStream(lockFile.toFile())) {
            String pid = new String(in.readNBytes(20), StandardCharsets.US_ASCII).strip();
            return !pid.isEmpty() && pid.chars().allMatch(c -> c >= '0' && c <= '9') ? pid : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Opens the lock file; whatever is there that is not a regular file of its own (a directory, a FIFO, a
     * symbolic link, a hard link to a file elsewhere, which the PID written below would overwrite) is removed first.
     */
    private static FileChannel openLockFile(Path lockFile) throws IOException {
        removeNonRegular(lockFile);
        if (POSIX && hardLinked(lockFile)) {
            Files.deleteIfExists(lockFile);
        }
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = FileChannel.open(lockFile, options, privateFile());
        try {
            makePrivate(lockFile);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** Whether the regular file at {@code path} has other names: it is then a file elsewhere, not ours alone. */
    private static boolean hardLinked(Path path) throws IOException {
        try {
            return ((Number) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() > 1;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Removes what is at {@code path} unless it is a regular file (a link is removed, not followed). */
    static void removeNonRegular(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attributes.isRegularFile()) {
            return;
        }
        if (attributes.isDirectory()) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        removeNonRegular(child);
                    } else {
                        Files.deleteIfExists(child);
                    }
                }
            }
        }
        Files.deleteIfExists(path);
    }

    /** 0600 whatever the umask left of the mode asked for at creation. */
    private static void makePrivate(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PRIVATE_FILE);
        }
    }

    /** A held lock; closing it releases the lock. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
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

    /** Thrown when another process holds a key's lock until the deadline. */
    public static final class LockTimeoutException extends Exception {
        private final String holderPid;
        private final Duration waited;

        LockTimeoutException(String holderPid, Duration waited) {
            super("timed out waiting for the cache lock");
            this.holderPid = holderPid;
            this.waited = waited;
        }

        /** The PID of the process that held the lock, or null if it could not be told. */
        public String holderPid() {
            return holderPid;
        }

        /** How long this process actually waited. */
        public Duration waited() {
            return waited;
        }
    }

    /**
     * What an entry says about itself: its key (but the token's hash) and its credential.
     *
     * @param clusterId the cluster, or {@value CacheKey#SSO_PREFIX} for a sign-on identity
     * @param context   the doctl context or token variable, or the sign-on client ID
     * @param apiUrl    the API base URL, or the issuer URL
     */
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
                        entries.add(CacheEntryJson.readListed(Files.readString(file, StandardCharsets.UTF_8)));
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

    /**
     * Removes the entry of one key, leaving every other identity's entries of the same cluster.
     *
     * @return whether there was one
     */
    public boolean remove(CacheKey key) throws IOException {
        return checkDirectory() && Files.deleteIfExists(dir.resolve(key.fileStem() + ".json"));
    }

    private static FileAttribute<?>[] privateFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)} : new FileAttribute<?>[0];
    }
}
