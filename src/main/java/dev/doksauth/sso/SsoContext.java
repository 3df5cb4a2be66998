package dev.doksauth.sso;

import dev.doksauth.cache.CacheLocation;
import dev.doksauth.report.Verbose;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a sign-in happens: the environment, the terminal, the cache directory.
 *
 * @param err         the user's terminal (stderr): URLs, codes and waits are said there, never on stdout
 * @param in          stdin, read for a pasted redirect URL only when {@code interactive}
 * @param interactive kubectl's {@code spec.interactive} (stdin is the user's terminal), or a command the user typed
 * @param cluster     the cluster the sign-in is for, named in the sentences that say how to sign in; null if unknown
 */
public record SsoContext(Map<String, String> env, PrintStream err, InputStream in, boolean interactive,
                         Verbose verbose, Path cacheDirectory, String cluster) {

    /** A sign-in at this terminal (stdin, {@code err}), with the cache directory the environment names. */
    public static SsoContext at(Map<String, String> env, PrintStream err, boolean interactive, Verbose verbose, String cluster) {
        return new SsoContext(env, err, System.in, interactive, verbose, CacheLocation.find(env), cluster);
    }

    /** A context that can neither read the terminal nor write to it: for what only reads the cache. */
    public static SsoContext silent(Map<String, String> env, Verbose verbose, String cluster) {
        return new SsoContext(env, new PrintStream(OutputStream.nullOutputStream()), InputStream.nullInputStream(), false,
                verbose, CacheLocation.find(env), cluster);
    }

    /** What the user types to sign in for this cluster. */
    String loginCommand() {
        return "doks-auth sso login " + (cluster == null ? "CLUSTER" : cluster);
    }
}
