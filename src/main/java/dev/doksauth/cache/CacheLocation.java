package dev.doksauth.cache;

import dev.doksauth.platform.UserDirectories;
import dev.doksauth.report.DoksAuthException;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** Where the cache lives (SPEC "The cache"). */
public final class CacheLocation {

    public static final String VARIABLE = "DOKS_AUTH_CACHE_DIR";

    private CacheLocation() {
    }

    /** @throws DoksAuthException (usage) when DOKS_AUTH_CACHE_DIR is relative: it would follow kubectl's working directory */
    public static Path find(Map<String, String> env) {
        String explicit = env.get(VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            if (!new File(explicit).isAbsolute()) {
                throw DoksAuthException.usage(VARIABLE + " must be an absolute path; a relative one would put "
                        + "credentials into whatever directory kubectl runs in");
            }
            return Path.of(explicit);
        }
        String xdg = UserDirectories.xdg(env, "XDG_CACHE_HOME");
        if (xdg != null) {
            return Path.of(xdg, "doks-auth");
        }
        if (UserDirectories.isWindows() && env.get("LOCALAPPDATA") != null) {
            return Path.of(env.get("LOCALAPPDATA"), "doks-auth", "cache");
        }
        String home = UserDirectories.home(env);
        if (UserDirectories.isMac()) {
            return Path.of(home, "Library", "Caches", "doks-auth");
        }
        return Path.of(home, ".cache", "doks-auth");
    }
}
