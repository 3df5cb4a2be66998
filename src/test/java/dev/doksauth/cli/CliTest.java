package dev.doksauth.cli;

import dev.doksauth.Main;
import dev.doksauth.report.Verbose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line in process: usage errors with suggestions, nested help, and -v on every command. */
class CliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cluster                              | unknown command 'cluster'; did you mean 'clusters'?",
        "clusterz -o json                     | unknown command 'clusterz'; did you mean 'clusters'?",
        "kubeconfig sav                       | unknown command 'sav' for 'doks-auth kubeconfig'; did you mean 'save'?",
        "cache lst                            | unknown command 'lst' for 'doks-auth cache'; did you mean 'list'?",
        "help kubeconfig remov                | unknown command 'remov' for 'doks-auth kubeconfig'; did you mean 'remove'?",
        "clusters --outptu json               | unknown option '--outptu' for 'doks-auth clusters'; did you mean '--output'?",
        "kubeconfig save --kubeconfg=x --all  | unknown option '--kubeconfg=x' for 'doks-auth kubeconfig save'; did you mean '--kubeconfig'?",
        "credential --expiry-second 5         | unknown option '--expiry-second' for 'doks-auth credential'; did you mean '--expiry-seconds'?",
        "--verbos clusters                    | unknown option '--verbos' for 'doks-auth'; did you mean '--verbose'?",
        "help nosuch                          | unknown command 'nosuch' (see 'doks-auth --help').",
        "kubeconfig nosuch                    | unknown command 'nosuch' for 'doks-auth kubeconfig' (see 'doks-auth kubeconfig --help').",
        "clusters --nosuch                    | unknown option '--nosuch' for 'doks-auth clusters' (see 'doks-auth clusters --help').",
    })
    void typosGetOneSentenceWithASuggestion(String commandLine, String sentence) {
        Run run = run(Map.of(), commandLine.strip().split(" +"));
        assertEquals(2, run.code(), run.toString());
        assertEquals("", run.out());
        assertEquals("doks-auth: " + sentence + "\n", run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                  | 'doks-auth' needs a command: credential, kubeconfig, clusters, cache, sso, doctor or completion",
        "kubeconfig          | 'doks-auth kubeconfig' needs a command: save, show, remove or migrate",
        "clusters extra      | unexpected argument 'extra' for 'doks-auth clusters'",
        "clusters -o yaml    | expected one of [table, json]",
        "completion ksh      | expected one of [bash, zsh, fish]",
        "kubeconfig remove   | missing required parameter: 'CLUSTER'",
    })
    void otherUsageErrorsAreOneSentenceToo(String commandLine, String part) {
        Run run = run(Map.of(), commandLine.isBlank() ? new String[0] : commandLine.strip().split(" +"));
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("doks-auth: ") && run.err().contains(part) && run.err().endsWith(".\n")
                && run.err().lines().count() == 1, run.err());
    }

    @Test
    void aKubeconfigThatIsADirectoryIsOneClearSentence(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        for (String[] command : List.of(new String[] {"kubeconfig", "remove", "8d91899c-0739-4a1a-acc5-deadbeefbbb8"},
                new String[] {"sso", "whoami", "demo"})) {
            Run run = run(Map.of("KUBECONFIG", dir.toString(), "HOME", dir.toString()), command);
            assertEquals(1, run.code(), run.toString());
            assertEquals("doks-auth: cannot read the kubeconfig " + dir + ": it is a directory, not a file.\n", run.err());
        }
    }

    @Test
    void helpOfANestedCommandEitherWay() {
        String save = run(Map.of(), "kubeconfig", "save", "--help").out();
        assertTrue(save.startsWith("Usage: doks-auth kubeconfig save"), save);
        assertEquals(save, run(Map.of(), "help", "kubeconfig", "save").out());
        assertEquals(save, run(Map.of(), "kubeconfig", "help", "save").out());
        assertEquals(run(Map.of(), "cache", "list", "--help").out(), run(Map.of(), "cache", "help", "list").out());
        assertEquals(run(Map.of(), "--help").out(), run(Map.of(), "help").out());
    }

    /** -v is accepted by every command and subcommand, before or after its name, and turns on the one Verbose. */
    @Test
    void verboseOnEveryCommandBeforeOrAfterItsName() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        List<String> problems = new ArrayList<>();
        for (CommandLine command : HelpTextTest.everyCommand()) {
            List<String> path = new ArrayList<>();
            for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
                path.add(0, c.getCommandName());
            }
            for (String flag : List.of("-v", "--verbose")) {
                for (boolean before : List.of(true, false)) {
                    List<String> args = new ArrayList<>();
                    if (before) {
                        args.add(flag);
                    }
                    args.addAll(path);
                    if (!before) {
                        args.add(flag);
                    }
                    args.add("--help"); // no command runs, and no required argument is asked for
                    Verbose verbose = Verbose.untilTurnedOn(discard);
                    try {
                        Cli.commandLine(Map.of(), discard, discard, verbose).parseArgs(args.toArray(String[]::new));
                    } catch (CommandLine.ParameterException e) {
                        problems.add(args + ": " + e.getMessage());
                        continue;
                    }
                    if (!verbose.on()) {
                        problems.add(args + ": not verbose");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        Verbose quiet = Verbose.untilTurnedOn(discard);
        Cli.commandLine(Map.of(), discard, discard, quiet).parseArgs("clusters", "--help");
        assertFalse(quiet.on(), "off without -v");
    }

    /** A failure before any command runs (here: reading the environment) is still one sentence, a trace only with -v. */
    @Test
    void aFailureOutsideEveryCommandIsOneSentence() {
        Map<String, String> broken = new java.util.HashMap<>() {
            @Override
            public String get(Object key) {
                throw new IllegalStateException("environment unavailable");
            }
        };
        Run quiet = run(broken, "clusters");
        assertEquals(1, quiet.code());
        assertEquals("doks-auth: doks-auth clusters stopped on an internal error (IllegalStateException); run it again "
                + "with -v to see where, and report it.\n", quiet.err());
        Run verbose = run(broken, "clusters", "-v");
        assertTrue(verbose.err().contains("\tat ") && verbose.err().contains("environment unavailable"), verbose.err());
    }

    @Test
    void verboseFromTheEnvironmentReachesACommandThatFails() {
        Run run = run(Map.of("DOKS_AUTH_VERBOSE", "1", "DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_cli_test_secret",
                "DIGITALOCEAN_API_URL", "http://127.0.0.1:1", "DOKS_AUTH_TIMEOUT", "1"), "clusters");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().contains("[verbose] API http://127.0.0.1:1, token from DIGITALOCEAN_ACCESS_TOKEN"), run.err());
        assertTrue(run.err().contains("[verbose] GET http://127.0.0.1:1/v2/kubernetes/clusters"), run.err());
        assertFalse(run.err().contains("dop_v1_cli_test_secret"), run.err());
    }
}
