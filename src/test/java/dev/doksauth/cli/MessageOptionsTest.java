package dev.doksauth.cli;

import dev.doksauth.report.Verbose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message never sends the user to an option the command that printed it refuses: each command is driven into
 * its failures, and every {@code --option} its sentence names must be in that command's own options.
 */
class MessageOptionsTest {

    /** An option name in a sentence; one ending in '-' names a family ("the --sso- options"). */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");
    /** What a message quotes is what the user typed, not a suggestion. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    /** No token anywhere, no kubeconfig, no cache: every lookup that needs one fails. */
    private static final Map<String, String> NOTHING = Map.of(
            "HOME", "/nonexistent-doks-auth-test/home",
            "XDG_CONFIG_HOME", "/nonexistent-doks-auth-test/config",
            "KUBECONFIG", "/nonexistent-doks-auth-test/kubeconfig",
            "DOKS_AUTH_CACHE_DIR", "/nonexistent-doks-auth-test/cache");

    private static String launcherBefore;

    /** save and show ask where the launcher is before anything else; any executable does for failures. */
    @BeforeAll
    static void aLauncher() {
        launcherBefore = System.getProperty("doksauth.launcher");
        System.setProperty("doksauth.launcher", "/bin/sh");
    }

    @AfterAll
    static void launcherAsItWas() {
        if (launcherBefore == null) {
            System.clearProperty("doksauth.launcher");
        } else {
            System.setProperty("doksauth.launcher", launcherBefore);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "clusters",
        "clusters --context team",
        "kubeconfig save demo",
        "kubeconfig save --all",
        "kubeconfig save demo --context team",
        "kubeconfig save --all demo",
        "kubeconfig save a b --alias x",
        "kubeconfig save demo --type sso --expiry-seconds 5",
        "kubeconfig save demo --type token --sso-local-server-port 9000",
        "kubeconfig save demo --sso-local-server-port 0",
        "kubeconfig save demo --exec-api-version v2",
        "kubeconfig show demo",
        "kubeconfig show demo --doctl-config /nonexistent-doks-auth-test/doctl.yaml",
        "kubeconfig remove demo",
        "kubeconfig migrate",
        "cache clear demo",
        "sso login demo",
        "sso whoami demo",
        "sso logout demo",
        "sso logout",
        "sso logout demo --all",
        "credential 00000000-0000-4000-8000-000000000000",
        "credential 00000000-0000-4000-8000-000000000000 --context team",
        "credential 00000000-0000-4000-8000-000000000000 --sso-local-server-port 9000",
        "credential 00000000-0000-4000-8000-000000000000 --sso-client-id x",
        "credential 00000000-0000-4000-8000-000000000000 --expiry-seconds x",
        "credential 00000000-0000-4000-8000-000000000000 --sso-issuer-url https://id.example --sso-client-id x --context team",
    })
    void everyOptionAMessageNamesIsOneTheCommandTakes(String commandLine) {
        String[] args = commandLine.split(" ");
        CliTest.Run run = CliTest.run(NOTHING, args);
        assertTrue(run.code() != 0, "a failure was expected: " + run);
        Set<String> named = named(run.err());
        Set<String> accepted = options(args);
        for (String option : named) {
            boolean ok = option.endsWith("-") ? accepted.stream().anyMatch(a -> a.startsWith(option)) : accepted.contains(option);
            assertTrue(ok, "'" + commandLine + "' says " + run.err().strip() + " but takes none of " + option
                    + " (it takes " + accepted + ")");
        }
    }

    /** The failures above do name options: without that, the test could not fail. */
    @Test
    void theNoTokenSentenceNamesItsOption() {
        assertEquals(Set.of("--doctl-config"), named(CliTest.run(NOTHING, "clusters").err()));
        assertTrue(options(new String[] {"clusters"}).contains("--doctl-config"));
        assertFalse(options(new String[] {"completion"}).contains("--doctl-config"));
    }

    /**
     * Every option any message of the program names (its string literals) is an option of some command, so a
     * renamed option cannot live on in a sentence.
     */
    @Test
    void everyOptionTheSourcesMentionExists() throws IOException {
        Set<String> all = new TreeSet<>();
        collect(Cli.commandLine(NOTHING, quiet(), quiet(), Verbose.untilTurnedOn(quiet())), all);
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher literal = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"").matcher(Files.readString(source));
                while (literal.find()) {
                    Matcher option = OPTION.matcher(literal.group(1));
                    while (option.find()) {
                        String name = option.group();
                        if (name.endsWith("-") ? all.stream().noneMatch(a -> a.startsWith(name)) : !all.contains(name)) {
                            unknown.add(source.getFileName() + ": " + name);
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), unknown.stream().filter(u -> !u.startsWith("ExecEntries.java")).collect(
                java.util.stream.Collectors.toCollection(TreeSet::new)), "options doctl's entries use are ExecEntries' own");
    }

    private static Set<String> named(String err) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = OPTION.matcher(QUOTED.matcher(err).replaceAll("''"));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** The options of the command the words name (its subcommand path), inherited ones included. */
    private static Set<String> options(String[] args) {
        CommandLine command = Cli.commandLine(NOTHING, quiet(), quiet(), Verbose.untilTurnedOn(quiet()));
        for (String arg : args) {
            CommandLine sub = command.getSubcommands().get(arg);
            if (sub == null) {
                break;
            }
            command = sub;
        }
        Set<String> names = new TreeSet<>();
        command.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    private static void collect(CommandLine command, Set<String> into) {
        command.getCommandSpec().options().forEach(o -> into.addAll(List.of(o.names())));
        new ArrayList<>(command.getSubcommands().values()).forEach(sub -> collect(sub, into));
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
