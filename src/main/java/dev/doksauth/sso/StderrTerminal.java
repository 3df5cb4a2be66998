package dev.doksauth.sso;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Whether this process's stderr is a terminal, where a person can read the sign-in's address. Java tells only
 * whether stdin and stdout both are ({@code System.console()}), and under kubectl stdout never is; the shell's
 * {@code test -t 2}, run with our stderr, tells. Asked only before a sign-in, never on a cache hit.
 */
final class StderrTerminal {

    private StderrTerminal() {
    }

    static boolean isTerminal() {
        try {
            Process test = new ProcessBuilder("/bin/sh", "-c", "test -t 2")
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            test.getOutputStream().close();
            if (!test.waitFor(5, TimeUnit.SECONDS)) {
                test.destroyForcibly();
                return true; // cannot tell: assume someone may be reading, as before
            }
            return test.exitValue() == 0;
        } catch (IOException e) {
            return true; // no shell (Windows): cannot tell, assume someone may be reading
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
