package dev.doksauth.cache;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where the cache lives (SPEC "The cache"). */
public final class CacheLocation {

    private CacheLocation() {
    }

    public static Path find(Map<String, String> env) {
        String explicit = env.get("DOKS_AUTH_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "doks-auth");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") && env.get("LOCALAPPDATA") != null) {
            return Path.of(env.get("LOCALAPPDATA"), "doks-auth", "cache");
        }
        // $HOME first, as Go programs do; the JVM's user.home ignores it.
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Caches", "doks-auth");
        }
        return Path.of(home, ".cache", "doks-auth");
    }
}
