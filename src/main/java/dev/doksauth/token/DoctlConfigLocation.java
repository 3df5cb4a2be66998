package dev.doksauth.token;

import java.nio.file.Path;
import java.util.Map;

/** Where doctl keeps its config file on each system, as doctl itself looks for it. */
final class DoctlConfigLocation {

    private DoctlConfigLocation() {
    }

    static Path find(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "doctl", "config.yaml");
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        // $HOME first, as Go programs (doctl among them) do; the JVM's user.home ignores it.
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        if (os.startsWith("windows") && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "doctl", "config.yaml");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "doctl", "config.yaml");
        }
        return Path.of(home, ".config", "doctl", "config.yaml");
    }
}
