package dev.doksauth.token;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.testing.Environments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenResolverTest {

    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = Environments.of(pairs);
        env.putIfAbsent("HOME", home.toString());
        return env;
    }

    private void doctlConfig(String text) throws IOException {
        Path file = home.resolve(".config/doctl/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aNamedContextWinsOverTheEnvironment() throws IOException {
        doctlConfig("access-token: dflt\nauth-contexts:\n  work: wrk\n");
        DoToken token = new TokenResolver(env("DIGITALOCEAN_ACCESS_TOKEN", "envtok")).resolve("work", null);
        assertEquals("wrk", token.value());
        assertEquals("work", token.doctlContext());
        assertEquals("work", token.namedContext());
        assertEquals("wrk", new TokenResolver(env("DIGITALOCEAN_CONTEXT", "work", "DIGITALOCEAN_ACCESS_TOKEN", "e"))
                .resolve(null, null).value());
    }

    @Test
    void thenTheEnvironmentVariablesInOrder() throws IOException {
        doctlConfig("access-token: dflt\n");
        assertEquals("a", new TokenResolver(env("DIGITALOCEAN_ACCESS_TOKEN", "a", "DIGITALOCEAN_TOKEN", "b")).resolve(null, null).value());
        assertEquals("b", new TokenResolver(env("DIGITALOCEAN_ACCESS_TOKEN", "", "DIGITALOCEAN_TOKEN", "b")).resolve(null, null).value());
        assertEquals("a", new TokenResolver(env("DIGITALOCEAN_ACCESS_TOKEN", "a")).resolve("default", null).value());
    }

    @Test
    void thenDoctlsConfigWithItsCurrentContext() throws IOException {
        doctlConfig("access-token: dflt\nauth-contexts:\n  work: wrk\ncontext: work\n");
        assertEquals("wrk", new TokenResolver(env()).resolve(null, null).value());
        assertEquals("dflt", new TokenResolver(env()).resolve("default", null).value());
        Path other = home.resolve("other.yaml");
        Files.writeString(other, "access-token: from-option\n");
        assertEquals("from-option", new TokenResolver(env()).resolve(null, other.toString()).value());
        assertEquals("x", new TokenResolver(env("XDG_CONFIG_HOME", home.resolve("none").toString(),
                "DIGITALOCEAN_TOKEN", "x")).resolve(null, null).value());
    }

    @Test
    void aMissingNamedContextIsAnErrorThatListsTheOthers() throws IOException {
        doctlConfig("access-token: secret-default\nauth-contexts:\n  work: secret-work\n");
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> new TokenResolver(env()).resolve("play", null));
        assertTrue(e.getMessage().contains("no context 'play'") && e.getMessage().contains("default, work"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void noTokenAnywhereSaysWhereItLooked() {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> new TokenResolver(env()).resolve(null, null));
        assertEquals(DoksAuthException.FAILURE, e.exitCode());
        assertTrue(e.getMessage().contains("DIGITALOCEAN_ACCESS_TOKEN") && e.getMessage().contains("doctl auth init"));
    }

    @Test
    void aTokenThatCannotGoInAHeaderIsRefusedWithoutEchoingIt() {
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> new TokenResolver(env("DIGITALOCEAN_ACCESS_TOKEN", "secret\r\nX-Evil: 1")).resolve(null, null));
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void aDoctlConfigFileTheUserNamesMustBeThere() throws IOException {
        Path missing = home.resolve("nope/config.yaml");
        Map<String, String> withEnvironmentToken = env("DIGITALOCEAN_ACCESS_TOKEN", "envtok");
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> new TokenResolver(withEnvironmentToken).resolve(null, missing.toString()));
        assertEquals(DoksAuthException.FAILURE, e.exitCode());
        assertTrue(e.getMessage().equals("--doctl-config names " + missing + ", which does not exist (doctl writes it with "
                + "'doctl auth init')"), e.getMessage());
        e = assertThrows(DoksAuthException.class, () -> new TokenResolver(withEnvironmentToken).resolve(null, home.toString()));
        assertTrue(e.getMessage().contains(home + ", which is a directory"), e.getMessage());
        Path file = Files.writeString(home.resolve("doctl.yaml"), "access-token: fromfile\n");
        assertEquals("fromfile", new TokenResolver(env()).resolve(null, file.toString()).value());
    }

    @Test
    void theDefaultLocationMissingIsFineAndTheMessageSaysWhereItLooked() {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> new TokenResolver(env()).resolve(null, null));
        assertTrue(e.getMessage().contains("DIGITALOCEAN_ACCESS_TOKEN") && e.getMessage().contains("DIGITALOCEAN_TOKEN")
                && e.getMessage().contains(home.resolve(".config/doctl/config.yaml").toString()), e.getMessage());
    }
}
