package dev.doksauth.launcher;

import dev.doksauth.cache.CacheDirectory;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.credential.CredentialLine;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the launcher script from its template ({@code launcher.sh} beside this class) with the
 * values of {@link LauncherProtocol} and the paths of one installation, every path shell-quoted.
 * install.sh runs it:
 *
 * <pre>
 *   java -cp doks-auth.jar dev.doksauth.launcher.LauncherScript shell
 *   java -cp doks-auth.jar dev.doksauth.launcher.LauncherScript render OUTPUT JAVA CLASSPATH ARCHIVE_OPTION COMMAND
 *        first=PATH offline=PATH cache=PATH api=PATH sso=PATH full=PATH
 * </pre>
 *
 * {@code shell} prints, as sh assignments, what install.sh and bench/ must do as the launcher does: the
 * options every doks-auth JVM runs with and the first JVM's own (archives are recorded with exactly those),
 * how the first JVM is given our jar, what the full JVM has on its boot class path, the first JVM's main
 * class, and the marker of a launcher install.sh wrote.
 */
public final class LauncherScript {

    /** The first JVM has our jar on the boot class path, followed by the jar's path. */
    public static final String BOOT_CLASS_PATH_OPTION = "-Xbootclasspath/a:";

    /**
     * The options of every doks-auth JVM. The first three are the fastest start-up for a short-lived
     * process. The next three map the start-up archive at the address it was recorded for, as JDK 17-19 did by
     * default, instead of at a random one with every pointer in it rewritten (JDK 20 made that the default, for
     * address-space randomisation of the JVM's own metadata): 10 ms of a start with the 30 MB archive of the API's
     * commands, 4 ms of a cache hit's 40. The JVM still randomises the address when the recorded one is taken; and a
     * JDK that no longer knows the option ignores it instead of refusing to start. The next three keep the working
     * directory from changing what the JVM prints or does ({@code .hotspotrc}, {@code .hotspot_compiler}) and send
     * whatever the VM prints to stderr; the next two keep the JVM's own logging (archive warnings among it) off
     * stdout. The last makes reflection (Jackson's, picocli's, Fabric8's, the security providers') call through the
     * JVM instead of spinning a method handle for each member it first calls, which a process that ends within a
     * second never earns back: 26 ms of a cold credential's 420 (JEP 416 names the property).
     */
    public static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
            + " -XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
            + " -XX:+DisplayVMOutputToStderr -XX:Flags=/dev/null -XX:CompileCommandFile=/dev/null"
            + " -Xlog:disable -Xlog:all=warning:stderr -Djdk.reflect.useNativeAccessorOnly=true";

    /**
     * The first JVM's own options, after {@link #JVM_OPTIONS}: the interpreter only. A cache hit runs a few
     * milliseconds of our code once; the compiler threads that would compile its methods finish after it, and
     * meanwhile take one of a small machine's cores from it: 4 ms of a hit's 40 on 2 cores, and 2 of --version's.
     * The full JVM, whose TLS handshake and parsing run long enough to earn compiled code, keeps the compiler.
     */
    public static final String FIRST_JVM_OPTIONS = "-Xint";

    /**
     * The start-up archives install.sh records, by name: the first JVM's ({@code first}), and one for each kind of
     * command the full JVM runs (the launcher picks it by the command's first word: see launcher.sh), the last for
     * every command no other names. An AOT cache loads every class it holds at start-up, so each holds what its
     * commands use and no more.
     */
    public static final List<String> ARCHIVES = List.of("first", "offline", "cache", "api", "sso", "full");

    /**
     * One installation's paths. {@code self} is where the script itself is written; {@code archives}: the path of
     * each of {@link #ARCHIVES}.
     */
    public record Installation(Path self, String java, String classpath, String archiveOption, String command,
                               Map<String, String> archives) {
        public Installation {
            if (!archives.keySet().equals(Set.copyOf(ARCHIVES))) {
                throw new IllegalArgumentException("the launcher needs the archives " + ARCHIVES + ", not " + archives.keySet());
            }
        }
    }

    private LauncherScript() {
    }

