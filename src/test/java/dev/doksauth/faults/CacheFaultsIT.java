package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonObject;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Commands;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, class 3: the cache cannot be turned against the user. Relative base directories, a hostile
 * umask, symbolic links and odd files where the cache's own files belong, credentials that live only
 * seconds, a wrong local clock and a huge token: kubectl gets its credential, nothing is written where
 * it does not belong, and what is written is private and read back.
 */
class CacheFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefcac3";
    static final String DO_TOKEN = "dop_v1_cache_fault_secret";
    /** As kubectl runs an entry with provideClusterInfo: the run also records which client it served. */
    static final String EXEC_INFO_WITH_CLUSTER = "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
            + "\"spec\":{\"interactive\":false,\"cluster\":{\"server\":\"https://127.0.0.1:6443\"}}}";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    /** The working directory the launcher runs in: nothing may appear in it. */
    Path work;
    Path cache;
    Launcher launcher;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createDirectories(home.resolve("projects/repo"));
        cache = home.resolve("cache");
        launcher = ApiStandIn.launcher(api, home, DO_TOKEN).directory(work).env("DOKS_AUTH_TIMEOUT", "10");
        ApiStandIn.mintsTokens(api, Duration.ofDays(7));
    }

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneInThenRemoveLinks(home, DO_TOKEN);
    }

    /** A served credential: exit 0, stdout exactly one ExecCredential, stderr empty. */
    private static JsonObject served(Launcher.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.stderr(), result.toString());
        return execCredential(result);
    }

    private static JsonObject execCredential(Launcher.Result result) throws Exception {
        assertEquals(1, result.stdout().lines().count(), "one line of JSON: " + result);
        assertTrue(result.stdout().endsWith("\n"), result.toString());
        JsonObject credential = Json.parseObject(result.stdout());
        assertEquals("ExecCredential", credential.string("kind"), result.toString());
        assertTrue(credential.object("status").string("token").startsWith("doks-"), result.toString());
        return credential;
    }

    private static String token(JsonObject credential) throws Exception {
        return credential.object("status").string("token");
    }

    private static long expirationTimestamp(JsonObject credential) throws Exception {
        return Instant.parse(credential.object("status").string("expirationTimestamp")).getEpochSecond();
    }

    private static boolean oneSentence(Launcher.Result result) {
        return result.stdout().isEmpty() && result.stderr().startsWith("doks-auth: ") && result.stderr().lines().count() == 1
                && !result.stderr().contains("Exception") && !result.stderr().contains("\tat ");
    }

    private static List<Path> tree(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> !f.equals(dir)).sorted().toList();
        }
    }

    private static String stem(Path cacheDir) throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            String entry = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).findFirst().orElseThrow();
            return entry.substring(0, entry.length() - ".json".length());
        }
    }

    // --- where the cache is -----------------------------------------------------------------------

    @Test
    void relativeXdgCacheHomeIsIgnored() throws Exception {
        launcher.env("DOKS_AUTH_CACHE_DIR", null);
        Path standard = home.resolve(".cache/doks-auth");
        String first = null;
        for (String relative : List.of(".", "cache", "../x", "~/x", "./", "x/../y", " /abs-after-a-space", "$HOME/x")) {
            JsonObject credential = served(launcher.env("XDG_CACHE_HOME", relative).run("credential", CLUSTER));
            first = first == null ? token(credential) : first;
            assertEquals(first, token(credential), "XDG_CACHE_HOME=" + relative + ": the entry under ~/.cache is used");
            assertEquals(List.of(), tree(work.getParent()).stream().filter(f -> !f.equals(work)).toList(),
                    "XDG_CACHE_HOME=" + relative + ": nothing written under the working directory or its parent");
            assertEquals(List.of(), tree(work), "XDG_CACHE_HOME=" + relative);
        }
        assertTrue(Files.isDirectory(standard), "the cache is where the XDG specification says without the variable");
        assertEquals(1, ApiStandIn.credentialRequests(api), "every run found the one entry under ~/.cache");

        // An absolute one is used.
        Path absolute = home.resolve("xdg-cache");
        served(launcher.env("XDG_CACHE_HOME", absolute.toString()).run("credential", CLUSTER));
        assertTrue(Files.isDirectory(absolute.resolve("doks-auth")));
    }

    @Test
    void relativeXdgConfigHomeIsIgnored() throws Exception {
        // A doctl config in a relative XDG_CONFIG_HOME would hand kubectl another account's credential.
        String planted = "dop_v1_planted_in_the_working_directory";
        String own = "dop_v1_from_the_home_config";
        for (String dir : List.of("cfg/doctl", "doctl")) {
            Files.createDirectories(work.resolve(dir));
            Files.writeString(work.resolve(dir).resolve("config.yaml"), "access-token: " + planted + "\n");
        }
        Files.createDirectories(home.resolve(".config/doctl"));
        Files.writeString(home.resolve(".config/doctl/config.yaml"), "access-token: " + own + "\n");
        List<Path> before = tree(work);
        launcher.env("DIGITALOCEAN_ACCESS_TOKEN", null).env("XDG_CACHE_HOME", "cfg");
        for (String relative : List.of("cfg", ".", "./cfg", "../repo/cfg")) {
            served(launcher.env("XDG_CONFIG_HOME", relative).run("credential", CLUSTER, "--no-cache"));
        }
        assertEquals(4, api.findAll(getRequestedFor(urlPathMatching(ApiStandIn.CREDENTIALS))
                .withHeader("Authorization", equalTo("Bearer " + own))).size(), "the home config's token, every time");
        assertEquals(4, ApiStandIn.credentialRequests(api), "no request with the planted token");
        assertEquals(before, tree(work), "nothing written under the working directory");
    }

    @Test
    void aRelativeCacheDirIsAUsageError() throws Exception {
        for (String relative : List.of(".", "cache", "../x", "~/x", "./c", "c/../d")) {
            Launcher.Result result = launcher.env("DOKS_AUTH_CACHE_DIR", relative).run("credential", CLUSTER);
            assertEquals(2, result.exitCode(), relative + ": " + result);
            assertTrue(oneSentence(result) && result.stderr().contains("DOKS_AUTH_CACHE_DIR"), relative + ": " + result);
        }
        assertEquals(List.of(), tree(work.getParent()).stream().filter(f -> !f.equals(work)).toList());
        assertEquals(List.of(), tree(work), "nothing written under the working directory");
        assertFalse(Files.exists(home.resolve(".cache")), "nor anywhere else");
        assertEquals(0, ApiStandIn.credentialRequests(api));
    }

    // --- permissions ------------------------------------------------------------------------------

    @Test
    void everyFileIsPrivateWhateverTheUmask() throws Exception {
        launcher.env("KUBERNETES_EXEC_INFO", EXEC_INFO_WITH_CLUSTER);
        int requests = 0;
        for (String umask : List.of("000", "002", "022", "077", "277", "777")) {
            // Directories that do not exist yet, parents included: each one doks-auth makes is private.
            Path base = Files.createDirectory(home.resolve("umask-" + umask));
            Path cacheDir = base.resolve("deep/er/cache");
            launcher.env("DOKS_AUTH_CACHE_DIR", cacheDir.toString())
                    .wrappedIn("sh", "-c", "umask " + umask + "; exec \"$0\" \"$@\"");
            String first = token(served(launcher.run("credential", CLUSTER)));
            String again = token(served(launcher.run("credential", CLUSTER)));
            String fetched = token(served(launcher.run("credential", CLUSTER, "--no-cache")));
            assertEquals(first, again, "umask " + umask + ": the entry is read back");
            assertEquals(fetched, token(served(launcher.run("credential", CLUSTER))), "umask " + umask);
            requests += 2;
            assertEquals(requests, ApiStandIn.credentialRequests(api), "umask " + umask + ": the hits made no request");

            List<Path> files = tree(base.resolve("deep"));
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().contains(".served-")), "a served record: " + files);
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".lock")), "a lock: " + files);
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".json")), "an entry: " + files);
            for (Path file : files) {
                boolean directory = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
                assertTrue(directory || Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), file.toString());
                assertFalse(file.getFileName().toString().endsWith(".tmp"), "no temporary file left: " + file);
                assertEquals(directory ? "rwx------" : "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)),
                        "umask " + umask + ": " + file);
            }
        }
    }

    // --- symbolic links and odd files where the cache's files belong ------------------------------

    @Test
    void nothingIsWrittenThroughASymbolicLink() throws Exception {
        assertNothingWrittenThrough("symbolic", (link, victim) -> Files.createSymbolicLink(link, victim));
    }

    @Test
    void nothingIsWrittenThroughAHardLink() throws Exception {
        assertNothingWrittenThrough("hard", (link, victim) -> Files.createLink(link, victim));
    }

    @FunctionalInterface
    private interface Linker {
        void link(Path link, Path victim) throws Exception;
    }

    /**
     * Links at the entry, the lock and every served-record slot (whichever this client's PID chooses),
     * each to a file outside the cache: runs still serve, fetch and hit, and no target changes.
     */
    private void assertNothingWrittenThrough(String kind, Linker linker) throws Exception {
        launcher.env("KUBERNETES_EXEC_INFO", EXEC_INFO_WITH_CLUSTER);
        served(launcher.run("credential", CLUSTER));
        String stem = stem(cache);
        Path outside = Files.createDirectory(home.resolve("outside"));
        Map<Path, byte[]> victims = new LinkedHashMap<>();
        List<Path> links = new ArrayList<>();
        links.add(cache.resolve(stem + ".json"));
        links.add(cache.resolve(stem + ".lock"));
        for (int slot = 0; slot < 64; slot++) {
            links.add(cache.resolve(stem + ".served-" + slot));
        }
        for (Path link : links) {
            Path victim = outside.resolve(link.getFileName() + ".victim");
            byte[] content = ("someone else's file, not " + link.getFileName() + "\n").getBytes();
            Files.write(victim, content);
            Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
            victims.put(victim, content);
            Files.deleteIfExists(link);
            linker.link(link, victim);
        }
        String fetched = token(served(launcher.run("credential", CLUSTER))); // a miss: the entry is not ours
        assertEquals(fetched, token(served(launcher.run("credential", CLUSTER))), kind + " links: then a hit");
        String refetched = token(served(launcher.run("credential", CLUSTER, "--no-cache")));
        assertEquals(refetched, token(served(launcher.run("credential", CLUSTER))), kind + " links: a fetch, then a hit");
        assertEquals(3, ApiStandIn.credentialRequests(api));
        for (Map.Entry<Path, byte[]> victim : victims.entrySet()) {
            assertArrayEquals(victim.getValue(), Files.readAllBytes(victim.getKey()), victim.getKey() + " is untouched");
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim.getKey())),
                    victim.getKey() + " keeps its mode");
        }
        for (Path name : List.of(cache.resolve(stem + ".json"), cache.resolve(stem + ".lock"))) {
            assertTrue(Files.isRegularFile(name, LinkOption.NOFOLLOW_LINKS), name + " is ours again");
        }
    }

    @Test
    void aLockPathThatIsNotARegularFileHeals() throws Exception {
        served(launcher.run("credential", CLUSTER));
        String stem = stem(cache);
        Path lock = cache.resolve(stem + ".lock");
        Path entry = cache.resolve(stem + ".json");
        Path outsideDirectory = Files.createDirectory(home.resolve("outside"));
        Files.writeString(outsideDirectory.resolve("keep"), "kept");
        Map<String, Plant> plants = new LinkedHashMap<>();
        plants.put("an empty directory", () -> Files.createDirectory(lock));
        plants.put("a directory with files and directories", () -> {
            Files.createDirectories(lock.resolve("a/b"));
            Files.writeString(lock.resolve("a/b/file"), "x");
            Files.writeString(lock.resolve("file"), "y");
            Files.createSymbolicLink(lock.resolve("link-out"), outsideDirectory);
        });
        plants.put("a FIFO", () -> Commands.runOk("mkfifo", lock.toString()));
        plants.put("a dangling symbolic link", () -> Files.createSymbolicLink(lock, home.resolve("nowhere")));
        plants.put("a symbolic link to /dev/null", () -> Files.createSymbolicLink(lock, Path.of("/dev/null")));
        plants.put("a symbolic link to a directory", () -> Files.createSymbolicLink(lock, outsideDirectory));
        plants.put("a symbolic link to itself", () -> Files.createSymbolicLink(lock, lock.getFileName()));
        plants.put("a Unix socket", () -> Commands.runOk("python3", "-c", // by a relative name: a socket's path is short
                "import os,socket,sys; os.chdir(sys.argv[1]); socket.socket(socket.AF_UNIX).bind(sys.argv[2])",
                cache.toString(), lock.getFileName().toString()));
        for (Map.Entry<String, Plant> plant : plants.entrySet()) {
            Files.delete(entry); // a miss: the lock is taken
            removeTree(lock);
            plant.getValue().plant();
            int before = ApiStandIn.credentialRequests(api);
            String fetched = token(served(launcher.run("credential", CLUSTER)));
            assertEquals(fetched, token(served(launcher.run("credential", CLUSTER))), plant.getKey() + ": then a hit");
            assertEquals(before + 1, ApiStandIn.credentialRequests(api), plant.getKey() + ": one request");
            assertTrue(Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS), plant.getKey() + ": healed");
        }
        assertEquals("kept", Files.readString(outsideDirectory.resolve("keep")), "what a link pointed at is untouched");
    }

    @FunctionalInterface
    private interface Plant {
        void plant() throws Exception;
    }

    /** Removes a file, link or directory tree without following links. */
    private static void removeTree(Path path) throws Exception {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    removeTree(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    // --- time -------------------------------------------------------------------------------------

    /** The API issues credentials that live {@code seconds}, each with its own expires_at from the time of asking. */
    private static void issuesCredentialsLiving(long seconds) {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"\","
                        + "\"token\":\"doks-{{randomValue length=32 type='ALPHANUMERIC'}}\","
                        + "\"expires_at\":\"{{now offset='" + seconds + " seconds'}}\"}")
                .withTransformers("response-template")));
    }

    /** expires_at of every token the API issued, in epoch seconds. */
    private static Map<String, Long> issued() throws Exception {
        Map<String, Long> issued = new HashMap<>();
        for (ServeEvent event : api.getAllServeEvents()) {
            JsonObject body = Json.parseObject(event.getResponse().getBodyAsString());
            issued.put(body.string("token"), Instant.parse(body.string("expires_at")).getEpochSecond());
        }
        return issued;
    }

    /**
     * Checks a served credential against what the API issued: it was fresh when the run began, and
     * kubectl was told to come back a margin before expires_at: at least 2 s, and 10 % of the lifetime.
     */
    private void assertServedWithItsMargin(JsonObject credential, long runStartedMillis, long runEndedMillis) throws Exception {
        long expiresAt = issued().get(token(credential));
        long printed = expirationTimestamp(credential);
        // The lifetime as doks-auth can know it: from no later than the end of the run.
        long lifetime = expiresAt - (runEndedMillis + 999) / 1000;
        long margin = Math.min(300, Math.max(2, lifetime / 10));
        assertTrue(printed <= expiresAt - margin, "expirationTimestamp " + printed + " keeps " + margin
                + " s before expires_at " + expiresAt);
        assertTrue(printed * 1000 > runStartedMillis, "served only while fresh: expirationTimestamp " + printed
                + " s, run started at " + runStartedMillis + " ms");
    }

    private JsonObject timedRun(String... args) throws Exception {
        long started = System.currentTimeMillis();
        Launcher.Result result = launcher.run(args);
        long ended = System.currentTimeMillis();
        JsonObject credential = served(result);
        assertServedWithItsMargin(credential, started, ended);
        return credential;
    }

    @Test
    void shortLifetimesKeepAMargin() throws Exception {
        for (long seconds : List.of(20L, 60L, 600L, 3000L)) {
            launcher.env("DOKS_AUTH_CACHE_DIR", home.resolve("cache-" + seconds).toString());
            issuesCredentialsLiving(seconds);
            String first = token(timedRun("credential", CLUSTER));
            assertEquals(first, token(timedRun("credential", CLUSTER)), seconds + " s: the second run is a hit");
        }
    }

    @Test
    void aFiveSecondCredentialIsNeverServedWithinItsMargin() throws Exception {
        issuesCredentialsLiving(5);
        Set<String> tokens = new HashSet<>();
        int hits = 0;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Run until the cache has served a credential again and then replaced it: the margin's edge was crossed.
        while (tokens.size() < 3 || hits == 0) {
            assertTrue(System.nanoTime() < giveUp, "60 s of runs: " + tokens.size() + " tokens, " + hits + " hits");
            if (!tokens.add(token(timedRun("credential", CLUSTER)))) {
                hits++;
            }
        }
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** The API's clock is {@code offsetSeconds} off ours (negative: behind); its credentials live 600 s by its clock. */
    private static void apiClockOff(long offsetSeconds) {
        Instant apiNow = Instant.now().plusSeconds(offsetSeconds);
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withHeader("Date", httpDate(apiNow))
                .withBody("{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"\","
                        + "\"token\":\"doks-{{randomValue length=32 type='ALPHANUMERIC'}}\","
                        + "\"expires_at\":\"" + apiNow.plusSeconds(600).truncatedTo(ChronoUnit.SECONDS)
                        + "\"}")
                .withTransformers("response-template")));
    }

    @Test
    void aCredentialJustIssuedIsServedWhateverTheLocalClock() throws Exception {
        // Offsets of the API's clock from ours: ours is ahead (the API's Date is in the past), then behind.
        for (long offset : List.of(-7200L, -86_400L * 3, -900L, 7200L, 86_400L * 400)) {
            api.resetRequests();
            launcher.env("DOKS_AUTH_CACHE_DIR", home.resolve("cache" + offset).toString());
            apiClockOff(offset);
            long started = System.currentTimeMillis();
            Launcher.Result first = launcher.run("credential", CLUSTER);
            long ended = System.currentTimeMillis();
            assertEquals(0, first.exitCode(), offset + ": " + first);
            JsonObject credential = execCredential(first);
            long printed = expirationTimestamp(credential);
            // 600 s from the answer on our clock, less the 60 s margin.
            assertTrue(printed * 1000 > ended && printed <= (ended + 999) / 1000 + 600 - 60 + 1,
                    offset + ": expirationTimestamp " + printed + " is about 540 s ahead on our clock (" + started + " ms)");
            assertEquals(1, first.stderr().lines().count(), "one warning: " + first);
            assertTrue(first.stderr().startsWith("doks-auth: warning: ") && first.stderr().contains("clock")
                    && first.stderr().contains(offset < 0 ? "ahead" : "behind"), offset + ": " + first);
            Launcher.Result second = launcher.run("credential", CLUSTER);
            assertEquals(token(credential), token(served(second)), offset + ": the second run is a hit, and says nothing");
            assertEquals(first.stdout(), second.stdout(), offset + ": the same answer");
            assertEquals(1, ApiStandIn.credentialRequests(api), offset + ": one request");
        }
    }

    @Test
    void aSmallClockDifferenceIsNotWorthAWarning() throws Exception {
        for (long offset : List.of(-20L, 20L)) {
            launcher.env("DOKS_AUTH_CACHE_DIR", home.resolve("cache" + offset).toString());
            apiClockOff(offset);
            String first = token(served(launcher.run("credential", CLUSTER)));
            assertEquals(first, token(served(launcher.run("credential", CLUSTER))), offset + ": a hit");
        }
    }

    // --- size -------------------------------------------------------------------------------------

    @Test
    void aOneMebibyteTokenIsWrittenAndReadBack() throws Exception {
        for (int size : List.of(1 << 20, (3 << 20) / 2)) {
            launcher.env("DOKS_AUTH_CACHE_DIR", home.resolve("cache-" + size).toString());
            StringBuilder token = new StringBuilder("doks-");
            Random random = new Random(size);
            while (token.length() < size) {
                token.append((char) ('a' + random.nextInt(26)));
            }
            int before = ApiStandIn.credentialRequests(api);
            ApiStandIn.answers(api, "{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"\",\"token\":\""
                    + token + "\",\"expires_at\":\"" + Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS) + "\"}");
            Launcher.Result first = launcher.run("credential", CLUSTER);
            assertEquals(token.toString(), token(served(first)), size + " bytes");
            Launcher.Result second = launcher.run("credential", CLUSTER);
            served(second);
            assertEquals(first.stdout(), second.stdout(), size + " bytes: read back");
            assertEquals(before + 1, ApiStandIn.credentialRequests(api), size + " bytes: the second run is a hit");
        }
    }
}
