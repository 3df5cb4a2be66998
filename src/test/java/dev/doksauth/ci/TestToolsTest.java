package dev.doksauth.ci;

import dev.doksauth.testing.RootCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tools CI installs and the tests fetch are pinned to exact versions, and docs/development.md names them. */
class TestToolsTest {

    static Map<String, String> versions() throws Exception {
        Map<String, String> versions = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^([A-Z_]+)=(\\S*)").matcher(Files.readString(Path.of(".ci/versions")));
        while (line.find()) {
            versions.put(line.group(1), line.group(2));
        }
        return versions;
    }

    @Test
    void everyToolHasAnExactVersionThatTheScriptsUseAndTheReadmeNames() throws Exception {
        Map<String, String> versions = versions();
        assertEquals(List.of("KUBERNETES_CLIENT_DEB", "ZSH_DEB", "FISH_DEB", "MAVEN_DEB", "CLIENT_NODE_NPM"), List.copyOf(versions.keySet()));
        String readme = Files.readString(Path.of("docs/development.md"));
        String testTools = readme.substring(readme.indexOf("## Test tools"));
        for (Map.Entry<String, String> version : versions.entrySet()) {
            assertTrue(version.getValue().matches("[0-9][0-9A-Za-z.+~:-]*") && !version.getValue().matches(".*[*^<>]|.*\\.x.*"),
                    "an exact version: " + version);
            assertTrue(testTools.contains(version.getValue()), "docs/development.md Test tools name " + version);
        }
        String fetch = Files.readString(Path.of(".ci/test-tools"));
        assertTrue(fetch.contains("kubernetes-client=$KUBERNETES_CLIENT_DEB") && fetch.contains("@kubernetes/client-node@$CLIENT_NODE_NPM"),
                ".ci/test-tools fetches the pinned versions");
        String run = Files.readString(Path.of(".ci/run"));
        Matcher installs = Pattern.compile("need_apt\\+=\\(\"([^\"]*)\"\\)").matcher(run);
        int count = 0;
        while (installs.find()) {
            assertTrue(installs.group(1).matches("[a-z0-9-]+=\\$[A-Z_]+"), "pinned: " + installs.group(1));
            count++;
        }
        assertEquals(4, count, "kubectl, maven, zsh and fish");
        assertFalse(run.contains("mvn -B verify"), "Maven without -ntp prints every download");
    }

    /** .ci/check-skipped: in CI as root a skipped test fails the build and is named; elsewhere it lets it pass. */
    @Test
    void aSkippedTestFailsTheBuildOnlyInCiAsRoot(@TempDir Path project) throws Exception {
        Path reports = Files.createDirectories(project.resolve("target/failsafe-reports"));
        Files.writeString(reports.resolve("TEST-a.SomeIT.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="a.SomeIT" tests="2" skipped="1">
                  <testcase name="runs" classname="a.SomeIT" time="0.1"/>
                  <testcase name="needsAThing" classname="a.SomeIT" time="0">
                    <skipped message="needs root (mounts a small tmpfs)"/>
                  </testcase>
                </testsuite>
                """);
        String[] inCi = run(project, "true");
        if (RootCondition.isRoot()) {
            assertEquals("1", inCi[0], inCi[1]);
            assertTrue(inCi[1].contains("a.SomeIT.needsAThing: needs root (mounts a small tmpfs)"), inCi[1]);
        } else {
            assertEquals("0", inCi[0], "a developer who is not root may skip: " + inCi[1]);
        }
        assertEquals("0", run(project, "")[0], "outside CI skips are allowed");
        assertEquals("0", run(project, "false")[0]);
        Files.writeString(reports.resolve("TEST-a.SomeIT.xml"), "<testsuite><testcase name=\"runs\" classname=\"a.SomeIT\"/></testsuite>\n");
        assertEquals("0", run(project, "true")[0], "nothing skipped");
    }

    private static String[] run(Path project, String ci) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of(".ci/check-skipped").toAbsolutePath().toString(),
                project.toString()).redirectErrorStream(true);
        builder.environment().put("CI", ci);
        var result = dev.doksauth.testing.Processes.finish(builder.start(), java.time.Duration.ofSeconds(30), "check-skipped");
        return new String[] {Integer.toString(result.exitCode()), result.stdout()};
    }
}
