package dev.doksauth.sso;

import dev.doksauth.cache.CredentialCache;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Remembers, beside an identity's cache entry, that a sign-in ended without a code (nobody finished it), so
 * that background callers (IDEs, dashboards) fail at once for a while instead of opening a browser tab each
 * (kubelogin's issues 904 and 1330). Cleared by a successful sign-in and by {@code sso login}.
 */
final class AbandonedSignIns {

    static final Duration QUIET_PERIOD = Duration.ofMinutes(5);

    private final Path directory;
    private final Path marker;

    /** @param stem the identity's cache file name without extension */
    AbandonedSignIns(Path directory, String stem) {
        this.directory = directory;
        this.marker = directory.resolve(stem + ".abandoned");
    }

    /** Seconds since a sign-in was abandoned within the quiet period, or -1. */
    long secondsSinceAbandoned(long nowEpochSecond) {
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return -1;
        }
        try (FileInputStream in = new FileInputStream(marker.toFile())) {
            long at = Long.parseLong(new String(in.readNBytes(32), StandardCharsets.US_ASCII).strip());
            long since = nowEpochSecond - at;
            return since >= 0 && since < QUIET_PERIOD.toSeconds() ? since : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Notes an abandoned sign-in: a private file, written atomically, never through a link. Best effort. */
    void note(long nowEpochSecond) {
        Path temporary = directory.resolve("." + marker.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            new CredentialCache(directory).createDirectory();
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileAttribute<?>[] attributes = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(temporary, options, attributes)) {
                channel.write(ByteBuffer.wrap(Long.toString(nowEpochSecond).getBytes(StandardCharsets.US_ASCII)));
            }
            Files.move(temporary, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // without the marker, background callers try a sign-in again: worse, not wrong
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            // an old marker lapses by itself after the quiet period
        }
    }
}
