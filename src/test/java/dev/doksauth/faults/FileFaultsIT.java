package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Commands;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.RequiresRoot;
import dev.doksauth.testing.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broken or hostile cache costs a fetch at most: kubectl still gets its credential, nothing hangs. */
class FileFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String DO_TOKEN = "dop_v1_file_fault_secret";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    Path cache;
    Launcher launcher;

    @BeforeEach
    void setUp() {
        cache = home.resolve("cache");
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN).env("DOKS_AUTH_TIMEOUT", "10");
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
    }

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneInThenRemoveLinks(home, DO_TOKEN);
    }

    private Launcher.Result served() throws Exception {
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("\"token\":\"doks-"), result.toString());
        return result;
    }

    private Path entry() throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    @Test
    void anEntryReplacedByADirectoryAFifoOrASymlink() throws Exception {
        served();
        Path entry = entry();
        Files.delete(entry);
        Files.createDirectory(entry);
        Files.writeString(entry.resolve("inside"), "x");
        Launcher.Result overDirectory = served();
        assertEquals("", overDirectory.stderr(), "a directory where the entry belongs is removed: " + overDirectory);
        assertTrue(Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS), "and replaced by a real entry");
        Files.delete(entry);

        Commands.runOk("mkfifo", entry.toString());
        served(); // a FIFO is never opened: no hang
        assertTrue(Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS), "replaced by a real entry");

        Path victim = home.resolve("victim.txt");
        Files.writeString(victim, "someone else's file");
        Files.delete(entry);
        Files.createSymbolicLink(entry, victim);
        served();
        assertEquals("someone else's file", Files.readString(victim), "the link's target is untouched");
        assertFalse(Files.isSymbolicLink(entry));
    }

    @Test
    @RequiresRoot("gives a cache entry to nobody")
    void anEntryOfAnotherOwnerOrOpenToOthers() throws Exception {
        served();
        Path entry = entry();
        UserPrincipalLookupService users = entry.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(entry, users.lookupPrincipalByName("nobody"));
        served();
        Files.setPosixFilePermissions(entry(), PosixFilePermissions.fromString("rw-rw-rw-"));
        served();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry())), "replaced, private");
        assertEquals(2, ApiStandIn.credentialRequests(api), "the open entry was not used; the other owner's was ours to read");
    }

    /** Writable by the group or by everyone: refused before a credential is asked for. */
    @ParameterizedTest
    @ValueSource(strings = {"rwxrwx---", "rwxrwxrwx"})
    void aCacheDirectoryOthersCanWriteIsRefused(String permissions) throws Exception {
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString(permissions));
        Launcher.Result result = launcher.run("credential", CLUSTER);
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("writable by others") && result.stderr().contains("chmod 700"), result.toString());
        assertEquals("", result.stdout());
        assertEquals(0, ApiStandIn.credentialRequests(api));
    }

    @Test
    void aCacheDirectoryThatIsASymlinkToAPrivateDirectory() throws Exception {
        Path real = Files.createDirectory(home.resolve("real-cache"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(cache, real);
        served();
        try (Stream<Path> files = Files.list(real)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".json")));
        }
    }

    @Test
    @RequiresRoot("runs doks-auth as nobody")
    void anUnwritableCacheDirectoryStillGivesACredential() throws Exception {
        // As root every directory is writable: run as nobody, in a directory of nobody's that nobody cannot write.
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "doks-nobody");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path readOnly = Files.createDirectory(shared.resolve("cache"));
            UserPrincipalLookupService users = readOnly.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(readOnly, users.lookupPrincipalByName("nobody"));
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
            ProcessBuilder builder = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    Launcher.path().toString(), "credential", CLUSTER);
            builder.environment().clear();
            builder.environment().putAll(launcher.environment());
            builder.environment().put("HOME", shared.toString());
            builder.environment().put("DOKS_AUTH_CACHE_DIR", readOnly.toString());
            Launcher.Result result = Launcher.finish(builder.start());
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.stdout().contains("\"token\":\"doks-"), result.toString());
            assertTrue(result.stderr().contains("warning"), result.toString());
        } finally {
            Commands.runOk("rm", "-rf", shared.toString());
        }
    }

    @Test
    @RequiresRoot("mounts a small tmpfs")
    void aFullDiskStillGivesACredentialAndLeavesNoHalfEntry() throws Exception {
        Path tiny = Files.createDirectory(home.resolve("tiny"));
        Commands.runOk("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", tiny.toString());
        try {
            // Fill it: the cache directory can be made, but no entry fits.
            Path cacheOnTiny = Files.createDirectory(tiny.resolve("cache"));
            Files.setPosixFilePermissions(cacheOnTiny, PosixFilePermissions.fromString("rwx------"));
            Commands.runOk("sh", "-c", "dd if=/dev/zero of=" + tiny.resolve("filler") + " bs=1k count=64 2>/dev/null; true");
            launcher.env("DOKS_AUTH_CACHE_DIR", cacheOnTiny.toString());
            Launcher.Result result = launcher.run("credential", CLUSTER);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.stdout().contains("\"token\":\"doks-"), result.toString());
            assertTrue(result.stderr().contains("warning"), result.toString());
            try (Stream<Path> files = Files.list(cacheOnTiny)) {
                List<Path> left = files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".tmp")).toList();
                assertEquals(List.of(), left, "no entry and no temporary file left half-written");
            }
        } finally {
            Commands.runOk("umount", tiny.toString());
        }
    }
}
