package dev.doksauth.testing;

import dev.doksauth.launcher.LauncherProtocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which classes the launcher's first JVM loads, from the JVM's own class-loading log. */
public final class ClassLoadLog {

    /** What must never load on a cache hit: each costs tens of milliseconds on every kubectl command. */
    public static final List<String> FORBIDDEN = List.of("picocli.", "com.fasterxml.jackson.databind.", "io.fabric8.",
            "java.net.http.HttpClient", "jdk.internal.net.http.", "com.nimbusds.");

    /** The exit code of {@link #loggingLauncher}'s copy where the launcher would run the full JVM. */
    public static final int HANDED_OVER = 97;

    private ClassLoadLog() {
    }

    /**
     * A copy of {@code launcher} (at {@code copy}) whose first JVM also writes its class-loading log, and the
     * methods it compiles, to {@code log}, and which exits {@value #HANDED_OVER} instead of running the full JVM: a
     * hit the first JVM handed over (for instance after a class it could not load) would otherwise pass, served by
     * the full JVM.
     */
    public static Path loggingLauncher(Path launcher, Path log, Path copy) throws Exception {
        String script = Files.readString(launcher);
        String firstJvm = LauncherProtocol.FIRST_JVM_CLASS;
        String logged = script.replace(" " + firstJvm + " ",
                        " -Xlog:class+load=info,jit+compilation=debug:file='" + log + "' " + firstJvm + " ")
                .replaceFirst("(?m)^exec \"\\$@\"$", "echo 'the first JVM handed the hit over' >&2; exit " + HANDED_OVER);
        assertFalse(logged.equals(script), "the launcher names " + firstJvm);
        assertTrue(logged.contains("exit " + HANDED_OVER), "the launcher ends by running the full JVM");
        Files.writeString(copy, logged);
        assertTrue(copy.toFile().setExecutable(true));
        return copy;
    }

    /** What a command that makes no request must not load: TLS, HTTP, trust stores, OIDC. */
    public static final List<String> NETWORK = List.of("javax.net.ssl.", "sun.security.ssl.", "sun.security.x509.",
            "sun.security.provider.certpath.", "sun.net.www.protocol.http.", "sun.net.www.protocol.https.", "java.net.http.",
            "jdk.internal.net.http.", "com.nimbusds.");

    /**
     * A copy of {@code launcher} (at {@code copy}) whose every JVM writes its class-loading log to {@code log}
     * (the first JVM and the full JVM alike: whichever ran last leaves its log, unless {@code log} names {@code %p},
     * which each JVM replaces with its process ID).
     */
    public static Path launcherLoggingEveryJvm(Path launcher, Path log, Path copy) throws Exception {
        String script = Files.readString(launcher);
        String logged = script.replace("\"$java\" $jvm_options", "\"$java\" $jvm_options -Xlog:class+load=info:file='" + log + "'");
        assertFalse(logged.equals(script), "the launcher runs \"$java\" $jvm_options");
        Files.writeString(copy, logged);
        assertTrue(copy.toFile().setExecutable(true));
        return copy;
    }

    /** Every class-loading log in {@code directory} (one a JVM, with {@code %p} in the name given the launcher). */
    public static List<String> logs(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> logs = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                logs.add(Files.readString(file));
            }
            return logs;
        }
    }

    /** What a command that never reads a kubeconfig must not load: YAML, Fabric8's model. */
    public static final List<String> KUBECONFIG = List.of("org.yaml.snakeyaml.", "io.fabric8.");

    /** Fails if the log shows a class of {@code forbidden}, or shows no class at all. */
    public static void assertNone(List<String> forbidden, String classes, String command) {
        assertTrue(classes.contains("java.lang.Object "), "the log of " + command + " is a class-loading log");
        for (String prefix : forbidden) {
            assertFalse(classes.contains(" " + prefix), command + " loaded " + prefix + "*: "
                    + classes.lines().filter(l -> l.contains(" " + prefix)).findFirst().orElse(""));
        }
    }

    /**
     * Fails unless the first JVM ran from its start-up archive, loaded none of the heavy libraries and compiled
     * nothing (see {@code LauncherScript.FIRST_JVM_OPTIONS}).
     */
    public static void assertAFastHit(String classes) {
        assertTrue(classes.contains(LauncherProtocol.FIRST_JVM_CLASS + " source: shared objects file"),
                "the first JVM ran from its start-up archive:\n" + classes.lines().filter(l -> l.contains("dev.doksauth")).toList());
        assertNoHeavyLibrary(classes);
        // The interpreter still makes the stubs of a few native methods, which the log lists "(native)".
        List<String> compiled = classes.lines().filter(l -> l.contains("[jit,compilation]") && !l.contains("(native)")).toList();
        assertTrue(compiled.isEmpty(), "the first JVM compiled methods: " + compiled);
    }

    /** Fails unless the log shows classes of the package {@code prefix}, every one of them from the start-up archive. */
    public static void assertFromTheArchive(String prefix, String classes) {
        assertTrue(classes.contains(" " + prefix), "the log shows " + prefix + "*");
        List<String> outside = classes.lines().filter(l -> l.contains(" " + prefix) && !l.contains("source: shared objects file"))
                .toList();
        assertTrue(outside.isEmpty(), outside.size() + " classes of " + prefix + "* from outside the archive: "
                + outside.stream().limit(3).toList());
    }

    /** Fails unless the first JVM ran from its start-up archive and loaded nothing of the runtime from outside it. */
    public static void assertOnlyOursOutsideTheArchive(String classes) {
        assertTrue(classes.contains(LauncherProtocol.FIRST_JVM_CLASS + " source: shared objects file"),
                "the first JVM ran from its start-up archive");
        List<String> runtime = classes.lines().filter(l -> l.contains(" source: jrt:/")).toList();
        assertTrue(runtime.isEmpty(), "loaded from the runtime, outside the archive: " + runtime);
    }

    /** Fails if the log is not a cache hit's, or if it loaded one of the heavy libraries. */
    public static void assertNoHeavyLibrary(String classes) {
        assertTrue(classes.contains("dev.doksauth.cache.CredentialCache"), "the log is the hit's");
        for (String prefix : FORBIDDEN) {
            assertFalse(classes.contains(" " + prefix), prefix + " was loaded on the cache-hit path");
        }
    }
}
