package dev.doksauth.cache;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Processes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's sh spelling of the cache's location ({@link CacheLocation#shell}) finds the directory
 * {@link CacheLocation#find} finds, or nothing: the launcher skips the first JVM when that directory is not there,
 * so a directory of its own would send every cache hit to the full JVM.
 */
class CacheLocationShellIT {

    private static final String UNSET = null;

    @Test
    void theShellFindsWhatTheJvmFindsOrNothing() throws Exception {
        List<String> explicit = Arrays.asList(UNSET, "", " ", "\t", "/var/cache/mine", "/with space/c", "relative", " /x", "~/c");
        List<String> xdg = Arrays.asList(UNSET, "", " ", "/xdg", "/xdg dir", "relative", "$HOME/.cache");
        List<String> home = Arrays.asList(UNSET, "/home/me", "/home/it's", "relative", "");
        int found = 0;
        for (String e : explicit) {
            for (String x : xdg) {
                for (String h : home) {
                    Map<String, String> env = new HashMap<>();
                    put(env, CacheLocation.VARIABLE, e);
                    put(env, "XDG_CACHE_HOME", x);
                    put(env, "HOME", h);
                    String shell = shell(env);
                    if (shell.isEmpty()) {
                        continue; // not sure: the launcher goes the usual way
                    }
                    found++;
                    Path java;
                    try {
                        java = CacheLocation.find(env);
                    } catch (DoksAuthException refused) {
                        throw new AssertionError("the shell found " + shell + " where the JVM refuses " + env, refused);
                    }
                    assertEquals(java, Path.of(shell), env.toString());
                }
            }
        }
        assertTrue(found >= 100, "the shell finds the directory whenever the environment names it absolutely: " + found);
        assertEquals("/home/me/.cache/doks-auth", shell(Map.of("HOME", "/home/me")));
        assertEquals("/xdg/doks-auth", shell(Map.of("HOME", "/home/me", "XDG_CACHE_HOME", "/xdg")));
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    /** What the launcher's fragment sets, run by sh in exactly {@code env}. */
    private static String shell(Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", CacheLocation.shell("cache_dir") + "\nprintf %s \"$cache_dir\""));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Launcher.Result result = Processes.finish(builder.start(), Duration.ofSeconds(30), "sh");
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdout();
    }
}
