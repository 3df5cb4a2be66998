package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.testing.FakeCredentialStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sso login} as a use case: a fake store, a fake sign-in, a fake clock. */
class SsoLoginTest {

    static final long NOW = 1_800_000_000L;
    static final SsoOptions OPTIONS = new SsoOptions("https://idp.example/", "app", 8000, "browser", 60, false);
    static final String LOGIN = "doks-auth sso login c1";

    final FakeCredentialStore store = new FakeCredentialStore();
    final AtomicLong clock = new AtomicLong(NOW * 1000);
    final ByteArrayOutputStream said = new ByteArrayOutputStream();
    final List<Deadline> signIns = new ArrayList<>();
    /** What the next sign-in gives; each sign-in ends at the clock's time. */
    long lifetimeSeconds = 3600;
    String idToken = IdTokens.token("u1", "ana@example.com", List.of("Owner", "Dev"), NOW + 3600);
    String refreshToken = "rt-1";

    final SsoLogin.SignInNow signIn = deadline -> {
        signIns.add(deadline);
        long now = clock.get() / 1000;
        return IdTokens.entry(idToken, now, now + lifetimeSeconds, refreshToken);
    };

    SsoIdentity.Who login() {
        return new SsoLogin(store, signIn, clock::get, Verbose.off(), new PrintStream(said, true, StandardCharsets.UTF_8))
                .run(OPTIONS, LOGIN, Deadline.in(Duration.ofSeconds(60), "--sso-timeout"));
    }

    CacheEntry stored() {
        return store.entries.get(SsoIdentity.key(OPTIONS));
    }

    @Test
    void signsInEvenWhenAFreshSignInIsStoredAndKeepsTheNewOne() {
        CacheEntry old = IdTokens.entry(IdTokens.token("u1", "ana@example.com", "Owner", NOW + 3000), NOW - 600, NOW + 3000, "rt-0");
        store.entries.put(SsoIdentity.key(OPTIONS), old);
        SsoIdentity.Who who = login();
        assertEquals(1, signIns.size());
        assertEquals(idToken, stored().credential().token());
        assertEquals(List.of("read", "lock", "write", "unlock"), store.done, "written under the lock, not read again");
        assertEquals(new SsoIdentity.Who("https://idp.example/", "app", "u1", "ana@example.com", List.of("Owner", "Dev"),
                NOW + 3600, true), who);
        assertEquals("", said.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSignInWithoutARefreshTokenSaysSo() {
        refreshToken = null;
        assertFalse(login().refreshable());
    }

    @Test
    void aStoreThatCannotKeepTheSignInIsAnErrorNotAWarning() {
        store.writeFails = new IOException("No space left on device");
        DoksAuthException e = assertThrows(DoksAuthException.class, this::login);
        assertEquals("cannot store the sign-in in the cache directory /fake/cache: IO (No space left on device)", e.getMessage());
        assertEquals("unlock", store.done.get(store.done.size() - 1));
    }

    @Test
    void noUsableCacheDirectoryIsAnErrorBeforeAnySignIn() {
        store.lockFails = new IOException("Not a directory");
        DoksAuthException e = assertThrows(DoksAuthException.class, this::login);
        assertEquals("cannot store the sign-in in the cache directory /fake/cache: IO (Not a directory)", e.getMessage());
        assertTrue(signIns.isEmpty());
    }

    @Test
    void aSignInGoingOnInAnotherProcessUntilTheDeadlineIsOneSentence() {
        store.lockHeldBy = "4242";
        DoksAuthException e = assertThrows(DoksAuthException.class, this::login);
        assertEquals("gave up after 10.0 s waiting for another doks-auth process (PID 4242) to finish the sign-in to "
                + "https://idp.example/: the 60 s budget of --sso-timeout ran out", e.getMessage());
        assertTrue(signIns.isEmpty());
        assertTrue(store.entries.isEmpty());
    }

    @Test
    void aFailedSignInLeavesWhatWasStored() {
        CacheEntry old = IdTokens.entry(idToken, NOW - 600, NOW + 3000, "rt-0");
        store.entries.put(SsoIdentity.key(OPTIONS), old);
        DoksAuthException refused = DoksAuthException.failure("nobody finished the sign-in");
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> new SsoLogin(store, deadline -> {
            throw refused;
        }, clock::get, Verbose.off(), System.err).run(OPTIONS, LOGIN, Deadline.in(Duration.ofSeconds(60))));
        assertSame(refused, e);
        assertSame(old, stored());
        assertEquals(List.of("read", "lock", "unlock"), store.done);
    }

    @Test
    void anIdTokenWithTooLittleLifeIsSignedInOnceMoreThenRefused() {
        lifetimeSeconds = 1;
        DoksAuthException e = assertThrows(DoksAuthException.class, this::login);
        assertEquals(2, signIns.size());
        assertEquals("the sign-in to https://idp.example/ came with 1.0 s of life left, less than the 2 s kubectl needs to "
                + "use it; check this computer's clock, or ask the provider for longer-lived ID tokens", e.getMessage());
    }

    @Test
    void anIdTokenThatCannotBeReadIsOneSentence() {
        idToken = "not-a-jwt";
        DoksAuthException e = assertThrows(DoksAuthException.class, this::login);
        assertEquals("the cached ID token for https://idp.example/ cannot be read; run '" + LOGIN + "'", e.getMessage());
    }
}
