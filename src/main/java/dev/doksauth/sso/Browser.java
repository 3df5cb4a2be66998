package dev.doksauth.sso;

import dev.doksauth.report.Verbose;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opens a URL in the user's browser, as other command-line programs do: {@code DOKS_AUTH_BROWSER}, else
 * {@code BROWSER} (Python's webbrowser convention: entries separated by {@code :}, {@code %s} for the URL),
 * else the platform's opener. The browser is started detached: we never wait for it, and its output goes
 * nowhere (our stdout carries the ExecCredential alone), and its environment is exactly the one given. Not {@code java.awt.Desktop}: it needs a display
 * and the desktop module, and throws when headless.
 */
final class Browser {

    private final Map<String, String> env;
    private final String os;
    private final Verbose verbose;

    Browser(Map<String, String> env, String os, Verbose verbose) {
        this.env = env;
        this.os = os.toLowerCase(Locale.ROOT);
        this.verbose = verbose;
    }

    static Browser forSystem(Map<String, String> env, Verbose verbose) {
        return new Browser(env, System.getProperty("os.name", ""), verbose);
    }

    /** The command lines to try, in order, the URL in place; empty when nothing could show a page. */
    List<List<String>> commands(String url) {
        List<List<String>> commands = new ArrayList<>();
        String configured = firstSet("DOKS_AUTH_BROWSER", "BROWSER");
        if (configured != null) {
            for (String entry : configured.split(":")) {
                List<String> words = words(entry);
                if (words.isEmpty()) {
                    continue;
                }
                if (entry.contains("%s")) {
                    words.replaceAll(word -> word.replace("%s", url));
                } else {
                    words.add(url);
                }
                commands.add(words);
            }
            return commands;
        }
        if (os.startsWith("windows")) {
            commands.add(List.of("rundll32", "url.dll,FileProtocolHandler", url));
        } else if (os.startsWith("mac")) {
            commands.add(List.of("open", url));
        } else if (isWsl()) {
            if (onPath("wslview")) {
                commands.add(List.of("wslview", url));
            }
        } else if ((isSet("DISPLAY") || isSet("WAYLAND_DISPLAY")) && onPath("xdg-open")) {
            commands.add(List.of("xdg-open", url));
        }
        return commands;
    }

    /** Whether some browser could be tried at all (the device grant is chosen where none can). */
    boolean available() {
        return !commands("http://localhost/").isEmpty();
    }

    /** Starts the first command that starts; true if one did. Never waits for it. */
    boolean open(String url) {
        for (List<String> command : commands(url)) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command);
                // The environment this command was given, as the caller passed it (without the launcher's own
                // variables), not the JVM's as inherited.
                builder.environment().clear();
                builder.environment().putAll(env);
                builder.redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.start();
                verbose.log("started the browser: " + command.get(0));
                return true;
            } catch (IOException | RuntimeException e) {
                verbose.log("cannot start " + command.get(0) + ": " + e.getMessage());
            }
        }
        return false;
    }

    /** Whether {@code PATH} (as given) holds an executable of that name. */
    private boolean onPath(String program) {
        String path = env.get("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            try {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not a path: look on
            }
        }
        return false;
    }

    private boolean isWsl() {
        if (isSet("WSL_DISTRO_NAME") || isSet("WSL_INTEROP")) {
            return true;
        }
        try {
            return Files.readString(Path.of("/proc/version")).toLowerCase(Locale.ROOT).contains("microsoft");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private File nullFile() {
        return new File(os.startsWith("windows") ? "NUL" : "/dev/null");
    }

    private String firstSet(String... names) {
        for (String name : names) {
            if (isSet(name)) {
                return env.get(name);
            }
        }
        return null;
    }

    private boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    /** A command line split as a shell would split a simple one: on blanks, with single and double quotes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
