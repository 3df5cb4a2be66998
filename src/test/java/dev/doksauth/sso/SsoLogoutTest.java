package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Credential;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.testing.FakeCredentialStore;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sso logout} as a use case: a fake store and a fake provider. */
class SsoLogoutTest {

    static final long NOW = SsoLoginTest.NOW;
    static final SsoOptions OPTIONS = SsoLoginTest.OPTIONS;

    final FakeCredentialStore store = new FakeCredentialStore();
    final ByteArrayOutputStream said = new ByteArrayOutputStream();
    final List<CacheEntry> revoked = new ArrayList<>();
    /** What the provider answers a revocation: confirmed, not, or a failure. */
    Boolean confirms = true;

    final SsoLogout.Revocation revocation = (options, entry) -> {
        store.done.add("revoke");
        revoked.add(entry);
        if (confirms == null) {
            throw DoksAuthException.failure("cannot reach the identity provider " + options.issuerUrl()
                    + " to revoke the refresh token");
        }
        return confirms;
    };

    SsoLogout logout() {
        return new SsoLogout(store, revocation, new PrintStream(said, true, StandardCharsets.UTF_8));
    }

    CacheEntry signedIn(SsoOptions options) {
        CacheEntry entry = IdTokens.entry(IdTokens.token("u1", "ana@example.com", "Owner", NOW + 60), NOW, NOW + 60, "rt");
        store.entries.put(SsoIdentity.key(options), entry);
        return entry;
    }

    @Test
    void notSignedInSaysSoAndStillClearsWhatAnUnfinishedSignInLeft() {
        assertEquals("not signed in to https://idp.example/ for app", logout().run(OPTIONS));
        assertEquals(List.of("lock", "read", "remove", "unlock"), store.done);
    }

    @Test
    void signedInRevokesFirstThenDeletesUnderTheLock() {
        CacheEntry entry = signedIn(OPTIONS);
        assertEquals("signed out of https://idp.example/ for app; the refresh token was revoked at the provider",
                logout().run(OPTIONS));
        assertEquals(List.of(entry), revoked);
        assertTrue(store.entries.isEmpty());
        assertEquals(List.of("lock", "read", "revoke", "remove", "unlock"), store.done);
    }

    @Test
    void aRevocationTheProviderDidNotConfirmIsNotClaimed() {
        signedIn(OPTIONS);
        confirms = false;
        assertEquals("signed out of https://idp.example/ for app", logout().run(OPTIONS));
        assertTrue(store.entries.isEmpty());
    }

    @Test
    void aProviderThatCannotBeReachedIsAWarningAndTheTokensAreDeletedAllTheSame() {
        signedIn(OPTIONS);
        confirms = null;
        assertEquals("signed out of https://idp.example/ for app", logout().run(OPTIONS));
        assertTrue(store.entries.isEmpty());
        assertEquals("doks-auth: warning: cannot reach the identity provider https://idp.example/ to revoke the refresh "
                + "token; the tokens are deleted here all the same.\n", said.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSignInGoingOnInAnotherProcessIsLeftToFinish() {
        CacheEntry entry = signedIn(OPTIONS);
        store.lockHeldBy = "4242";
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> logout().run(OPTIONS));
        assertEquals("a sign-in to https://idp.example/ is going on in another doks-auth process (PID 4242); sign out once "
                + "it ends", e.getMessage());
        assertEquals(entry, store.entries.get(SsoIdentity.key(OPTIONS)));
        assertTrue(revoked.isEmpty());
    }

    @Test
    void tokensThatCannotBeDeletedAreAnError() {
        signedIn(OPTIONS);
        store.removeFails = new IOException("Permission denied");
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> logout().run(OPTIONS));
        assertEquals("cannot remove the sign-in from the cache directory /fake/cache: IO (Permission denied)", e.getMessage());
        assertEquals("unlock", store.done.get(store.done.size() - 1));
    }

    @Test
    void noUsableCacheDirectoryIsTheSameError() {
        store.lockFails = new IOException("Not a directory");
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> logout().run(OPTIONS));
        assertEquals("cannot remove the sign-in from the cache directory /fake/cache: IO (Not a directory)", e.getMessage());
    }

    @Test
    void allSignsOutEveryIdentityAndLeavesClusters() {
        SsoOptions noRefresh = new SsoOptions("https://idp.example/", "app", 8000, "auto", 60, true);
        SsoOptions other = new SsoOptions("https://other.example/", "app-two", 8000, "auto", 60, false);
        signedIn(OPTIONS);
        signedIn(noRefresh);
        signedIn(other);
        CacheKey cluster = CacheKey.forDoToken("https://api.digitalocean.com", new DoToken("dop_v1_x", "default", "test"), "c1", 0);
        store.entries.put(cluster, CacheEntry.of(Credential.ofToken("cluster-token", NOW, NOW + 60)));
        Credential any = Credential.ofToken("listed", NOW, NOW + 60);
        List<String> done = logout().all(List.of(
                new CredentialCache.ListedEntry("c1", "default", "https://api.digitalocean.com", 0, any),
                new CredentialCache.ListedEntry(CacheKey.SSO_PREFIX, "app", "https://idp.example/", 0, any),
                new CredentialCache.ListedEntry(CacheKey.SSO_PREFIX, "app-two", "https://other.example/", 0, any),
                new CredentialCache.ListedEntry(CacheKey.SSO_PREFIX, "app", "http://not-ours.example/", 0, any)));
        assertEquals(List.of(
                "signed out of https://idp.example/ for app; the refresh token was revoked at the provider",
                "signed out of https://idp.example/ for app; the refresh token was revoked at the provider",
                "signed out of https://other.example/ for app-two; the refresh token was revoked at the provider"), done);
        assertEquals(List.of(cluster), List.copyOf(store.entries.keySet()));
    }

    @Test
    void allWithNothingSignedInDoesNothing() {
        assertEquals(List.of(), logout().all(List.of()));
        assertTrue(store.done.isEmpty());
    }
}
