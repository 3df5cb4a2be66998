package dev.doksauth.launcher;

import java.util.List;

/**
 * Everything the launcher script and the two JVMs it runs agree on, in one place. The script is
 * rendered from {@code launcher.sh} beside this class by {@link LauncherScript}, which fills in these
 * values, so the script and the Java code cannot drift apart.
 *
 * <p>The corridor: kubectl runs the launcher; the launcher runs the <em>first JVM</em>
 * ({@link FirstJvm}, a small start-up archive) which serves a fresh cached credential, or waits for
 * another process's fetch, or hands over. A hand-over happens two ways: before it has waited for
 * anything, the first JVM exits {@link #NOT_SERVED} having printed nothing and the launcher execs
 * the full JVM; when a fetch is needed, the first JVM takes the key's lock and runs this version's
 * launcher again as a child with {@link #HANDED_OVER} set to the command's deadline, so that the
 * child goes straight to the full JVM, fetches under the parent's lock, and keeps the parent's
 * deadline. A credential whose cache directory is not there yet skips the first JVM: the launcher
 * makes the directory and runs the full JVM alone, which takes the lock itself.
 */
public final class LauncherProtocol {

    /** Exit code of the first JVM: "not served, nothing printed, nothing waited for: run the full JVM". */
    public static final int NOT_SERVED = 3;

    /** The launcher's parent process (kubectl), set by the launcher; a number. */
    public static final String CLIENT_PID = "DOKS_AUTH_CLIENT_PID";

    /**
     * Set by the first JVM for the child launcher it runs while it holds the key's lock: the
     * command's deadline in epoch milliseconds. The child skips the first JVM, does not take the
     * lock, and gives up at that deadline.
     */
    public static final String HANDED_OVER = "DOKS_AUTH_HANDED_OVER";

    /** Every environment variable of the protocol: meant for the launcher and its JVMs, never for what they start. */
    public static final java.util.List<String> VARIABLES = java.util.List.of(CLIENT_PID, HANDED_OVER);

    /**
     * The environment for a program doks-auth starts (the browser): this one without the protocol's variables,
     * so that nothing it runs skips the lock or claims kubectl as its parent.
     */
    public static java.util.Map<String, String> withoutProtocolVariables(java.util.Map<String, String> env) {
        java.util.Map<String, String> clean = new java.util.HashMap<>(env);
        clean.keySet().removeAll(VARIABLES);
        return java.util.Collections.unmodifiableMap(clean);
    }

    /** System property: the stable path kubeconfig entries name ({@code PREFIX/bin/doks-auth}). */
    public static final String COMMAND_PROPERTY = "doksauth.launcher";

    /** System property: this version's own launcher script, which the first JVM runs as its child. */
    public static final String SELF_PROPERTY = "doksauth.self";

    /** The first JVM's main class (recorded into its own small archive by install.sh). */
    public static final String FIRST_JVM_CLASS = "dev.doksauth.launcher.FirstJvm";

    /** The command kubectl runs: the one the cache serves. */
    public static final String CREDENTIAL_COMMAND = "credential";

    /**
     * The first arguments the launcher runs the first JVM for: it serves {@code credential} and prints the version.
     * (Not a credential whose cache directory does not exist: the cache can serve nothing then.)
     */
    public static final List<String> FIRST_JVM_COMMANDS = List.of(CREDENTIAL_COMMAND, "--version", "-V");

    /** The options that print the version (picocli's standard ones). */
    public static final List<String> VERSION_OPTIONS = List.of("--version", "-V");

    /**
     * The first arguments of the commands that make no request (and none at all): their full JVM runs with the
     * offline archive, which holds nothing of TLS or HTTP.
     */
    public static final List<String> OFFLINE_COMMANDS = List.of("", "help", "--help", "-h", "completion");

    /**
     * The cache's commands, which make no request either but read the entries with Jackson: an archive of their
     * own, so that the offline one need not hold Jackson for help and completion.
     */
    public static final List<String> CACHE_COMMANDS = List.of("cache");

    /**
     * The first arguments of the commands that reach the API and never the kubeconfig (the handed-over child
     * among them): their full JVM runs with the API archive, which holds nothing of YAML, Fabric8 or OpenID
     * Connect (a single sign-on credential runs with an archive of its own, which holds the last).
     */
    public static final List<String> API_COMMANDS = List.of(CREDENTIAL_COMMAND, "clusters");

    /** The full JVM's main class. */
    public static final String FULL_JVM_CLASS = "dev.doksauth.Main";

    /** Marks a launcher written by install.sh; uninstall removes only such a file. */
    public static final String MARKER = "# doks-auth launcher, written by install.sh";

    private LauncherProtocol() {
    }
}
