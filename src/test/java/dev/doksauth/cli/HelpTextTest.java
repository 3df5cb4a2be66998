package dev.doksauth.cli;

import dev.doksauth.report.Verbose;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's --help at 80 columns: no line longer, and no word of any description cut in two. */
class HelpTextTest {

    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    static List<CommandLine> everyCommand() {
        CommandLine root = Cli.commandLine(Map.of(), DISCARD, DISCARD, Verbose.off());
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
            collect(sub, all);
        }
    }

    @Test
    void everyHelpFitsEightyColumnsAndCutsNoWord() {
        List<String> problems = new ArrayList<>();
        for (CommandLine command : everyCommand()) {
            String name = command.getCommandSpec().qualifiedName();
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> lines = help.lines().toList();
            for (String line : lines) {
                if (line.length() > Usage.WIDTH) {
                    problems.add(name + ": longer than " + Usage.WIDTH + ": " + line);
                }
            }
            for (String word : words(command.getCommandSpec())) {
                if (lines.stream().noneMatch(line -> containsWord(line, word))) {
                    problems.add(name + ": '" + word + "' is cut across lines");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Every word the help prints from a description: the command's, its options', its subcommands' and its footer. */
    private static Set<String> words(CommandSpec spec) {
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (ArgSpec arg : spec.args()) {
            if (!arg.hidden()) {
                texts.addAll(List.of(arg.description()));
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden()) {
                continue; // not in the list of commands
            }
            String[] description = sub.getCommandSpec().usageMessage().description();
            if (description.length > 0) {
                texts.add(description[0]); // the list of commands shows the first line
            }
        }
        Set<String> words = new LinkedHashSet<>();
        for (String text : texts) {
            for (String word : String.format(text).split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    private static boolean containsWord(String line, String word) {
        for (String token : line.split("\\s+")) {
            if (token.equals(word)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void credentialHelpSaysWhereTheTokenAndTheCacheAre() {
        CommandLine credential = Cli.commandLine(Map.of(), DISCARD, DISCARD, Verbose.off()).getSubcommands().get("credential");
        String help = credential.getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> order = List.of("--context", "DIGITALOCEAN_ACCESS_TOKEN", "DIGITALOCEAN_TOKEN", "access-token");
        int last = help.indexOf("first match wins");
        for (String source : order) {
            int at = help.indexOf(source, last + 1);
            assertTrue(at > last, source + " after the sources before it:\n" + help);
            last = at;
        }
        assertTrue(help.contains("DOKS_AUTH_CACHE_DIR") && help.contains("~/.cache/doks-auth"), help);
    }
}
