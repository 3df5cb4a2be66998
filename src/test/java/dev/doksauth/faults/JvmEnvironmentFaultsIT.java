package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Environments;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13, class 4: nothing in the environment or the working directory reaches the JVM uninvited.
 * The JVM and its launcher read options from variables and files (and announce them on stdout or
 * stderr, which kubectl shows or parses), take the locale's character set for file names, and need
 * a working directory. With each such input, a cache hit, a miss and {@code --version} print exactly
 * what they print without it, and nothing on stderr.
 */
class JvmEnvironmentFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefe4c4";
    static final String DO_TOKEN = "dop_v1_jvm_environment_secret";
    /** One answer for every request, so that a hit and a miss print the same. */
    static final String ANSWER = "{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"\","
            + "\"token\":\"doks-one-and-the-same-token\",\"expires_at\":\""
            + Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"}";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    Path warmCache;
    String expectedCredential;
    String expectedVersion;
    int runs;

    @BeforeEach
    void setUp() throws Exception {
        ApiStandIn.answers(api, ANSWER);
        warmCache = home.resolve("warm-cache");
        Launcher plain = launcher(Files.createDirectories(home.resolve("plain")), warmCache);
        Launcher.Result miss = plain.run("credential", CLUSTER);
        assertEquals(0, miss.exitCode(), miss.toString());
        assertEquals("", miss.stderr(), miss.toString());
        expectedCredential = miss.stdout();
        assertTrue(expectedCredential.contains("doks-one-and-the-same-token"), miss.toString());
        Launcher.Result hit = plain.run("credential", CLUSTER);
        assertEquals(expectedCredential, hit.stdout(), "a hit prints what the miss printed");
        Launcher.Result version = plain.run("--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertEquals("", version.stderr(), version.toString());
        expectedVersion = version.stdout();
        assertTrue(expectedVersion.startsWith("doks-auth "), version.toString());
    }

    @AfterEach
    void noSecretWhereItShouldNotBe() throws Exception {
        Secrets.assertNoneInThenRemoveLinks(home, DO_TOKEN);
    }

    private Launcher launcher(Path workingDirectory, Path cacheDir) {
        return ApiStandIn.launcher(api, home, DO_TOKEN).directory(workingDirectory)
                .env("DOKS_AUTH_CACHE_DIR", cacheDir.toString()).env("DOKS_AUTH_TIMEOUT", "10");
    }

    /** What differs from a plain run, as "name: run: what", or nothing. */
    private List<String> differences(String name, Launcher variant) throws Exception {
        List<String> problems = new ArrayList<>();
        int before = ApiStandIn.credentialRequests(api);
        compare(problems, name + ": hit", variant.env("DOKS_AUTH_CACHE_DIR", warmCache.toString()).run("credential", CLUSTER),
                expectedCredential);
        Path fresh = home.resolve("miss-" + ++runs);
        compare(problems, name + ": miss", variant.env("DOKS_AUTH_CACHE_DIR", fresh.toString()).run("credential", CLUSTER),
                expectedCredential);
        if (ApiStandIn.credentialRequests(api) != before + 1) {
            problems.add(name + ": " + (ApiStandIn.credentialRequests(api) - before) + " requests for a hit and a miss");
        }
        compare(problems, name + ": --version", variant.run("--version"), expectedVersion);
        return problems;
    }

    private static void compare(List<String> problems, String what, Launcher.Result result, String expected) {
        if (result.exitCode() != 0 || !result.stdout().equals(expected) || !result.stderr().isEmpty()) {
            problems.add(what + ": " + result);
        }
    }

    private void assertNothingChanges(Map<String, Map<String, String>> cases) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            Launcher variant = launcher(Files.createDirectories(home.resolve("work-" + runs)), warmCache);
            c.getValue().forEach(variant::env);
            problems.addAll(differences(c.getKey(), variant));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void jvmOptionVariables() throws Exception {
        // Each announces itself, prints on stdout, changes what is printed, or stops the JVM.
        List<String> options = List.of("-XX:+PrintFlagsFinal -verbose:class", "-Xlog:all -XX:+PrintVMOptions",
                "-Dfile.encoding=UTF-16 -Dstdout.encoding=UTF-16 -Duser.language=tr -Duser.timezone=Asia/Kathmandu",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0", "-Xmx2m",
                "-XX:NoSuchOption", "-XX:SharedArchiveFile=/nonexistent.jsa -Xshare:on -XX:+PrintCommandLineFlags");
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS")) {
            for (String option : options) {
                cases.put(variable + "=" + option, Environments.of(variable, option));
            }
        }
        cases.put("JDK_JAVA_OPTIONS=--dry-run", Environments.of("JDK_JAVA_OPTIONS", "--dry-run"));
        cases.put("JDK_JAVA_OPTIONS=@argfile", Environments.of("JDK_JAVA_OPTIONS", "@/nonexistent/argfile"));
        cases.put("JDK_JAVA_OPTIONS=-XshowSettings:all", Environments.of("JDK_JAVA_OPTIONS", "-XshowSettings:all --show-version"));
        cases.put("JDK_AOT_VM_OPTIONS", Environments.of("JDK_AOT_VM_OPTIONS", "-verbose:class -Xlog:all"));
        cases.put("_JAVA_LAUNCHER_DEBUG", Environments.of("_JAVA_LAUNCHER_DEBUG", "1"));
        cases.put("all of them", Environments.of("JAVA_TOOL_OPTIONS", "-verbose:gc", "_JAVA_OPTIONS", "-verbose:class",
                "JDK_JAVA_OPTIONS", "-Xlog:all", "JDK_AOT_VM_OPTIONS", "-Xlog:all", "_JAVA_LAUNCHER_DEBUG", "1"));
        assertNothingChanges(cases);
    }

    @Test
    void classpathJavaHomeAndOtherJvmVariables() throws Exception {
        Path fakeJdk = Files.createDirectories(home.resolve("fake-jdk/bin"));
        Path fakeJava = fakeJdk.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho fake java\nexit 7\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("CLASSPATH=/nonexistent", Environments.of("CLASSPATH", "/nonexistent"));
        cases.put("CLASSPATH=.", Environments.of("CLASSPATH", ".:" + fakeJdk));
        cases.put("JAVA_HOME elsewhere", Environments.of("JAVA_HOME", fakeJdk.getParent().toString()));
        cases.put("JAVA_HOME another JDK", Environments.of("JAVA_HOME", System.getProperty("java.home")));
        cases.put("JAVA_HOME nonexistent", Environments.of("JAVA_HOME", "/nonexistent"));
        cases.put("a java first on PATH", Environments.of("PATH", fakeJdk + ":" + System.getenv("PATH")));
        cases.put("PATH empty", Environments.of("PATH", ""));
        cases.put("PATH unset", Environments.of("PATH", null));
        cases.put("JAVA_OPTS, JAVA_OPTIONS", Environments.of("JAVA_OPTS", "-verbose:class", "JAVA_OPTIONS", "-verbose:class"));
        cases.put("JAVA_COMPILER", Environments.of("JAVA_COMPILER", "NONE"));
        cases.put("_JAVA_SR_SIGNUM", Environments.of("_JAVA_SR_SIGNUM", "12"));
        cases.put("MALLOC_CHECK_, LD_BIND_NOW", Environments.of("MALLOC_CHECK_", "3", "LD_BIND_NOW", "1", "MALLOC_ARENA_MAX", "1"));
        cases.put("TMPDIR nonexistent", Environments.of("TMPDIR", "/nonexistent"));
        // The launcher's own protocol, inherited from a doks-auth further up (or set by hand).
        cases.put("DOKS_AUTH_CLIENT_PID", Environments.of("DOKS_AUTH_CLIENT_PID", "not-a-pid"));
        cases.put("DOKS_AUTH_HANDED_OVER", Environments.of("DOKS_AUTH_HANDED_OVER", "garbage"));
        // The shell that runs the launcher reads these when it is bash; dash does not.
        Path loud = home.resolve("loud.sh");
        Files.writeString(loud, "echo from the environment's start-up file\n");
        cases.put("IFS", Environments.of("IFS", "-"));
        cases.put("ENV, BASH_ENV", Environments.of("ENV", loud.toString(), "BASH_ENV", loud.toString()));
        cases.put("PS4, CDPATH", Environments.of("PS4", "traced ", "CDPATH", "/tmp"));
        assertNothingChanges(cases);
    }

    @Test
    void timeZones() throws Exception {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        for (String tz : List.of("", ":", "Nowhere/Invalid", "UTC+99", "<+14>-14", ":/etc/localtime", "../../../../etc/passwd",
                "/dev/zero", "Asia/Kathmandu", "Pacific/Chatham", "EST5EDT,M3.2.0,M11.1.0", "A".repeat(4000))) {
            cases.put("TZ=" + (tz.length() > 40 ? tz.substring(0, 10) + "..." : tz), Environments.of("TZ", tz));
        }
        assertNothingChanges(cases);
    }

    @Test
    void locales() throws Exception {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("LANG=C", Environments.of("LANG", "C"));
        cases.put("LC_ALL=C", Environments.of("LC_ALL", "C", "LANG", "C.UTF-8"));
        cases.put("LC_ALL=POSIX", Environments.of("LC_ALL", "POSIX"));
        cases.put("LANG=C.UTF-8", Environments.of("LANG", "C.UTF-8"));
        cases.put("LC_ALL not installed", Environments.of("LC_ALL", "xx_YY.UTF-8"));
        cases.put("Turkish", Environments.of("LC_ALL", "tr_TR.UTF-8", "LANGUAGE", "tr"));
        cases.put("Arabic digits", Environments.of("LC_NUMERIC", "ar_EG.UTF-8", "LC_TIME", "th_TH.UTF-8@calendar=buddhist"));
        cases.put("LC_CTYPE=C under a UTF-8 LANG", Environments.of("LC_CTYPE", "C", "LANG", "C.UTF-8"));
        cases.put("LANG=garbage", Environments.of("LANG", "../../etc/passwd"));
        assertNothingChanges(cases);
    }

    /**
     * A home directory whose name is not ASCII, in the C locale (no LANG at all, as under cron, systemd or
     * {@code env -i}): the JVM would read HOME as ASCII and could not use it. The cache under it, and
     * doctl's config under it, are found as in a UTF-8 locale.
     */
    @Test
    void aHomeDirectoryNamedInUtf8UnderTheCLocale() throws Exception {
        assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding")).name().equals("UTF-8"),
                "the test JVM itself can name such a directory");
        Path utf8Home = Files.createDirectories(home.resolve("hé-ü-日本-Ω"));
        Files.createDirectories(utf8Home.resolve(".config/doctl"));
        Files.writeString(utf8Home.resolve(".config/doctl/config.yaml"), "access-token: dop_v1_in_a_utf8_home\n");
        List<String> problems = new ArrayList<>();
        int requests = ApiStandIn.credentialRequests(api);
        List<Map<String, String>> locales = List.of(Environments.of(), Environments.of("LANG", "C"), Environments.of("LC_ALL", "C"), Environments.of("LC_ALL", "POSIX"),
                Environments.of("LC_CTYPE", "POSIX", "LANG", "C"), Environments.of("LANG", "C.UTF-8"));
        for (Map<String, String> locale : locales) {
            // Without DOKS_AUTH_CACHE_DIR and without a token variable: the cache and doctl's config under HOME.
            Launcher launcher = new Launcher(utf8Home).directory(utf8Home).env("DIGITALOCEAN_API_URL", api.baseUrl())
                    .env("DOKS_AUTH_TIMEOUT", "10");
            locale.forEach(launcher::env);
            rmTree(utf8Home.resolve(".cache"));
            compare(problems, locale + ": miss", launcher.run("credential", CLUSTER), expectedCredential);
            compare(problems, locale + ": hit", launcher.run("credential", CLUSTER), expectedCredential);
            compare(problems, locale + ": --version", launcher.run("--version"), expectedVersion);
            if (!Files.isDirectory(utf8Home.resolve(".cache/doks-auth"))) {
                problems.add(locale + ": no cache under " + utf8Home);
            }
            requests++;
        }
        assertEquals(List.of(), problems);
        assertEquals(requests, ApiStandIn.credentialRequests(api), "one request per locale: the hits found the entry");
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("h") && !n.equals("hé-ü-日本-Ω"))
                    .toList(), "no directory of a mangled name beside the home directory");
        }
    }

    // --- the working directory ----------------------------------------------------------------

    @FunctionalInterface
    private interface Plant {
        void plant(Path workingDirectory) throws Exception;
    }

    @Test
    void filesInTheWorkingDirectory() throws Exception {
        Map<String, Plant> plants = new LinkedHashMap<>();
        plants.put(".hotspotrc", dir -> Files.writeString(dir.resolve(".hotspotrc"),
                "+PrintVMOptions\n+PrintFlagsFinal\n-UseSerialGC\n+UseZGC\n"));
        plants.put(".hotspotrc a directory", dir -> Files.createDirectory(dir.resolve(".hotspotrc")));
        plants.put(".hotspotrc a FIFO", dir -> exec("mkfifo", dir.resolve(".hotspotrc").toString()));
        plants.put(".hotspot_compiler", dir -> Files.writeString(dir.resolve(".hotspot_compiler"),
                "print *.*\nlog *.*\nexclude java/lang/String.*\n"));
        plants.put(".hotspot_compiler a FIFO", dir -> exec("mkfifo", dir.resolve(".hotspot_compiler").toString()));
        plants.put(".attach_pid", dir -> {
            Files.createFile(dir.resolve(".attach_pid"));
            for (long pid = ProcessHandle.current().pid(); pid < ProcessHandle.current().pid() + 50; pid++) {
                Files.createFile(dir.resolve(".attach_pid" + pid));
            }
        });
        plants.put("hs_err and replay names taken", dir -> {
            Path precious = Files.writeString(home.resolve("precious"), "precious");
            for (long pid = ProcessHandle.current().pid(); pid < ProcessHandle.current().pid() + 50; pid++) {
                Files.createDirectory(dir.resolve("hs_err_pid" + pid + ".log"));
                Files.createSymbolicLink(dir.resolve("replay_pid" + pid + ".log"), precious);
            }
            Files.createDirectory(dir.resolve("hotspot.log"));
        });
        plants.put("classes and a java of its own", dir -> {
            Files.createDirectories(dir.resolve("dev/doksauth/launcher"));
            Files.writeString(dir.resolve("dev/doksauth/Main.class"), "not a class");
            Files.writeString(dir.resolve("dev/doksauth/launcher/FirstJvm.class"), "not a class");
            Path java = dir.resolve("java");
            Files.writeString(java, "#!/bin/sh\necho fake java\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(dir.resolve("@argfile"), "-verbose:class\n");
        });
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Plant> plant : plants.entrySet()) {
            Path dir = Files.createDirectories(home.resolve("work-" + plant.getKey().replaceAll("[^a-z]", "")));
            plant.getValue().plant(dir);
            Launcher variant = launcher(dir, warmCache).env("PATH", ".:" + System.getenv("PATH"))
                    .env("CLASSPATH", ".").env("JDK_JAVA_OPTIONS", "@argfile");
            problems.addAll(differences(plant.getKey(), variant));
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A working directory that was deleted (a shell left in a directory another removed): the JVM cannot
     * start there, kubectl can. The shell that runs the launcher says on its own that it cannot name the
     * directory (dash does, before any line of the script runs); nothing else is printed.
     */
    @Test
    void aDeletedWorkingDirectory() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String run : List.of("hit", "miss", "version")) {
            Path doomed = Files.createDirectories(home.resolve("doomed-" + run));
            Launcher launcher = launcher(home, run.equals("miss") ? home.resolve("miss-deleted") : warmCache)
                    .env("DOOMED", doomed.toString())
                    .wrappedIn("sh", "-c", "cd \"$DOOMED\" && rmdir \"$DOOMED\" && exec \"$0\" \"$@\"");
            Launcher.Result result = run.equals("version") ? launcher.run("--version") : launcher.run("credential", CLUSTER);
            String expected = run.equals("version") ? expectedVersion : expectedCredential;
            boolean onlyTheShell = result.stderr().lines().allMatch(line -> line.contains("getcwd"));
            if (result.exitCode() != 0 || !result.stdout().equals(expected) || !onlyTheShell) {
                problems.add(run + ": " + result);
            }
            assertFalse(Files.exists(doomed));
        }
        assertEquals(List.of(), problems);
    }

    private static void exec(String... command) throws Exception {
        dev.doksauth.testing.Commands.runOk(command);
    }

    private static void rmTree(Path path) throws Exception {
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    rmTree(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
