package dev.doksauth.kubeconfig;

import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One kubeconfig file: read into a {@link KubeconfigDocument}, written back atomically with its owner, group and
 * mode, under the {@code FILE.lock} that client-go and kubectl take.
 */
final class KubeconfigFile {

    /** kubectl reads larger files; no kubeconfig a person keeps comes near this, and it bounds our memory. */
    static final long MAX_SIZE = 16L << 20;

    /**
     * Files this process created and must not leave behind (locks, temporary files), with the identity of the
     * file it created: at exit, even on SIGINT or SIGTERM, a path is deleted only while it is still that file.
     */
    private static final Map<Path, Object> TO_CLEAN_UP = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TO_CLEAN_UP.forEach(KubeconfigFile::deleteIfOurs),
                "doks-auth kubeconfig clean-up"));
    }

    private KubeconfigFile() {
    }

    /** The file's content; an empty kubeconfig when the file does not exist or holds nothing. */
    static KubeconfigDocument read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_SIZE + 1);
        } catch (NoSuchFileException e) {
            return KubeconfigDocument.empty();
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot read the kubeconfig " + file + ": " + Phrases.describe(e));
        }
        if (bytes.length > MAX_SIZE) {
            throw DoksAuthException.failure("the kubeconfig " + file + " is larger than " + (MAX_SIZE >> 20)
                    + " MiB, the most doks-auth edits; it was left as it is");
        }
        try {
            return KubeconfigDocument.of(KubeconfigYaml.parse(bytes));
        } catch (KubeconfigYaml.Refusal refusal) {
            // No cause attached: the YAML library's messages quote the file, which holds secrets.
            throw DoksAuthException.failure("the kubeconfig " + file + " " + refusal.getMessage()
                    + "; it was left as it is");
        }
    }

    /** How many comments the file holds; 0 when it cannot be read (read() says why). */
    static int comments(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return KubeconfigYaml.comments(in.readNBytes((int) MAX_SIZE + 1));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Replaces the file atomically: a temporary file beside it, then a rename. A symbolic link (or a chain of them)
     * is written through as kubectl does: the link stays a link and the file it ends at, existing or not yet, gets
     * the content, so a kubeconfig kept elsewhere (a dotfiles repository) stays where it is. A new file is 0600; an existing one
     * keeps its owner, group and mode, or is left as it is when they cannot be kept (root's {@code kubectl} keeps
     * another user's file theirs, and so do we).
     */
    static void write(Path file, KubeconfigDocument document) {
        byte[] bytes;
        try {
            bytes = document.render().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw DoksAuthException.failure("cannot write the kubeconfig " + file + " as YAML kubectl reads the same; "
                    + "it was left as it was");
        }
        Path temporary = null;
        try {
            Path target = linkTarget(file);
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes original = exists
                    ? Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
            temporary = dir.resolve("." + target.getFileName() + ".doks-auth-" + Long.toHexString(System.nanoTime())
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                remember(temporary);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (original != null) {
                keepOwnership(file, temporary, original);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot write the kubeconfig " + file + " (" + Phrases.describe(e)
                    + "); it was left as it was");
        } finally {
            if (temporary != null) {
                forget(temporary);
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a hidden temporary file beside the kubeconfig; nothing reads it
                }
            }
        }
    }

    /** Most links a path may go through, as Linux's {@code ELOOP} limit. */
    private static final int MAX_LINKS = 40;

    /**
     * The file a write goes to: the path itself, or the end of its chain of symbolic links, whether that end
     * exists yet or not (kubectl writes through a link to a file it then creates).
     */
    static Path linkTarget(Path file) throws IOException {
        Path path = file.toAbsolutePath();
        for (int links = 0; Files.isSymbolicLink(path); links++) {
            if (links == MAX_LINKS) {
                throw new java.nio.file.FileSystemException(file.toString(), null, "too many levels of symbolic links");
            }
            path = path.getParent().resolve(Files.readSymbolicLink(path));
        }
        Path dir = path.getParent();
        // The directory as it really is, so the temporary file and the rename are in the target's own directory.
        return Files.isDirectory(dir) ? dir.toRealPath().resolve(path.getFileName()) : path.normalize();
    }

    private static void keepOwnership(Path file, Path temporary, PosixFileAttributes original) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes now = view.readAttributes();
        try {
            if (!now.owner().equals(original.owner())) {
                view.setOwner(original.owner());
            }
            if (!now.group().equals(original.group())) {
                view.setGroup(original.group());
            }
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot keep the owner and group of the kubeconfig " + file + " ("
                    + original.owner().getName() + ":" + original.group().getName() + ") in a rewritten file; it was left "
                    + "as it is (run as its owner)");
        }
        // After the owner: changing it may clear set-id bits.
        view.setPermissions(original.permissions());
    }

    /**
     * Holds {@code FILE.lock}, created exclusively as client-go does, while the body runs; the lock goes on
     * every exit, signals included.
     *
     * @param createDirectory whether a missing directory may be created (a command that only edits existing
     *                        files creates nothing)
     */
    static <T> T locked(Path file, boolean createDirectory, Deadline deadline, IoBody<T> body) {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        if (createDirectory) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw DoksAuthException.failure("cannot create the directory of " + file + ": " + Phrases.describe(e));
            }
        }
        while (true) {
            try {
                Files.createFile(lock);
                remember(lock);
                break;
            } catch (FileAlreadyExistsException e) {
                if (deadline.passed()) {
                    throw DoksAuthException.failure(lock + " has been there for " + deadline.budget().toSeconds()
                            + " s: if no kubectl or doks-auth is writing " + file + ", delete it");
                }
                pause();
            } catch (IOException e) {
                throw DoksAuthException.failure("cannot lock " + file + " (" + Phrases.describe(e) + ")");
            }
        }
        try {
            return body.run();
        } finally {
            Object identity = TO_CLEAN_UP.remove(lock);
            deleteIfOurs(lock, identity);
        }
    }

    /** A step that runs under the lock. */
    @FunctionalInterface
    interface IoBody<T> {
        T run();
    }

    private static void remember(Path path) throws IOException {
        TO_CLEAN_UP.put(path, identity(path));
    }

    private static void forget(Path path) {
        TO_CLEAN_UP.remove(path);
    }

    private static Object identity(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object key = attributes.fileKey();
        return key != null ? key : attributes.creationTime();
    }

    private static void deleteIfOurs(Path path, Object identity) {
        try {
            if (identity != null && Objects.equals(identity(path), identity)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // gone already, or not ours to delete: kubectl names a lock it cannot take
        }
    }

    private static void pause() {
        try {
            // Another writer holds it for the few milliseconds of a read-modify-write.
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DoksAuthException.failure("interrupted while waiting for a kubeconfig lock");
        }
    }
}
