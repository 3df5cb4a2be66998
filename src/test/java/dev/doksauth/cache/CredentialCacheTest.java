package dev.doksauth.cache;

import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialCacheTest {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void plantedLinksRemoved() throws Exception {
        dev.doksauth.testing.Links.removeAll(tmp);
    }

    private static CacheKey key(String doToken) {
        return CacheKey.forDoToken("https://api.digitalocean.com", new DoToken(doToken, "default", "test"), CLUSTER, 0);
    }

    @Test
    void writesPrivateFilesInAPrivateDirectoryAndReadsThemBack() throws Exception {
        CredentialCache cache = new CredentialCache(tmp.resolve("a/b/doks-auth"));
        Credential credential = Credential.ofToken("cluster-token", 1000, 2000);
        cache.write(key("do-token"), CacheEntry.of(credential));
        assertEquals(credential, cache.read(key("do-token")).credential());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.directory())));
        try (var files = Files.list(cache.directory())) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                assertFalse(file.getFileName().toString().contains("do-token"));
                assertFalse(Files.readString(file).contains("do-token"));
            }
        }
    }

    @Test
    void anotherTokenOrExpiryOrApiIsAnotherEntry() throws Exception {
        assertNotEquals(key("a").fileStem(), key("b").fileStem());
        DoToken token = new DoToken("a", "default", "test");
        assertNotEquals(CacheKey.forDoToken("https://x", token, CLUSTER, 0).fileStem(), CacheKey.forDoToken("https://y", token, CLUSTER, 0).fileStem());
        assertNotEquals(CacheKey.forDoToken("https://x", token, CLUSTER, 0).fileStem(), CacheKey.forDoToken("https://x", token, CLUSTER, 60).fileStem());
        CredentialCache cache = new CredentialCache(tmp);
        cache.write(key("a"), CacheEntry.of(Credential.ofToken("for-a", 1, 2)));
        assertNull(cache.read(key("b")));
    }

    @Test
    void whatCannotBeReadIsAMiss() throws Exception {
        CredentialCache cache = new CredentialCache(tmp.resolve("c"));
        cache.write(key("t"), CacheEntry.of(Credential.ofToken("x", 1, 2)));
        Path entry = cache.directory().resolve(key("t").fileStem() + ".json");
        String whole = Files.readString(entry);
        for (String broken : List.of("", "garbage", whole.substring(0, whole.length() / 2), "{\"format\":2}",
                whole.replace("\"format\":2", "\"format\":1"), "[]", "{\"format\":1}")) {
            Files.writeString(entry, broken);
            assertNull(cache.read(key("t")), broken);
        }
        Files.writeString(entry, whole);
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-r--r--"));
        assertNull(cache.read(key("t")), "an entry others can read was not written by us");
        Files.delete(entry);
        Files.createSymbolicLink(entry, tmp.resolve("elsewhere.json"));
        Files.writeString(tmp.resolve("elsewhere.json"), whole);
        assertNull(cache.read(key("t")), "a symbolic link is not followed");
    }

    @Test
    void anEntryInTheWrongPlaceIsAMiss() throws Exception {
        CredentialCache cache = new CredentialCache(tmp);
        cache.write(key("a"), CacheEntry.of(Credential.ofToken("x", 1, 2)));
        Files.move(tmp.resolve(key("a").fileStem() + ".json"), tmp.resolve(CacheKey.forDoToken("https://other", new DoToken("a", "d", "t"),
                CLUSTER, 0).fileStem() + ".json"));
        assertNull(cache.read(CacheKey.forDoToken("https://other", new DoToken("a", "d", "t"), CLUSTER, 0)));
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws Exception {
        for (String permissions : List.of("rwxrwxrwx", "rwxrwx---", "rwx---rwx", "rwx----w-")) {
            Path dir = Files.createDirectory(tmp.resolve("open-" + permissions.replace('-', '_')));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
            DoksAuthException e = assertThrows(DoksAuthException.class, () -> new CredentialCache(dir).read(key("t")),
                    permissions);
            assertTrue(e.getMessage().contains("(" + permissions + "); run 'chmod 700"), e.getMessage());
        }
    }

    @Test
    void aDirectoryClosedToOthersIsAccepted() throws Exception {
        for (String permissions : List.of("rwx------", "rwxr-x---", "rwxr-xr-x")) {
            Path dir = Files.createDirectory(tmp.resolve("closed-" + permissions.replace('-', '_')));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
            assertTrue(new CacheDirectory(dir).check(), permissions);
        }
    }

    @Test
    void anEntryThatIsNotPrivateIsAMiss() throws Exception {
        CredentialCache cache = new CredentialCache(tmp);
        cache.write(key("t"), CacheEntry.of(Credential.ofToken("x", 1, 2)));
        Path entry = tmp.resolve(key("t").fileStem() + ".json");
        for (String permissions : List.of("rw-r--r--", "rw-rw----", "r--------", "rwx------")) {
            Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString(permissions));
            assertNull(cache.read(key("t")), permissions);
        }
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-------"));
        assertEquals("x", cache.read(key("t")).credential().token());
    }

    @Test
    void aNewWriteReplacesTheEntryWhole() throws Exception {
        CredentialCache cache = new CredentialCache(tmp);
        cache.write(key("t"), CacheEntry.of(Credential.ofToken("first", 1, 2)));
        cache.write(key("t"), CacheEntry.of(Credential.ofToken("second", 1, 2)));
        assertEquals("second", cache.read(key("t")).credential().token());
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    @SuppressWarnings("try")
    void theLockIsExclusiveAndWaitsAtMostAsLongAsAsked() throws Exception {
        CredentialCache cache = new CredentialCache(tmp);
        try (CacheLock held = cache.lock(key("t"), Deadline.in(Duration.ofSeconds(1)))) {
            // A second channel in the same JVM sees the lock as held, as another process would.
            LockTimeoutException e = assertThrows(LockTimeoutException.class,
                    () -> cache.lock(key("t"), Deadline.in(Duration.ofMillis(50))));
            assertEquals(Long.toString(ProcessHandle.current().pid()), e.holderPid(), "the holder names itself");
        }
        try (CacheLock again = cache.lock(key("t"), Deadline.in(Duration.ofMillis(50)))) {
            assertTrue(Files.exists(tmp.resolve(key("t").fileStem() + ".lock")));
        }
    }

    @Test
    void listAndClear() throws Exception {
        CredentialCache cache = new CredentialCache(tmp);
        String other = "11111111-2222-3333-4444-555555555555";
        cache.write(key("t"), CacheEntry.of(Credential.ofToken("x", 1, 2)));
        cache.write(CacheKey.forDoToken("https://api.digitalocean.com", new DoToken("t", "work", "test"), other, 0), CacheEntry.of(Credential.ofToken("y", 1, 2)));
        assertEquals(List.of(other, CLUSTER), cache.list().stream().map(CredentialCache.ListedEntry::clusterId).toList());
        assertEquals(1, cache.clear(List.of(other)));
        assertEquals(List.of(CLUSTER), cache.list().stream().map(CredentialCache.ListedEntry::clusterId).toList());
        assertEquals(1, cache.clear(List.of()));
        assertTrue(cache.list().isEmpty());
    }

    @Test
    void clearRemovesEveryFileOfTheKeysItNamesAndNothingElse() throws Exception {
        CredentialCache cache = new CredentialCache(tmp);
        CacheKey sso = CacheKey.forSso("https://id.example", "client", "openid");
        cache.write(key("t"), CacheEntry.of(Credential.ofToken("x", 1, 2)));
        cache.write(sso, CacheEntry.of(Credential.ofToken("id", 1, 2)));
        cache.lock(key("t"), Deadline.in(Duration.ofSeconds(1))).close();
        cache.recordServed(key("t"), "4242", "4242 kubectl", 1);
        CacheDirectory directory = new CacheDirectory(tmp);
        directory.writeAtomically(CacheFileName.abandoned(sso.fileStem()), "1".getBytes(), false);
        Files.writeString(tmp.resolve(CacheFileName.temporary(CacheFileName.entry(key("t").fileStem()), "12ab")), "half");
        Files.writeString(tmp.resolve("notes.txt"), "not ours");
        Files.writeString(tmp.resolve(CLUSTER + ".json"), "no hash: not a name the cache makes");

        assertEquals(1, cache.clear(List.of(CacheKey.SSO_PREFIX)));
        assertFalse(Files.exists(tmp.resolve(CacheFileName.abandoned(sso.fileStem()))), "the sign-in marker goes with its identity");
        assertEquals(1, cache.clear(List.of()));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(CLUSTER + ".json", "notes.txt"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void atomicWritesAreFreshPrivateFilesNeverWrittenThroughALink() throws Exception {
        CacheDirectory directory = new CacheDirectory(tmp.resolve("cache"));
        directory.create();
        Path outside = Files.writeString(tmp.resolve("outside"), "keep");
        Path name = directory.path().resolve("record");
        Files.createSymbolicLink(name, outside);
        directory.writeAtomically("record", "mine".getBytes(), false);
        assertEquals("keep", Files.readString(outside));
        assertFalse(Files.isSymbolicLink(name));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(name)));
        assertEquals("mine", directory.readPrivateText("record", 100));
        Files.createDirectory(directory.path().resolve("in-the-way"));
        directory.writeAtomically("in-the-way", "x".getBytes(), true);
        assertEquals("x", directory.readPrivateText("in-the-way", 100));
    }

    @Test
    void namesTheCacheMakesAreRecognisedAndNoOthers() {
        String stem = key("t").fileStem();
        for (String name : List.of(CacheFileName.entry(stem), CacheFileName.lock(stem), CacheFileName.served(stem, 63),
                CacheFileName.abandoned(stem), CacheFileName.temporary(CacheFileName.served(stem, 1), "ff"))) {
            assertEquals(CLUSTER, CacheFileName.parse(name).owner(), name);
        }
        assertTrue(CacheFileName.parse(CacheFileName.entry(stem)).entry());
        assertFalse(CacheFileName.parse(CacheFileName.temporary(CacheFileName.entry(stem), "ff")).entry());
        for (String name : List.of("x.json", stem + ".served-", stem + ".served-x", stem + ".tmp", "." + stem + ".tmp", stem + ".yaml")) {
            assertNull(CacheFileName.parse(name), name);
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    void aWaitForTheLockIsMentionedOnceWhenItLastsLongEnoughAndNamesTheHolder() throws Exception {
        CredentialCache cache = new CredentialCache(tmp);
        List<String> notices = new java.util.ArrayList<>();
        try (CacheLock held = cache.lock(key("t"), Deadline.in(Duration.ofSeconds(1)))) {
            LockTimeoutException quiet = assertThrows(LockTimeoutException.class, () -> cache.lock(key("t"),
                    Deadline.in(Duration.ofMillis(200)), Duration.ofSeconds(5), (pid, left) -> notices.add(pid)));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), quiet.holderPid());
            assertTrue(notices.isEmpty(), "a wait shorter than its notice goes unmentioned");
            assertThrows(LockTimeoutException.class, () -> cache.lock(key("t"), Deadline.in(Duration.ofMillis(200)),
                    Duration.ZERO, (pid, left) -> notices.add(pid)));
            assertEquals(List.of(String.valueOf(ProcessHandle.current().pid())), notices, "once, naming the holder");
        }
    }
}
