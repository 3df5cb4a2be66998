package dev.doksauth.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Looks for secrets where none may be: file names anywhere, and file contents outside the cache entries. */
public final class Secrets {

    private Secrets() {
    }

    /** {@link #assertNoneIn}, then the links the test planted go ({@link Links#removeAll}), whatever it found. */
    public static void assertNoneInThenRemoveLinks(Path dir, String... secrets) throws Exception {
        try {
            assertNoneIn(dir, secrets);
        } finally {
            Links.removeAll(dir);
        }
    }

    public static void assertNoneIn(Path dir, String... secrets) throws Exception {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                for (String secret : secrets) {
                    assertFalse(file.toString().contains(secret), "a file name holds a secret: " + file);
                }
                boolean cacheEntry = file.getFileName().toString().endsWith(".json") && file.getParent().getFileName().toString().contains("cache");
                if (Files.isRegularFile(file) && !Files.isSymbolicLink(file) && !cacheEntry && Files.size(file) < (8 << 20)) {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        assertFalse(text.contains(secret), file + " holds a secret");
                    }
                }
            }
        }
    }
}
