package dev.doksauth.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Processes;
import dev.doksauth.testing.Secrets;
import dev.doksauth.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Processes killed at any moment leave a usable cache or none, and never block the next one. */
class ProcessFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    Path cache;
    Launcher launcher;

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneIn(home, "dop_v1_kill");
    }

    @BeforeEach
    void setUp() {
        cache = home.resolve("cache");
        launcher = ApiStandIn.launcher(api, home, "dop_v1_kill");
    }

    private void answerAfter(int minMillis, int maxMillis) {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(okJson("{\"server\":\"https://x\",\"token\":"
                + "\"doks-{{randomValue length=24 type='ALPHANUMERIC'}}\",\"expires_at\":\"" + Instant.now().plus(Duration.ofDays(7))
                + "\"}").withTransformers("response-template").withUniformRandomDelay(minMillis, maxMillis)));
    }

    /** SIGKILL to the launcher and everything it started (its JVMs). */
    private static void killTree(Process process) throws InterruptedException {
        Processes.killTree(process, List.of());
    }

    /** Every entry in the cache is whole: a killed writer leaves the old entry or the new one, never half. */
    private void assertEveryEntryIsWhole() throws Exception {
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (Stream<Path> files = Files.list(cache)) {
            for (Path entry : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertTrue(new ObjectMapper().readTree(Files.readString(entry)).has("token"), entry + " is whole");
            }
        }
    }

    @Test
    void fiftyProcessesKilledAtRandomMomentsOfAFetch() throws Exception {
        answerAfter(0, 300);
        Random random = new Random(4);
        for (int round = 0; round < 50; round++) {
            if (round % 2 == 0 && Files.isDirectory(cache)) {
                try (Stream<Path> files = Files.list(cache)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                        Files.delete(file); // an empty cache again: the next one fetches
                    }
                }
            }
            Process victim = launcher.start("credential", CLUSTER, "--no-cache");
            // The moment to kill at, anywhere from JVM start-up to the cache write: not a synchronisation.
            Thread.sleep(random.nextInt(600));
            killTree(victim);
            assertEveryEntryIsWhole();
            Launcher.Result next = launcher.run("credential", CLUSTER);
            assertEquals(0, next.exitCode(), "round " + round + ": " + next);
            assertTrue(next.stdout().contains("\"token\":\"doks-"), "round " + round + ": " + next);
        }
    }

    /** The PIDs holding a POSIX lock on the file, from /proc/locks. */
    private static Set<Long> lockHolders(Path lockFile) throws Exception {
        Set<Long> holders = new HashSet<>();
        if (!Files.exists(lockFile)) {
            return holders;
        }
        long inode = (Long) Files.getAttribute(lockFile, "unix:ino");
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 5 && fields[5].endsWith(":" + inode)) {
                holders.add(Long.parseLong(fields[4]));
            }
        }
        return holders;
    }

    @Test
    void sixtyFourAtOnceWithAThirdKilledWhileTheyWait() throws Exception {
        answerAfter(2500, 2500); // a slow API: the others are waiting on the lock while we kill
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            processes.add(launcher.start("credential", CLUSTER));
        }
        Set<Long> fetcher = new HashSet<>();
        Poll.until("a process to take the lock and call the API", Duration.ofSeconds(60), () -> {
            if (ApiStandIn.credentialRequests(api) == 0 || !Files.isDirectory(cache)) {
                return false;
            }
            try (Stream<Path> files = Files.list(cache)) {
                for (Path lock : files.filter(f -> f.toString().endsWith(".lock")).toList()) {
                    fetcher.addAll(lockHolders(lock));
                }
            }
            return !fetcher.isEmpty();
        });
        List<Process> killed = new ArrayList<>();
        for (Process process : processes) {
            boolean holdsTheLock = fetcher.contains(process.pid())
                    || process.descendants().anyMatch(d -> fetcher.contains(d.pid()));
            if (!holdsTheLock && killed.size() < processes.size() / 3) {
                killTree(process);
                killed.add(process);
            }
        }
        Set<String> outputs = new HashSet<>();
        for (Process process : processes) {
            if (!killed.contains(process)) {
                Launcher.Result result = Launcher.finish(process);
                assertEquals(0, result.exitCode(), result.toString());
                outputs.add(result.stdout());
            }
        }
        assertEquals(21, killed.size());
        assertEquals(1, outputs.size(), "every survivor printed the same credential");
        assertEquals(1, ApiStandIn.credentialRequests(api), "the API saw one call");
        assertEveryEntryIsWhole();
    }

    @Test
    void aLockLeftByAKilledFetcherNeverBlocks() throws Exception {
        answerAfter(3000, 3000);
        Process fetcher = launcher.start("credential", CLUSTER);
        Poll.until("the fetcher to hold the lock and wait on the API", Duration.ofSeconds(30),
                () -> ApiStandIn.credentialRequests(api) > 0);
        killTree(fetcher);
        answerAfter(0, 0);
        Launcher.Result next = launcher.run("credential", CLUSTER);
        assertEquals(0, next.exitCode(), next.toString());
        assertEquals(2, ApiStandIn.credentialRequests(api));
    }

    /**
     * The harness itself: a launcher that hangs, and leaves a child holding its output open, fails the test within
     * the bound instead of hanging the build, and nothing it started is left running.
     */
    @Test
    void aHungLauncherFailsTheTestWithinItsBound() throws Exception {
        Path hung = home.resolve("hung-launcher");
        Files.writeString(hung, "#!/bin/sh\necho started\nsleep 600 &\necho \"$!\" > \"$0.child\"\nexec sleep 600\n");
        assertTrue(hung.toFile().setExecutable(true));
        long start = System.nanoTime();
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> new Launcher(home).command(hung).within(Duration.ofSeconds(2)).run("credential", CLUSTER));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "the failure came after " + took);
        assertTrue(failure.getMessage().contains("did not end within 2 s") && failure.getMessage().contains("started"),
                failure.getMessage());
        long child = Long.parseLong(Files.readString(home.resolve("hung-launcher.child")).strip());
        Poll.until("the hung launcher's child to be gone", Duration.ofSeconds(10),
                () -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    /**
     * A parent program or an IDE ends its child with a signal to the child's own process, the launcher: the JVMs
     * the launcher started (the first JVM and the full JVM fetching under its lock, when the cache directory is
     * there; the full JVM alone, when the launcher made the directory) end with it, and release what they hold,
     * instead of fetching or signing in on for minutes.
     */
    @ParameterizedTest
    @CsvSource({"TERM, true", "INT, true", "HUP, true", "TERM, false", "INT, false", "HUP, false"})
    void aSignalToTheLauncherEndsTheJvmsItStarted(String signal, boolean cacheDirectoryThere) throws Exception {
        if (cacheDirectoryThere) {
            Files.createDirectory(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        answerAfter(90_000, 90_000);
        // A budget far beyond every wait below: only the signal can end the fetch in time.
        Process fetcher = launcher.env("DOKS_AUTH_TIMEOUT", "120").start("credential", CLUSTER);
        Poll.until("the fetch to wait on the API", Duration.ofSeconds(30), () -> ApiStandIn.credentialRequests(api) > 0);
        List<ProcessHandle> jvms = fetcher.descendants().toList();
        assertFalse(jvms.isEmpty(), "the launcher runs its JVMs as children");
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(fetcher.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
        assertTrue(fetcher.waitFor(20, TimeUnit.SECONDS), "the launcher ended on SIG" + signal);
        for (ProcessHandle jvm : jvms) {
            Poll.until("process " + jvm.pid() + " to end with the launcher", Duration.ofSeconds(20), () -> !jvm.isAlive());
        }
        answerAfter(0, 0);
        Launcher.Result next = launcher.run("credential", CLUSTER);
        assertEquals(0, next.exitCode(), next.toString());
    }
}
