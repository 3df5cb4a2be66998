package dev.doksauth.sso;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A "browser" reached through {@code BROWSER}: a shell script that follows the sign-in's redirects with curl as a
 * user's browser would (GET http://localhost:PORT/, then the provider's authorization page, then the callback),
 * noting each time it was opened. Variants tamper with the way, as a hostile page or an old tab would.
 */
final class TestBrowser {

    private final Path script;
    private final Path openings;

    private TestBrowser(Path dir, String name, String body) throws IOException {
        this.script = dir.resolve(name + ".sh");
        this.openings = dir.resolve(name + ".opened");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$1\" >> '" + openings + "'\n"
                + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    /** Follows every redirect: the sign-in a user finishes. */
    static TestBrowser signingIn(Path dir) throws IOException {
        return new TestBrowser(dir, "browser", "exec curl -sS -L --max-time 20 -o /dev/null \"$1\"");
    }

    /** Follows every redirect after two seconds: a user who takes a moment to sign in. */
    static TestBrowser signingInSlowly(Path dir) throws IOException {
        return new TestBrowser(dir, "slow", "sleep 2\nexec curl -sS -L --max-time 20 -o /dev/null \"$1\"");
    }

    /** Opens nothing: the user who never finishes (closed the tab, walked away). */
    static TestBrowser walkingAway(Path dir) throws IOException {
        return new TestBrowser(dir, "away", "exit 0");
    }

    /** Changes the nonce of the authorization request on its way to the provider. */
    static TestBrowser changingNonce(Path dir) throws IOException {
        return new TestBrowser(dir, "nonce", "to=$(curl -sS -o /dev/null -w '%{redirect_url}' \"$1\")\n"
                + "to=$(echo \"$to\" | sed 's/nonce=[^&]*/nonce=not-the-one-sent/')\n"
                + "exec curl -sS -L --max-time 20 -o /dev/null \"$to\"");
    }

    /** Changes the state of the provider's answer on its way back. */
    static TestBrowser changingState(Path dir) throws IOException {
        return new TestBrowser(dir, "state", "to=$(curl -sS -o /dev/null -w '%{redirect_url}' \"$1\")\n"
                + "back=$(curl -sS -o /dev/null -w '%{redirect_url}' \"$to\")\n"
                + "back=$(echo \"$back\" | sed 's/state=[^&]*/state=forged/')\n"
                + "exec curl -sS --max-time 20 -o /dev/null \"$back\"");
    }

    /** Refuses at the provider: the provider sends the user back with {@code error=access_denied}. */
    static TestBrowser refusing(Path dir) throws IOException {
        return new TestBrowser(dir, "refuse", "to=$(curl -sS -o /dev/null -w '%{redirect_url}' \"$1\")\n"
                + "state=$(echo \"$to\" | sed 's/.*[?&]state=\\([^&]*\\).*/\\1/')\n"
                + "exec curl -sS --max-time 20 -o /dev/null \"${1}callback?error=access_denied&error_description=User+said+no&state=$state\"");
    }

    /** The value of BROWSER that runs this script with the URL in place of %s. */
    String command() {
        return script + " %s";
    }

    Path script() {
        return script;
    }

    /** How many times it was opened so far. */
    int openings() throws IOException {
        return Files.exists(openings) ? (int) Files.readAllLines(openings).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    List<String> urls() throws IOException {
        return Files.exists(openings) ? Files.readAllLines(openings) : List.of();
    }
}
