package dev.doksauth.cli;

import dev.doksauth.report.Phrases;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** How the command line explains itself: usage errors as one sentence with a suggestion, and help that fits 80 columns. */
final class Usage {

    /** Help is laid out for this many columns, whatever the terminal. */
    static final int WIDTH = 80;

    private Usage() {
    }

    /** The same help layout for every command, nested ones included. */
    static void configure(CommandLine cli) {
        cli.setUsageHelpWidth(WIDTH);
        cli.setUsageHelpLongOptionsMaxWidth(28);
    }

    /** A command that only groups others, run alone: which commands it has. */
    static ParameterException commandNeeded(CommandSpec spec) {
        return new ParameterException(spec.commandLine(), "'" + spec.qualifiedName() + "' needs a command: "
                + or(commandNames(spec)));
    }

    /** One sentence for a usage error, naming what was not understood and, for a typo, what was probably meant. */
    static String describe(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String command = spec.qualifiedName();
        String seeHelp = " (see '" + command + " --help')";
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().get(0);
            String what;
            if (argument.startsWith("-") && !argument.equals("-")) {
                what = "unknown option '" + Phrases.printable(argument) + "'";
            } else if (!commandNames(spec).isEmpty()) {
                what = "unknown command '" + Phrases.printable(argument) + "'";
            } else {
                what = "unexpected argument '" + Phrases.printable(argument) + "'";
            }
            if (!spec.equals(spec.root()) || argument.startsWith("-")) {
                what += " for '" + command + "'";
            }
            List<String> suggestions = suggestions(unmatched, argument);
            if (suggestions.isEmpty()) {
                return what + seeHelp;
            }
            return what + "; did you mean " + or(quoted(suggestions)) + "?";
        }
        String message = e.getMessage() == null ? "the command line is not understood" : Phrases.printable(e.getMessage(), 300);
        return Character.toLowerCase(message.charAt(0)) + message.substring(1) + seeHelp;
    }

    /**
     * The closest of picocli's matches: those fewest edits away from what was typed (a typo means one thing), and
     * only when that is close enough to be a typo: a word that shares nothing with a name gets no suggestion.
     */
    private static List<String> suggestions(UnmatchedArgumentException unmatched, String argument) {
        String typed = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
        List<String> closest = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        for (String suggestion : new LinkedHashSet<>(unmatched.getSuggestions())) {
            if (suggestion.equals(typed) || typed.startsWith("-") != suggestion.startsWith("-")) {
                continue;
            }
            int distance = edits(typed, suggestion);
            if (distance > maxTypoEdits(typed)) {
                continue;
            }
            if (distance < best) {
                closest.clear();
                best = distance;
            }
            if (distance == best) {
                closest.add(suggestion);
            }
        }
        return closest;
    }

    /** Two edits, or a third of what was typed when longer: a swapped pair is a typo, another word is not. */
    static int maxTypoEdits(String typed) {
        return Math.max(2, typed.replaceFirst("^-+", "").length() / 3);
    }

    /** Levenshtein distance. */
    static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<String> commandNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (CommandLine sub : new LinkedHashSet<>(spec.subcommands().values())) {
            if (!sub.getCommandSpec().helpCommand() && !sub.getCommandSpec().usageMessage().hidden()) {
                names.add(sub.getCommandName());
            }
        }
        return names;
    }

    private static List<String> quoted(List<String> words) {
        return words.stream().map(w -> "'" + w + "'").toList();
    }

    /** "a", "a or b", "a, b or c". */
    private static String or(List<String> words) {
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