    public static String render(Installation installation) throws IOException {
        String template;
        try (InputStream in = LauncherScript.class.getResourceAsStream("launcher.sh")) {
            if (in == null) {
                throw new IOException("the launcher template is missing from the jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("MARKER", LauncherProtocol.MARKER);
        values.put("JAVA", quote(installation.java()));
        values.put("CLASSPATH", quote(installation.classpath()));
        values.put("FULL_BOOT_CLASS_PATH", quote(fullBootClassPath()));
        for (String archive : ARCHIVES) {
            values.put(archive.toUpperCase(Locale.ROOT) + "_ARCHIVE", quote(installation.archives().get(archive)));
        }
        values.put("FIRST_JVM_COMMANDS", patterns(LauncherProtocol.FIRST_JVM_COMMANDS));
        values.put("CREDENTIAL_COMMAND", quote(LauncherProtocol.CREDENTIAL_COMMAND));
        values.put("CACHE_DIRECTORY", CacheLocation.shell("cache_dir").replace("\n", "\n        "));
        values.put("PRIVATE_DIRECTORY_MODE", CacheDirectory.PRIVATE_DIRECTORY_MODE);
        values.put("OFFLINE_COMMANDS", patterns(LauncherProtocol.OFFLINE_COMMANDS));
        values.put("CACHE_COMMANDS", patterns(LauncherProtocol.CACHE_COMMANDS));
        values.put("API_COMMANDS", patterns(LauncherProtocol.API_COMMANDS));
        values.put("SSO_OPTION", quote(CredentialLine.SSO_ISSUER_URL));
        values.put("ARCHIVE_OPTION", quote(installation.archiveOption()));
        values.put("COMMAND", quote(installation.command()));
        values.put("SELF", quote(installation.self().toString()));
        values.put("JVM_OPTIONS", quote(JVM_OPTIONS));
        values.put("FIRST_JVM_OPTIONS", quote(FIRST_JVM_OPTIONS));
        values.put("HANDED_OVER", LauncherProtocol.HANDED_OVER);
        values.put("CLIENT_PID", LauncherProtocol.CLIENT_PID);
        values.put("NOT_SERVED", Integer.toString(LauncherProtocol.NOT_SERVED));
        values.put("SELF_PROPERTY", LauncherProtocol.SELF_PROPERTY);
        values.put("COMMAND_PROPERTY", LauncherProtocol.COMMAND_PROPERTY);
        values.put("FIRST_JVM_CLASS", LauncherProtocol.FIRST_JVM_CLASS);
        values.put("BOOT_CLASS_PATH_OPTION", BOOT_CLASS_PATH_OPTION);
        values.put("FULL_JVM_CLASS", LauncherProtocol.FULL_JVM_CLASS);
        String script = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            script = script.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        if (script.contains("{{")) {
            throw new IOException("the launcher template has a placeholder nobody fills");
        }
        return script;
    }

    /**
     * What the full JVM has on its boot class path: picocli's jar, as this JVM found it through our jar's manifest
     * (install.sh runs this class from the installed jar). The build makes that jar from picocli's sources, as Java 17
     * class files (the released jar's are Java 5 ones, which no start-up archive can hold and which the JVM checks with
     * its old verifier); from the boot class path they load from the archive as the JDK's own classes do, without the
     * application class loader's calls into Java for each.
     */
    static String fullBootClassPath() {
        try {
            return Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where picocli was loaded from", e);
        }
    }

    /** What install.sh and bench/ take from here, as sh assignments (they eval it). */
    static String shell() {
        return "jvm_options=" + quote(JVM_OPTIONS) + "\n"
                + "first_jvm_options=" + quote(FIRST_JVM_OPTIONS) + "\n"
                + "boot_class_path_option=" + quote(BOOT_CLASS_PATH_OPTION) + "\n"
                + "full_boot_class_path=" + quote(fullBootClassPath()) + "\n"
                + "first_jvm_class=" + quote(LauncherProtocol.FIRST_JVM_CLASS) + "\n"
                + "marker=" + quote(LauncherProtocol.MARKER) + "\n";
    }

    /** A case pattern for sh matching exactly these words. */
    static String patterns(List<String> words) {
        return String.join("|", words.stream().map(LauncherScript::quote).toList());
    }

    /** A word for sh: single quotes, each single quote inside written as '\''. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("shell")) {
            System.out.print(shell());
            return;
        }
        Map<String, String> archives = new LinkedHashMap<>();
        for (int i = 6; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            archives.put(args[i].substring(0, Math.max(0, equals)), args[i].substring(equals + 1));
        }
        Installation installation = null;
        if (args.length == 6 + ARCHIVES.size() && args[0].equals("render")) {
            try {
                installation = new Installation(Path.of(args[1]).toAbsolutePath(), args[2], args[3], args[4], args[5], archives);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
            }
        }
        if (installation == null) {
            System.err.println("usage: LauncherScript shell | render OUTPUT JAVA CLASSPATH ARCHIVE_OPTION COMMAND "
                    + String.join(" ", ARCHIVES.stream().map(archive -> archive + "=PATH").toList()));
            System.exit(2);
        }
        Path output = installation.self();
        String script = render(installation);
        Path temporary = output.resolveSibling("." + output.getFileName() + ".new");
        Files.writeString(temporary, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(temporary, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
