package dev.doksauth.token;

import dev.doksauth.report.Phrases;
import dev.doksauth.report.DoksAuthException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of doctl's {@code config.yaml} that hold tokens: {@code access-token} (the default
 * context), {@code context} (the current one) and the {@code auth-contexts} map.
 *
 * <p>doctl writes this file through viper and go-yaml: a block mapping of plain or quoted scalars.
 * It is read on every cache hit, so this is a strict reader of that shape rather than a full YAML
 * parser (Jackson's YAML stack costs tens of milliseconds to wake). Lines under keys we do not use
 * are skipped; anything we cannot read for sure in the keys we use is an error, never a guess.
 */
public record DoctlConfig(String accessToken, String currentContext, Map<String, String> authContexts) {

    static final long MAX_SIZE = 1 << 20;
    private static final String AUTH_CONTEXTS = "auth-contexts";

    /** Reads the file, or returns null when it does not exist. */
    public static DoctlConfig readIfExists(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw unreadable(file, "it is larger than 1 MiB");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw unreadable(file, Phrases.describe(e));
        }
        return parse(file, text);
    }

    static DoctlConfig parse(Path file, String text) {
        String accessToken = null;
        String currentContext = null;
        Map<String, String> authContexts = new LinkedHashMap<>();
        String section = null;      // the top-level key whose indented lines follow
        int childIndent = -1;       // the indentation of auth-contexts' entries
        List<String> lines = lines(text);
        for (int n = 0; n < lines.size(); n++) {
            String line = n == 0 && lines.get(n).startsWith("\uFEFF") ? lines.get(n).substring(1) : lines.get(n);
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#") || (n == 0 && content.equals("---"))) {
                continue;
            }
            int indent = indentation(line);
            if (indent < 0) {
                throw unreadable(file, "line " + (n + 1) + " is indented with a tab");
            }
            if (indent > 0) {
                if (!AUTH_CONTEXTS.equals(section)) {
                    continue; // part of a key we do not use
                }
                if (childIndent < 0) {
                    childIndent = indent;
                } else if (indent != childIndent) {
                    throw unreadable(file, "line " + (n + 1) + " is not a 'context: token' entry of auth-contexts");
                }
                String[] entry = keyValue(file, content, n);
                if (entry[1] != null) {
                    authContexts.put(entry[0], entry[1]);
                }
                continue;
            }
            String[] entry = keyValue(file, content, n);
            section = entry[0];
            childIndent = -1;
            switch (entry[0]) {
                case "access-token":
                    accessToken = entry[1];
                    break;
                case "context":
                    currentContext = entry[1];
                    break;
                case AUTH_CONTEXTS:
                    if (entry[1] != null && !entry[1].equals("{}")) {
                        throw unreadable(file, "auth-contexts on line " + (n + 1) + " is not a block mapping");
                    }
                    break;
                default:
                    break;
            }
        }
        return new DoctlConfig(accessToken, currentContext, authContexts);
    }

    /** The file's lines without their ends; by hand, as {@code split} would wake java.util.regex. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.substring(start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    /** Spaces before the first character, or -1 when a tab comes first. */
    private static int indentation(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                return -1;
            }
            if (c != ' ') {
                return i;
            }
        }
        return line.length();
    }

    /** Splits {@code key: value}; the value is null when empty or YAML null. */
    private static String[] keyValue(Path file, String content, int lineIndex) {
        Scalar key = scalar(file, content, 0, true, lineIndex);
        int colon = key.end;
        if (colon >= content.length() || content.charAt(colon) != ':'
                || (colon + 1 < content.length() && content.charAt(colon + 1) != ' ')) {
            throw unreadable(file, "line " + (lineIndex + 1) + " is not a 'key: value' line");
        }
        int start = colon + 1;
        while (start < content.length() && content.charAt(start) == ' ') {
            start++;
        }
        if (start >= content.length() || content.charAt(start) == '#') {
            return new String[] {key.text, null};
        }
        Scalar value = scalar(file, content, start, false, lineIndex);
        String rest = content.substring(value.end).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw unreadable(file, "line " + (lineIndex + 1) + " has text after its value");
        }
        boolean isNull = !value.quoted && (value.text.equals("~") || value.text.equals("null"));
        return new String[] {key.text, isNull ? null : value.text};
    }

    private record Scalar(String text, int end, boolean quoted) {
    }

    private static Scalar scalar(Path file, String s, int start, boolean isKey, int lineIndex) {
        char first = s.charAt(start);
        if (first == '\'') {
            StringBuilder out = new StringBuilder();
            for (int i = start + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\'') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                        out.append('\'');
                        i++;
                        continue;
                    }
                    return new Scalar(out.toString(), i + 1, true);
                }
                out.append(c);
            }
            throw unreadable(file, "line " + (lineIndex + 1) + " has an unclosed quote");
        }
        if (first == '"') {
            StringBuilder out = new StringBuilder();
            for (int i = start + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    return new Scalar(out.toString(), i + 1, true);
                }
                if (c == '\\' && i + 1 < s.length()) {
                    char e = s.charAt(++i);
                    switch (e) {
                        case 'n': out.append('\n'); break;
                        case 't': out.append('\t'); break;
                        case '"': out.append('"'); break;
                        case '\\': out.append('\\'); break;
                        case '/': out.append('/'); break;
                        default: throw unreadable(file, "line " + (lineIndex + 1) + " has an escape we do not read");
                    }
                    continue;
                }
                out.append(c);
            }
            throw unreadable(file, "line " + (lineIndex + 1) + " has an unclosed quote");
        }
        if ("[{&*!|>%@`".indexOf(first) >= 0 && !(s.startsWith("{}", start) && !isKey)) {
            throw unreadable(file, "line " + (lineIndex + 1) + " uses YAML we do not read here");
        }
        int end = start;
        while (end < s.length()) {
            char c = s.charAt(end);
            if (isKey && c == ':' && (end + 1 == s.length() || s.charAt(end + 1) == ' ')) {
                break;
            }
            if (!isKey && c == '#' && s.charAt(end - 1) == ' ') {
                break;
            }
            end++;
        }
        return new Scalar(s.substring(start, end).strip(), end, false);
    }

    private static DoksAuthException unreadable(Path file, String why) {
        return DoksAuthException.failure("cannot read doctl's config file " + file + ": " + why);
    }
}
