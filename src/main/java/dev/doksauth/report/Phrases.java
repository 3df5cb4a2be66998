package dev.doksauth.report;

import java.io.IOException;

/**
 * Outside text and exceptions turned into something safe to put in a one-line message or on a terminal.
 *
 * <p>{@link #printable} is the one sanitiser: every value from outside (an argument, a file, an API answer:
 * cluster names, regions, IDs, error messages, request ids) goes through it before it reaches a terminal.
 */
public final class Phrases {

    /** The length a value is cut to in a message. */
    public static final int MESSAGE_LENGTH = 80;

    private Phrases() {
    }

    /** Text from outside, safe for a terminal and cut to {@value #MESSAGE_LENGTH} characters. */
    public static String printable(String value) {
        return printable(value, MESSAGE_LENGTH);
    }

    /**
     * Text from outside, safe for a terminal: every character that could move the cursor, start an escape
     * sequence, change the text's direction or break the line (C0 and C1 controls, DEL, bidi overrides and
     * isolates, line and paragraph separators, other invisible format characters, lone surrogates) becomes
     * {@code ?}, so that ESC [ 2 J shows as {@code ?[2J}. A value longer than {@code max} is cut, and ends
     * with {@code ...}. Printable non-ASCII letters stay.
     */
    public static String printable(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max + 3));
        int i = 0;
        while (i < value.length()) {
            if (out.length() >= max) {
                return out.append("...").toString();
            }
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            out.appendCodePoint(isSafe(c) ? c : '?');
        }
        return out.toString();
    }

    /** Whether a terminal shows the character as itself, moving one way, changing nothing else. */
    static boolean isSafe(int c) {
        if (c >= 0x20 && c < 0x7f) {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL:              // C0, DEL, C1 (CSI is U+009B)
            case Character.FORMAT:               // bidi overrides and isolates, zero-width characters, U+061C
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:            // a lone half of a pair
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }

    /**
     * An I/O failure as a few words: its kind, and the message the JDK gives it (a path at most). Reading a
     * directory as a file, which the JDK reports as a bare "IO (Is a directory)", is said in words.
     */
    public static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs ? fs.getReason() : e.getMessage();
        if ("Is a directory".equals(reason)) {
            return "it is a directory, not a file";
        }
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + " (" + printable(e.getMessage(), 300) + ")";
    }
}
