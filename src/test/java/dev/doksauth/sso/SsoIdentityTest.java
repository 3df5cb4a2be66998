package dev.doksauth.sso;

import dev.doksauth.core.SsoOptions;
import dev.doksauth.report.Verbose;
import dev.doksauth.testing.LocalServers;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** login, whoami and logout --all of cached identities, against mock-oauth2-server. */
class SsoIdentityTest {

    @TempDir
    Path dir;

    MockOAuth2Server provider;

    @BeforeEach
    void start() {
        provider = LocalServers.openIdProvider(0);
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    SsoContext context() throws Exception {
        return new SsoContext(Map.of("PATH", System.getenv("PATH"), "BROWSER", TestBrowser.signingIn(dir).command()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), InputStream.nullInputStream(),
                false, Verbose.off(), dir.resolve("cache"), "c");
    }

    @Test
    void loginCachesWhoamiReadsAndLogoutAllRevokesAndDeletesEveryIdentity() throws Exception {
        String issuer = provider.issuerUrl("default").toString();
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "bob", "JWT", List.of("app-one"),
                Map.of("email", "bob@example.com", "team_role", List.of("Member", "Modifier")), 3600));
        SsoIdentity one = new SsoIdentity(new SsoOptions(issuer, "app-one", LocalServers.freePort(), "browser", 30, false),
                context());
        SsoIdentity two = new SsoIdentity(new SsoOptions(issuer, "app-two", LocalServers.freePort(), "browser", 30, true),
                context());

        SsoIdentity.Who bob = one.login();
        two.login();

        assertEquals("bob@example.com", bob.email());
        assertEquals(List.of("Member", "Modifier"), bob.teamRoles());
        assertTrue(bob.refreshable());
        assertEquals(bob, one.whoami());
        assertFalse(two.whoami().refreshable(), "--sso-no-refresh keeps no refresh token");

        List<String> done = SsoIdentity.logoutAll(context());

        assertEquals(2, done.size(), done.toString());
        assertTrue(done.stream().anyMatch(line -> line.contains("app-one") && line.contains("revoked")), done.toString());
        assertNull(one.whoami());
        assertNull(two.whoami());
        try (var files = Files.list(dir.resolve("cache"))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".json")), "no entry left");
        }
    }
}
