package dev.doksauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The symbolic links a test planted are its own to remove: left in a {@code @TempDir}, JUnit's clean-up warns
 * about each one that points outside it ("Deleting symbolic link ...") and a passing build gets noisy.
 */
public final class Links {

    private Links() {
    }

    /** Deletes every symbolic link under {@code dir} (never what one points to); nothing when it is gone. */
    public static void removeAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isSymbolicLink).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
