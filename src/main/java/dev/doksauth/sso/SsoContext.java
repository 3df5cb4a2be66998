package dev.doksauth.sso;

import dev.doksauth.report.Verbose;

import java.io.InputStream;
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

    /** What the user types to sign in for this cluster. */
    String loginCommand() {
        return "doks-auth sso login " + (cluster == null ? "CLUSTER" : cluster);
    }
}
