package dev.doksauth.cache;

import dev.doksauth.platform.UserDirectories;
import dev.doksauth.report.DoksAuthException;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** Where the cache lives (SPEC "The cache"). */
public final class CacheLocation {

    public static final String VARIABLE = "DOKS_AUTH_CACHE_DIR";
    private static final String XDG_VARIABLE = "XDG_CACHE_HOME";
    private static final String NAME = "doks-auth";

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
        String xdg = UserDirectories.xdg(env, XDG_VARIABLE);
        if (xdg != null) {
            return Path.of(xdg, NAME);
        }
        if (UserDirectories.isWindows() && env.get("LOCALAPPDATA") != null) {
            return Path.of(env.get("LOCALAPPDATA"), NAME, "cache");
        }
        return Path.of(UserDirectories.home(env), underHome());
    }

    /** The cache's place in the home directory on this system. */
    private static String[] underHome() {
        return UserDirectories.isMac() ? new String[] {"Library", "Caches", NAME} : new String[] {".cache", NAME};
    }

    /**
     * The same rule as {@link #find}, in sh, for the launcher (which must tell without a JVM whether the cache can
     * hold anything): it sets {@code $variable} to the directory {@code find} gives, or to nothing where the shell
     * cannot be sure of it (a relative DOKS_AUTH_CACHE_DIR, HOME not absolute, Windows), so that a wrong answer
     * here can only ever send the launcher the usual way. {@code CacheLocationShellIT} holds the two to each other.
     */
    public static String shell(String variable) {
        if (UserDirectories.isWindows()) {
            return variable + "=";
        }
        return "case ${" + VARIABLE + ":-} in\n"
                + "    /*) " + variable + "=$" + VARIABLE + " ;;\n"
                + "    *[![:space:]]*) " + variable + "= ;;\n"
                + "    *) case ${" + XDG_VARIABLE + ":-} in\n"
                + "           /*) " + variable + "=$" + XDG_VARIABLE + "/" + NAME + " ;;\n"
                + "           *) case ${HOME:-} in\n"
                + "                  /*) " + variable + "=$HOME/" + String.join("/", underHome()) + " ;;\n"
                + "                  *) " + variable + "= ;;\n"
                + "              esac ;;\n"
                + "       esac ;;\n"
                + "esac";
    }
}
