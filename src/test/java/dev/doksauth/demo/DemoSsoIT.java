package dev.doksauth.demo;

import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/demo-sso.sh, as a newcomer runs it: a cluster that requires SSO, signed in to through BROWSER, no DigitalOcean token. */
class DemoSsoIT {

    @Test
    void theSsoDemoSignsInOnceThenServesTheCacheThenSignsInAgainAfterLogout() throws Exception {
        Kubectl.find();
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "examples/demo-sso.sh"));
        builder.environment().put("DOKS_AUTH", Launcher.path().toString());
        builder.environment().put("DEMO_CLASSPATH", System.getProperty("java.class.path"));
        builder.redirectErrorStream(true);
        Launcher.Result result = Launcher.finish(builder.directory(Path.of("").toAbsolutePath().toFile()).start());
        assertEquals(0, result.exitCode(), result.toString());
        String output = result.stdout();
        assertEquals(3, output.split("hello-doks", -1).length - 1, "three kubectl commands listed the pod: " + output);
        assertTrue(output.contains("email:        alice@example.com") && output.contains("team roles:   Owner"), output);
        assertTrue(output.contains("asked to sign in 2 time(s)"), "once, then once after logout: " + output);
        assertTrue(output.contains("rejected 0") && output.contains("minted 0 credential(s)"), output);
    }
}
