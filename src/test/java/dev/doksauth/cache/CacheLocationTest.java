package dev.doksauth.cache;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.testing.Environments;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the cache lives, on Linux (the CI's system): never relative to the working directory. */
class CacheLocationTest {

    @Test
    void theExplicitDirectoryFirst() {
        assertEquals(Path.of("/var/cache/mine"), CacheLocation.find(Environments.of("DOKS_AUTH_CACHE_DIR", "/var/cache/mine",
                "XDG_CACHE_HOME", "/xdg", "HOME", "/home/me")));
    }

    @Test
    void aRelativeExplicitDirectoryIsAUsageError() {
        for (String relative : List.of(".", "cache", "../x", "~/x", "./c", "c/../d", " /after-a-space")) {
            DoksAuthException e = assertThrows(DoksAuthException.class,
                    () -> CacheLocation.find(Environments.of("DOKS_AUTH_CACHE_DIR", relative, "HOME", "/home/me")), relative);
            assertEquals(DoksAuthException.USAGE, e.exitCode(), relative);
            assertTrue(e.getMessage().contains("DOKS_AUTH_CACHE_DIR") && e.getMessage().contains("absolute"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one sentence");
        }
    }

    @Test
    void anEmptyExplicitDirectoryIsAsNone() {
        for (String empty : List.of("", " ")) {
            assertEquals(Path.of("/home/me/.cache/doks-auth"), CacheLocation.find(Environments.of("DOKS_AUTH_CACHE_DIR", empty, "HOME", "/home/me")));
        }
    }

    @Test
    void thenXdgCacheHomeWhenItIsAbsolute() {
        assertEquals(Path.of("/xdg/doks-auth"), CacheLocation.find(Environments.of("XDG_CACHE_HOME", "/xdg", "HOME", "/home/me")));
        for (String relative : List.of(".", "cache", "../x", "~/x", "", "$HOME/.cache")) {
            Path found = CacheLocation.find(Environments.of("XDG_CACHE_HOME", relative, "HOME", "/home/me"));
            assertEquals(Path.of("/home/me/.cache/doks-auth"), found, "XDG_CACHE_HOME=" + relative + " is ignored");
        }
    }

    @Test
    void neverRelative() {
        for (String home : List.of("/home/me", "", "relative", ".")) {
            for (String xdg : List.of("/xdg", ".", "cache", "")) {
                Path found = CacheLocation.find(Environments.of("XDG_CACHE_HOME", xdg, "HOME", home));
                assertTrue(found.isAbsolute(), "HOME=" + home + " XDG_CACHE_HOME=" + xdg + ": " + found);
            }
        }
    }
}
