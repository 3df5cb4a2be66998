package dev.doksauth.token;

import dev.doksauth.platform.UserDirectories;

import java.nio.file.Path;
import java.util.Map;

/** Where doctl keeps its config file on each system, as doctl itself looks for it. */
final class DoctlConfigLocation {

    private DoctlConfigLocation() {
    }

    static Path find(Map<String, String> env) {
        String xdg = UserDirectories.xdg(env, "XDG_CONFIG_HOME");
        if (xdg != null) {
            return Path.of(xdg, "doctl", "config.yaml");
        }
        if (UserDirectories.isWindows() && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "doctl", "config.yaml");
        }
        String home = UserDirectories.home(env);
        if (UserDirectories.isMac()) {
            return Path.of(home, "Library", "Application Support", "doctl", "config.yaml");
        }
        return Path.of(home, ".config", "doctl", "config.yaml");
    }
}
