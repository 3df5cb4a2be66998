package dev.doksauth.platform;

import java.io.File;
import java.util.Locale;
import java.util.Map;

/** The user's home and XDG base directories, read from the environment as Go programs (doctl) read them. */
public final class UserDirectories {

    private static final String OS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);

    private UserDirectories() {
    }

    public static boolean isWindows() {
        return OS.startsWith("windows");
    }

    public static boolean isMac() {
        return OS.startsWith("mac");
    }

    /**
     * An XDG base directory variable ({@code XDG_CACHE_HOME}, {@code XDG_CONFIG_HOME}), or null when
     * it is unset, empty or relative: the XDG specification says a relative path is invalid and must
     * be ignored (one would put credentials into whatever directory kubectl runs in).
     */
    public static String xdg(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value != null && !value.isBlank() && new File(value).isAbsolute() ? value : null;
    }

    /** {@code $HOME} first, as Go programs do (the JVM's user.home ignores it), unless it is not an absolute path. */
    public static String home(Map<String, String> env) {
        String home = env.get("HOME");
        return home != null && new File(home).isAbsolute() ? home : System.getProperty("user.home");
    }
}
