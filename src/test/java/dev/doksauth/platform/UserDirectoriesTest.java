package dev.doksauth.platform;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UserDirectoriesTest {

    private static Map<String, String> env(String name, String value) {
        Map<String, String> env = new HashMap<>();
        env.put(name, value);
        return env;
    }

    @Test
    void anAbsoluteXdgDirectoryIsUsed() {
        assertEquals("/home/me/.my-cache", UserDirectories.xdg(env("XDG_CACHE_HOME", "/home/me/.my-cache"), "XDG_CACHE_HOME"));
        assertEquals("/", UserDirectories.xdg(env("XDG_CONFIG_HOME", "/"), "XDG_CONFIG_HOME"));
    }

    @Test
    void aRelativeEmptyOrMissingXdgDirectoryIsIgnored() {
        // The XDG Base Directory specification: "If an implementation encounters a relative path in any of
        // these variables it should consider the path invalid and ignore it."
        for (String value : List.of(".", "cache", "../x", "~/x", "./", "x/../y", "$HOME/x", " /after-a-space", "", " ", "\t")) {
            assertNull(UserDirectories.xdg(env("XDG_CACHE_HOME", value), "XDG_CACHE_HOME"), "'" + value + "'");
            assertNull(UserDirectories.xdg(env("XDG_CONFIG_HOME", value), "XDG_CONFIG_HOME"), "'" + value + "'");
        }
        assertNull(UserDirectories.xdg(Map.of(), "XDG_CACHE_HOME"));
        assertNull(UserDirectories.xdg(env("XDG_CONFIG_HOME", "/elsewhere"), "XDG_CACHE_HOME"), "another variable's value");
    }

    @Test
    void homeIsHomeUnlessItIsNotAnAbsolutePath() {
        assertEquals("/home/me", UserDirectories.home(env("HOME", "/home/me")));
        String passwd = System.getProperty("user.home");
        for (String value : List.of("", ".", "me", "~", "../me")) {
            assertEquals(passwd, UserDirectories.home(env("HOME", value)), "'" + value + "'");
        }
        assertEquals(passwd, UserDirectories.home(Map.of()));
    }
}
