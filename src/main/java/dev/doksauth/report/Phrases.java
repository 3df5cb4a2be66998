package dev.doksauth.report;

import java.io.IOException;

/** Outside text and exceptions turned into something safe to put in a one-line message. */
public final class Phrases {

    private Phrases() {
    }

    /** Text from outside (an argument, a file, an answer) cut to 80 printable ASCII characters. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 80; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    /** An I/O failure as a few words: its kind, and the message the JDK gives it (a path at most). */
    public static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
    }
}
