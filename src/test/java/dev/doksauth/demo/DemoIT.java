package dev.doksauth.demo;

import dev.doksauth.testing.Kubectl;
import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/demo.sh, the newcomer's first look, must keep working: it runs here with the launcher under test. */
class DemoIT {

    /** Runs an example script as a newcomer would, with the launcher under test; @return its output, once it exited 0 */
    static String runDemo(String script) throws Exception {
        Kubectl.find();
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", script));
        builder.environment().put("DOKS_AUTH", Launcher.path().toString());
        // The stand-ins run from this JVM's classpath: the demo need not call Maven from inside Maven.
        builder.environment().put("DEMO_CLASSPATH", System.getProperty("java.class.path"));
        builder.redirectErrorStream(true);
        Launcher.Result result = Launcher.finish(builder.directory(Path.of("").toAbsolutePath().toFile()).start());
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdout();
    }

    @Test
    void theDemoShowsKubectlWorkingThroughDoksAuth() throws Exception {
        String output = runDemo("examples/demo.sh");
        assertTrue(output.contains("hello-doks"), output);
        assertTrue(output.contains("served from the cache"), output);
        assertFalse(output.contains("asking the cluster"), "ordinary commands ask the cluster nothing: " + output);
        assertTrue(output.contains("minted 1 credential(s)") && output.contains("rejected 0"), output);
    }
}
