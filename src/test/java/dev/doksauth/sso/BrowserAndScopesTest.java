package dev.doksauth.sso;

import dev.doksauth.core.SsoOptions;
import dev.doksauth.report.Verbose;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BrowserAndScopesTest {

    static final String URL = "http://localhost:8080/";

    List<List<String>> commands(Map<String, String> env, String os) {
        return new Browser(env, os, Verbose.off()).commands(URL);
    }

    @Test
    void doksAuthBrowserComesBeforeBrowserAndEntriesAreSeparatedByColons() {
        assertEquals(List.of(List.of("mine", URL)), commands(Map.of("DOKS_AUTH_BROWSER", "mine", "BROWSER", "theirs"), "Linux"));
        assertEquals(List.of(List.of("firefox", "--new-tab", URL), List.of("w3m", URL)),
                commands(Map.of("BROWSER", "firefox --new-tab %s:w3m"), "Linux"));
        assertEquals(List.of(List.of("/opt/my browser/run", "--url=" + URL)),
                commands(Map.of("BROWSER", "'/opt/my browser/run' --url=%s"), "Linux"));
    }

    @Test
    void thePlatformsOpenerWhereOneCanShowAPage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path bin) throws Exception {
        for (String opener : List.of("xdg-open", "wslview")) {
            java.nio.file.Files.writeString(bin.resolve(opener), "#!/bin/sh\n");
            java.nio.file.Files.setPosixFilePermissions(bin.resolve(opener),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        String path = "/nonexistent:" + bin;
        assertEquals(List.of(), commands(Map.of("PATH", path), "Linux"), "no display: no xdg-open");
        assertEquals(List.of(List.of("xdg-open", URL)), commands(Map.of("DISPLAY", ":0", "PATH", path), "Linux"));
        assertEquals(List.of(List.of("xdg-open", URL)), commands(Map.of("WAYLAND_DISPLAY", "wayland-0", "PATH", path), "Linux"));
        assertEquals(List.of(List.of("wslview", URL)), commands(Map.of("WSL_DISTRO_NAME", "Ubuntu", "PATH", path), "Linux"));
        assertEquals(List.of(), commands(Map.of("DISPLAY", ":0", "PATH", "/nonexistent"), "Linux"), "no xdg-open installed");
        assertEquals(List.of(), commands(Map.of("WSL_DISTRO_NAME", "Ubuntu"), "Linux"), "no wslview installed");
        assertEquals(List.of(List.of("open", URL)), commands(Map.of(), "Mac OS X"));
        assertEquals(List.of(List.of("rundll32", "url.dll,FileProtocolHandler", URL)), commands(Map.of(), "Windows 11"));
    }

    @Test
    void theBrowserGetsTheEnvironmentItIsGivenWithoutTheLaunchersVariables(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path script = dir.resolve("browser.sh");
        java.nio.file.Path seen = dir.resolve("env.txt");
        java.nio.file.Files.writeString(script, "#!/bin/sh\nenv > '" + seen + ".tmp'\nmv '" + seen + ".tmp' '" + seen + "'\n");
        java.nio.file.Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, String> given = new java.util.HashMap<>(Map.of("PATH", System.getenv("PATH"), "BROWSER", script + " %s",
                "MARKER", "given"));
        for (String name : dev.doksauth.launcher.LauncherProtocol.VARIABLES) {
            given.put(name, "12345");
        }

        boolean opened = new Browser(dev.doksauth.launcher.LauncherProtocol.withoutProtocolVariables(given), "Linux",
                Verbose.off()).open(URL);

        org.junit.jupiter.api.Assertions.assertTrue(opened);
        dev.doksauth.testing.Poll.until("the browser to note its environment", java.time.Duration.ofSeconds(10),
                () -> java.nio.file.Files.exists(seen));
        String env = java.nio.file.Files.readString(seen);
        org.junit.jupiter.api.Assertions.assertTrue(env.contains("MARKER=given"), env);
        org.junit.jupiter.api.Assertions.assertFalse(env.contains("DOKS_AUTH_"), "no launcher variable: " + env);
        org.junit.jupiter.api.Assertions.assertFalse(env.contains("HOME=" + System.getenv("HOME") + "\n")
                && !given.containsKey("HOME"), "only what it was given: " + env);
    }

    @Test
    void scopesAndRedirect() {
        SsoOptions options = new SsoOptions("https://idp.example/", "app", 8080, "auto", 180, false);
        assertEquals("http://localhost:8080/callback", BrowserSignIn.redirectUri(options).toString());
        assertEquals(List.of("openid", "email", "team_role", "offline_access"), SsoSignIn.scopes(options, true));
        assertEquals(List.of("openid", "email", "team_role"), SsoSignIn.scopes(options, false));
        assertEquals(List.of("openid", "email", "team_role"),
                SsoSignIn.scopes(new SsoOptions("https://idp.example/", "app", 8000, "device", 60, true), true));
    }
}
