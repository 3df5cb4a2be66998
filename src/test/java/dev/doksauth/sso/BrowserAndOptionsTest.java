package dev.doksauth.sso;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserAndOptionsTest {

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
    void thePlatformsOpenerWhereOneCanShowAPage() {
        assertEquals(List.of(), commands(Map.of(), "Linux"), "no display: no xdg-open");
        assertEquals(List.of(List.of("xdg-open", URL)), commands(Map.of("DISPLAY", ":0"), "Linux"));
        assertEquals(List.of(List.of("xdg-open", URL)), commands(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux"));
        assertEquals(List.of(List.of("wslview", URL)), commands(Map.of("WSL_DISTRO_NAME", "Ubuntu"), "Linux"));
        assertEquals(List.of(List.of("open", URL)), commands(Map.of(), "Mac OS X"));
        assertEquals(List.of(List.of("rundll32", "url.dll,FileProtocolHandler", URL)), commands(Map.of(), "Windows 11"));
    }

    @Test
    void optionsAreCheckedBeforeAnythingIsTouched() {
        SsoOptions defaults = SsoOptions.parse("https://idp.example/", "app", null, null, null, false);
        assertEquals(8080, defaults.localPort());
        assertEquals(Duration.ofSeconds(180), defaults.timeout());
        assertEquals("http://localhost:8080/callback", defaults.redirectUri());
        assertEquals(List.of("openid", "email", "team_role", "offline_access"), defaults.scopes(true));
        assertEquals(List.of("openid", "email", "team_role"), defaults.scopes(false));
        assertEquals(List.of("openid", "email", "team_role"),
                SsoOptions.parse("https://idp.example", "app", "8000", "device", "60", true).scopes(true));
        SsoOptions.parse("http://127.0.0.1:9000/realms/x", "app", null, null, null, false);
        for (String[] bad : new String[][] {
                {"http://idp.example", "app", null, null, null}, {"ftp://idp.example", "app", null, null, null},
                {"https://idp.example?x=1", "app", null, null, null}, {"https://idp.example", "", null, null, null},
                {"https://idp.example", "app", "0", null, null}, {"https://idp.example", "app", "x", null, null},
                {"https://idp.example", "app", null, "magic", null}, {"https://idp.example", "app", null, null, "0"}}) {
            DoksAuthException e = assertThrows(DoksAuthException.class,
                    () -> SsoOptions.parse(bad[0], bad[1], bad[2], bad[3], bad[4], false), String.join(",", String.valueOf(bad[0])));
            assertEquals(DoksAuthException.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("--sso-"), e.getMessage());
        }
    }
}
