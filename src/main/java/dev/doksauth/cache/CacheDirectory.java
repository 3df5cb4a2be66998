package dev.doksauth.cache;

import dev.doksauth.report.DoksAuthException;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cache's file layer, which every file in the cache goes through: the private directory (0700, ours,
 * closed to others), private reads (a regular 0600 file or nothing), atomic private writes (0600 whatever
 * the umask, a fresh file renamed into place, never through a link) and the lock files. Names come from
 * {@link CacheFileName}.
 *
 * <p>The cache hit goes through here: java.io and the "unix" attribute view, already loaded at JVM
 * start, rather than NIO channels (dozens of classes) or EnumSets (reflection on first use).
 */
public final class CacheDirectory {

    /** Every Unix JDK has the POSIX attribute view; asking FileSystems costs start-up time. */
    private static final boolean POSIX = File.separatorChar == '/';
    // Not EnumSets: the first EnumSet of a type finds the enum's constants by reflection.
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    /** The same, as the launcher's mkdir -m takes it (the launcher makes a cache directory that is not there yet). */
    public static final String PRIVATE_DIRECTORY_MODE = "700";
    private static final Set<PosixFilePermission> PRIVATE_FILE =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** File types and permission bits in a Unix mode (stat(2)). */
    private static final int TYPE_BITS = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR_FILE = 0100000;
    private static final int PERMISSION_BITS = 0777;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    /** Tries at a free temporary name before a write gives up. */
    private static final int TEMPORARY_NAME_TRIES = 8;

    private final Path dir;

    public CacheDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /**
     * Checks that the directory, if it exists, is ours and closed to others.
     *
     * @return false when it does not exist (yet), or cannot be looked at
     * @throws DoksAuthException when it is writable by group or others, or owned by someone else
     */
    public boolean check() {
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

    /** Creates the directory 0700 if it is missing, then checks it. */
    public void create() throws IOException {
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
        check();
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
     * The content of the file {@code name}, or null when there is none, it is larger than {@code maxSize},
     * or it is not a private regular file (anything else was not written by us; its owner needs no look-up:
     * in a directory of ours closed to others, only we or root can place a file).
     */
    public byte[] readPrivate(String name, long maxSize) {
        File file = new File(dir.toFile(), name);
        if (!file.isFile()) {
            return null; // the usual case for a record or marker: no exception, which costs start-up time
        }
        try {
            if (POSIX) {
                Map<String, Object> attributes = Files.readAttributes(file.toPath(), "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) attributes.get("mode");
                if ((mode & TYPE_BITS) != REGULAR_FILE || (mode & PERMISSION_BITS) != 0600
                        || (Long) attributes.get("size") > maxSize) {
                    return null;
                }
            } else if (!Files.isRegularFile(file.toPath(), LinkOption.NOFOLLOW_LINKS) || file.length() > maxSize) {
                return null;
            }
            try (FileInputStream in = new FileInputStream(file)) {
                return in.readNBytes((int) maxSize);
            }
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile, or unreadable: as if missing
        }
    }

    /** {@link #readPrivate} as UTF-8 text, or null. */
    public String readPrivateText(String name, long maxSize) {
        byte[] bytes = readPrivate(name, maxSize);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code bytes} to the file {@code name} atomically (the directory must exist: see {@link #create()}): a fresh file,
     * created exclusively (never an existing file or a symbolic link) in our private directory, made 0600
     * whatever the umask before it is opened for writing, then renamed over {@code name} (a rename replaces
     * a symbolic link; it never writes through it). Readers see the whole old file or the whole new one.
     *
     * @param durable whether to wait for the disk (a credential entry), or not (a record or marker, best effort)
     */
    public void writeAtomically(String name, byte[] bytes, boolean durable) throws IOException {
        File target = new File(dir.toFile(), name);
        File temporary = null;
        // Not Files.createTempFile: its SecureRandom costs start-up time; the time in nanoseconds makes the
        // name unique among the writers of this directory all but always, and a taken name is tried again.
        for (int i = 0; i < TEMPORARY_NAME_TRIES && temporary == null; i++) {
            File candidate = new File(dir.toFile(), CacheFileName.temporary(name, Long.toHexString(System.nanoTime())));
            if (candidate.createNewFile()) {
                temporary = candidate;
            }
        }
        if (temporary == null) {
            throw new FileAlreadyExistsException(target.getPath(), null, "no free temporary name");
        }
        try {
            makePrivate(temporary.toPath());
            try (FileOutputStream out = new FileOutputStream(temporary)) {
                out.write(bytes);
                if (durable) {
                    out.getFD().sync();
                }
            }
            if (!temporary.renameTo(target)) {
                removeNonRegular(target.toPath()); // a directory there would refuse the rename for ever
                if (!temporary.renameTo(target)) {
                    throw new IOException("cannot rename a new file to " + target);
                }
            }
        } finally {
            if (temporary.exists()) {
                temporary.delete();
            }
        }
    }

    /**
     * Opens the lock file {@code name} for writing, creating it 0600 if missing; whatever is there that is
     * not a regular file of its own (a directory, a FIFO, a symbolic link, a hard link to a file elsewhere,
     * which a holder's PID would overwrite) is removed first. Lock files are locked in place, not replaced.
     */
    FileChannel openLockFile(String name) throws IOException {
        create();
        Path lockFile = dir.resolve(name);
        removeNonRegular(lockFile);
        if (POSIX && hardLinked(lockFile)) {
            Files.deleteIfExists(lockFile);
        }
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileAttribute<?>[] privateFile = POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)}
                : new FileAttribute<?>[0];
        FileChannel channel = FileChannel.open(lockFile, options, privateFile);
        try {
            makePrivate(lockFile);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** Removes the file {@code name}; @return whether there was one */
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(dir.resolve(name));
    }

    /** The names of the files in the directory (none when it does not exist). */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!check()) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                names.add(file.getFileName().toString());
            }
        }
        return names;
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
}
