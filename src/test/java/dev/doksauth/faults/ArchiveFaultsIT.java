package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start-up archive that does not match, or is gone, costs speed only: nothing on stdout but the credential, nothing on stderr. */
class ArchiveFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;

    /** The copied install's links point into target/it-install: removed before JUnit cleans up, which would warn. */
    @org.junit.jupiter.api.AfterEach
    void linksRemoved() throws Exception {
        dev.doksauth.testing.Links.removeAll(home);
    }

    @Test
    void aMovedInstallationWhoseArchivesNoLongerMatchThenOneWithout() throws Exception {
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
        Path installed = Launcher.path().getParent().getParent();
        Path moved = home.resolve("moved");
        Process copy = new ProcessBuilder("cp", "-a", installed.toString(), moved.toString()).inheritIO().start();
        assertTrue(copy.waitFor(60, TimeUnit.SECONDS) && copy.exitValue() == 0);
        // bin/doks-auth is a link to the version's own launcher; the copied link still points into the original.
        Path launcherCopy = moved.resolve(installed.relativize(Launcher.path().toRealPath()));
        Files.writeString(launcherCopy, Files.readString(launcherCopy).replace(installed.toString(), moved.toString()));
        Files.delete(moved.resolve("bin/doks-auth"));
        Files.createSymbolicLink(moved.resolve("bin/doks-auth"), launcherCopy);
        Launcher launcher = ApiStandIn.launcher(api, home, "dop_v1_archive");
        ProcessBuilder direct = new ProcessBuilder(launcherCopy.toString(), "credential", CLUSTER);
        direct.environment().clear();
        direct.environment().putAll(launcher.environment());
        // The archives recorded the old paths: the JVM finds them mismatched, and must say nothing of it.
        Launcher.Result miss = Launcher.finish(direct.start());
        assertEquals(0, miss.exitCode(), miss.toString());
        assertEquals("", miss.stderr(), miss.toString());
        Launcher.Result hit = Launcher.finish(direct.start());
        assertEquals(miss.stdout(), hit.stdout());
        assertEquals("", hit.stderr(), hit.toString());

        try (Stream<Path> files = Files.walk(moved.resolve("lib"))) {
            for (Path archive : files.filter(f -> f.toString().endsWith(".aot") || f.toString().endsWith(".jsa")).toList()) {
                Files.delete(archive);
            }
        }
        Launcher.Result withoutArchives = Launcher.finish(direct.start());
        assertEquals(0, withoutArchives.exitCode(), withoutArchives.toString());
        assertEquals("", withoutArchives.stderr(), withoutArchives.toString());
        assertEquals(1, ApiStandIn.credentialRequests(api));
    }
}
