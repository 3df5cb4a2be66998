package dev.doksauth.cli;

import dev.doksauth.core.CredentialArguments;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.credential.CredentialLine;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import dev.doksauth.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up path's reader of the credential command line must agree with picocli's. */
class CredentialArgumentsTest {

    private static final String ID = "8D91899C-0739-4A1A-ACC5-DEADBEEFBBB8";

    /** What picocli's CredentialCommand makes of the arguments (on the whole command line: -v is inherited). */
    private static CredentialRequest viaPicocli(String... args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cli = Cli.commandLine(Map.of(), discard, discard, Verbose.untilTurnedOn(discard));
        cli.parseArgs(args);
        CredentialCommand command = cli.getSubcommands().get("credential").getCommand();
        return command.request();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "credential " + ID,
        "credential " + ID + " --expiry-seconds 3600 --context work --doctl-config /tmp/c.yaml --api-url http://127.0.0.1:1",
        "credential --expiry-seconds=60 --context=work " + ID + " --api-version=v1beta1",
        "credential " + ID + " --no-cache -v",
        "credential " + ID + " --refresh --verbose --api-version client.authentication.k8s.io/v1",
        "credential " + ID + " --sso-issuer-url https://login.example.com/realms/x --sso-client-id doks",
        "credential " + ID + " --sso-issuer-url=http://127.0.0.1:9/i --sso-client-id=c --sso-local-server-port 18000"
                + " --sso-grant device --sso-timeout 30 --sso-no-refresh",
    })
    void agreesWithPicocli(String commandLine) {
        String[] args = commandLine.split(" ");
        assertEquals(viaPicocli(args), CredentialArguments.parse(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {"credential", "credential --help", "credential " + ID + " --unknown",
        "credential " + ID + " " + ID, "credential " + ID + " --context", "credential " + ID + " --context a --context b",
        "credential " + ID + " -- --x", "credential " + ID + " --no-cache --no-cache"})
    void leavesEverythingElseToPicocli(String commandLine) {
        assertNull(CredentialArguments.parse(commandLine.split(" ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"credential not-a-uuid", "credential ../../etc/passwd", "credential " + ID + " --expiry-seconds -5",
        "credential " + ID + " --expiry-seconds=ten", "credential 8d91899c-0739-4a1a-acc5-deadbeefbbb\u0431"})
    void badValuesAreUsageErrorsOnBothPaths(String commandLine) {
        String[] args = commandLine.split(" ");
        assertEquals(DoksAuthException.USAGE, assertThrows(DoksAuthException.class, () -> viaPicocli(args)).exitCode());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(DoksAuthException.USAGE, Main.run(args, Map.of("DIGITALOCEAN_ACCESS_TOKEN", "t"),
                new PrintStream(out, true), new PrintStream(err, true)));
        assertEquals("", out.toString());
        String message = err.toString();
        assertTrue(message.startsWith("doks-auth: ") && message.endsWith(".\n") && message.lines().count() == 1, message);
    }

    @org.junit.jupiter.api.Test
    void picocliAndTheCredentialLineKnowTheSameOptions() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        CommandLine credential = Cli.commandLine(Map.of(), discard, discard, Verbose.untilTurnedOn(discard))
                .getSubcommands().get("credential");
        java.util.Set<String> picocli = new java.util.TreeSet<>();
        java.util.Set<String> picocliFlags = new java.util.TreeSet<>();
        for (CommandLine.Model.OptionSpec option : credential.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue; // help and version go to picocli on purpose
            }
            picocli.addAll(java.util.List.of(option.names()));
            if (option.arity().max() == 0) {
                picocliFlags.addAll(java.util.List.of(option.names()));
            }
        }
        java.util.Set<String> line = new java.util.TreeSet<>(CredentialLine.VALUE_OPTIONS);
        line.addAll(CredentialLine.FLAGS);
        assertEquals(picocli, line, "an option the fast path does not know would silently lose the cache hit");
        assertEquals(picocliFlags, new java.util.TreeSet<>(CredentialLine.FLAGS));
        assertEquals(1, credential.getCommandSpec().positionalParameters().size(), "one CLUSTER_ID");
    }

    @org.junit.jupiter.api.Test
    void whatAnEntryCarriesReadsBackAsItWasWritten() {
        CredentialLine token = CredentialLine.token(ID, "work", 600, "http://127.0.0.1:1", "/tmp/doctl.yaml");
        assertEquals(java.util.List.of("credential", ID, "--context", "work", "--expiry-seconds", "600", "--api-url",
                "http://127.0.0.1:1", "--doctl-config", "/tmp/doctl.yaml"), token.format());
        assertEquals(token, CredentialLine.parse(token.format()));
        assertEquals(viaPicocli(token.format().toArray(String[]::new)), CredentialArguments.parse(token.format().toArray(String[]::new)));
        CredentialLine sso = CredentialLine.sso(ID, "https://idp.example/realms/x", "doks", 18000);
        assertEquals(sso, CredentialLine.parse(sso.format()));
        assertEquals(viaPicocli(sso.format().toArray(String[]::new)), CredentialArguments.parse(sso.format().toArray(String[]::new)));
        assertNull(CredentialLine.parse(java.util.List.of("version")));
    }
}
