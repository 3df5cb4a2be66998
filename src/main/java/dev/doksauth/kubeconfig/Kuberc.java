package dev.doksauth.kubeconfig;

import dev.doksauth.platform.UserDirectories;
import dev.doksauth.report.Phrases;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kubectl's credential plugin policy (kubectl 1.35+, {@code kuberc}): whether kubectl would run a plugin command.
 *
 * <p>The file is {@code KUBERC}, else {@code ~/.kube/kuberc}; there is none with {@code KUBERC=off} or
 * {@code KUBECTL_KUBERC=false}. {@code credentialPluginPolicy} is {@code AllowAll} (also when empty or absent),
 * {@code DenyAll} or {@code Allowlist}; {@code credentialPluginAllowlist} entries name a plugin by {@code name}
 * (1.35) or {@code command} (1.36): a base name, looked up in PATH, or an absolute path; no globs. kubectl
 * compares the paths the entry and the kubeconfig's command resolve to. kubectl's own {@code --kuberc} flag
 * cannot be seen from here.
 */
public final class Kuberc {

    static final long MAX_SIZE = 1L << 20;

    /** What kubectl would do with a command. */
    public enum Outcome {
        /** No policy, AllowAll, or an allow-list entry that names the command. */
        ADMITS,
        /** DenyAll, or an allow-list without the command. */
        REFUSES,
        /** kubectl itself cannot use the file (not YAML, an unknown policy, Allowlist with no entries). */
        BROKEN
    }

    /**
     * @param file     the kuberc read, or null when there is none
     * @param sentence what the policy says, for the user (no "doks-auth: " prefix)
     * @param snippet  the kuberc lines that would admit the command, or null when nothing needs adding
     */
    public record Verdict(Outcome outcome, Path file, String sentence, String snippet) {

        /** The sentence, and the lines to add where there are some: what {@code kubeconfig save} warns with. */
        public String advice() {
            return sentence + (snippet == null ? "" : "; to let kubectl run it, put these lines into " + file + ":\n"
                    + snippet.indent(4).stripTrailing());
        }
    }

    private Kuberc() {
    }

    /** The kuberc kubectl reads, or null when kuberc is turned off. */
    public static Path location(Map<String, String> env) {
        if ("false".equalsIgnoreCase(env.get("KUBECTL_KUBERC"))) {
            return null;
        }
        String named = env.get("KUBERC");
        if ("off".equals(named)) {
            return null;
        }
        try {
            return named != null && !named.isEmpty() ? Path.of(named).toAbsolutePath()
                    : Path.of(UserDirectories.home(env), ".kube", "kuberc");
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Whether kubectl, with this environment's kuberc and PATH, would run {@code command}. */
    public static Verdict judge(String command, Map<String, String> env) {
        Path file = location(env);
        if (file == null) {
            return new Verdict(Outcome.ADMITS, null, "kuberc is turned off (KUBERC=off or KUBECTL_KUBERC=false)", null);
        }
        Object document;
        try {
            if (Files.size(file) > MAX_SIZE) {
                return broken(file, "is larger than " + (MAX_SIZE >> 20) + " MiB");
            }
            // Plain maps, lists and scalars only (SafeConstructor): nothing in the file can choose a type.
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (NoSuchFileException e) {
            return new Verdict(Outcome.ADMITS, null, "no kuberc at " + file + ": kubectl runs every credential plugin", null);
        } catch (IOException e) {
            return broken(file, "cannot be read (" + Phrases.describe(e) + ")");
        } catch (YAMLException e) {
            return broken(file, "is not YAML");
        }
        if (document == null) {
            return admitsAll(file);
        }
        if (!(document instanceof Map<?, ?> preference)) {
            return broken(file, "is not a YAML mapping");
        }
        Object policy = preference.get("credentialPluginPolicy");
        if (policy == null || "".equals(policy) || "AllowAll".equals(policy)) {
            return admitsAll(file);
        }
        String snippet = snippet(command, !"Allowlist".equals(policy));
        if ("DenyAll".equals(policy)) {
            return new Verdict(Outcome.REFUSES, file, "kuberc " + file + " sets credentialPluginPolicy: DenyAll, so kubectl "
                    + "runs no credential plugin, " + Phrases.printable(command) + " included", snippet);
        }
        if (!"Allowlist".equals(policy)) {
            return broken(file, "sets credentialPluginPolicy to '" + Phrases.printable(String.valueOf(policy))
                    + "', which is not AllowAll, DenyAll or Allowlist");
        }
        List<String> entries = new ArrayList<>();
        if (preference.get("credentialPluginAllowlist") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> entry) {
                    Object name = entry.get("command") != null ? entry.get("command") : entry.get("name");
                    if (name instanceof String text && !text.isEmpty()) {
                        entries.add(text);
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            return new Verdict(Outcome.BROKEN, file, "kuberc " + file + " sets credentialPluginPolicy: Allowlist with no "
                    + "entries in credentialPluginAllowlist, which kubectl refuses", snippet(command, false));
        }
        Path resolved = lookPath(command, env);
        for (String entry : entries) {
            Path allowed = lookPath(entry, env);
            if (allowed != null && allowed.equals(resolved)) {
                return new Verdict(Outcome.ADMITS, file, "kuberc " + file + " allows " + Phrases.printable(command)
                        + " (credentialPluginAllowlist entry " + Phrases.printable(entry) + ")", null);
            }
        }
        return new Verdict(Outcome.REFUSES, file, "kuberc " + file + " sets credentialPluginPolicy: Allowlist and no "
                + "credentialPluginAllowlist entry names " + Phrases.printable(command)
                + (resolved == null ? " (which is not found)" : ""), snippet);
    }

    private static Verdict admitsAll(Path file) {
        return new Verdict(Outcome.ADMITS, file, "kuberc " + file + " lets kubectl run every credential plugin", null);
    }

    private static Verdict broken(Path file, String what) {
        return new Verdict(Outcome.BROKEN, file, "kuberc " + file + " " + what + ", and kubectl fails on it", null);
    }

    /**
     * The lines that admit {@code command}: the allow-list entry, with the policy line when the policy is to change.
     * {@code name} is what kubectl 1.35 reads; 1.36 reads it too (and {@code command}).
     */
    private static String snippet(String command, boolean withPolicy) {
        return (withPolicy ? "credentialPluginPolicy: Allowlist\n" : "")
                + "credentialPluginAllowlist:\n  - name: " + Phrases.printable(command, 1000) + "\n";
    }

    /**
     * The file a command names, as Go's exec.LookPath finds it: a path (with a separator) as it is, a base name
     * through PATH (executable regular files only); null when none is found.
     */
    public static Path lookPath(String command, Map<String, String> env) {
        try {
            if (command.indexOf('/') >= 0 || command.indexOf(File.separatorChar) >= 0) {
                return Path.of(command).toAbsolutePath().normalize();
            }
            String path = env.get("PATH");
            if (path == null) {
                return null;
            }
            for (String directory : path.split(File.pathSeparator)) {
                if (directory.isEmpty()) {
                    continue; // Go refuses what the current directory would give
                }
                Path candidate = Path.of(directory, command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath().normalize();
                }
            }
        } catch (InvalidPathException e) {
            return null;
        }
        return null;
    }
}
