package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.testing.FakeCredentialStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sso whoami} as a use case over a fake store. */
class SsoWhoamiTest {

    static final long NOW = SsoLoginTest.NOW;
    static final SsoOptions OPTIONS = SsoLoginTest.OPTIONS;
    static final String LOGIN = SsoLoginTest.LOGIN;

    final FakeCredentialStore store = new FakeCredentialStore();

    void stored(SsoOptions options, CacheEntry entry) {
        store.entries.put(SsoIdentity.key(options), entry);
    }

    SsoIdentity.Who whoami(SsoOptions options) {
        return new SsoWhoami(store).run(options, LOGIN);
    }

    @Test
    void notSignedInIsNobodyAndChangesNothing() {
        assertNull(whoami(OPTIONS));
        assertEquals(List.of("read"), store.done);
    }

    @Test
    void theSignInOfAnotherClientOrOtherScopesIsNotThisOne() {
        stored(new SsoOptions("https://idp.example/", "other-app", 8000, "auto", 60, false),
                IdTokens.entry(IdTokens.token("u1", "ana@example.com", "Owner", NOW + 60), NOW, NOW + 60, null));
        stored(new SsoOptions("https://idp.example/", "app", 8000, "auto", 60, true),
                IdTokens.entry(IdTokens.token("u2", "bob@example.com", "Owner", NOW + 60), NOW, NOW + 60, null));
        assertNull(whoami(OPTIONS));
    }

    @Test
    void whatTheIdTokenSaysWithTheRefreshTokenThatKeepsItGoing() {
        stored(OPTIONS, IdTokens.entry(IdTokens.token("u1", "ana@example.com", List.of("Owner", "Dev"), NOW + 3600),
                NOW, NOW + 3600, "rt-1"));
        assertEquals(new SsoIdentity.Who("https://idp.example/", "app", "u1", "ana@example.com", List.of("Owner", "Dev"),
                NOW + 3600, true), whoami(OPTIONS));
        assertEquals(List.of("read"), store.done);
    }

    @Test
    void withoutARefreshTokenTheNextSignInIsABrowser() {
        stored(OPTIONS, IdTokens.entry(IdTokens.token("u1", "ana@example.com", "Owner", NOW + 3600), NOW, NOW + 3600, null));
        SsoIdentity.Who who = whoami(OPTIONS);
        assertFalse(who.refreshable());
        assertEquals(List.of("Owner"), who.teamRoles(), "one role as a string");
    }

    @Test
    void anExpiredSignInIsStillShownAsExpired() {
        stored(OPTIONS, IdTokens.entry(IdTokens.token("u1", "ana@example.com", "Owner", NOW - 60), NOW - 3660, NOW - 60, "rt"));
        SsoIdentity.Who who = whoami(OPTIONS);
        assertEquals(NOW - 60, who.expiresAt());
        assertTrue(who.refreshable());
        assertEquals("expired at 2027-01-15T07:59:00Z", who.lifetime(NOW));
        assertEquals("valid until 2027-01-15T07:59:00Z (59 min left)", who.lifetime(NOW - 3600));
    }

    @Test
    void claimsDoksNeedsThatAreMissingAreNoneAndOutsideTextIsMadePrintable() {
        stored(OPTIONS, IdTokens.entry(IdTokens.token("u\u001b[2J1", null, null, NOW + 60), NOW, NOW + 60, null));
        SsoIdentity.Who who = whoami(OPTIONS);
        assertNull(who.email());
        assertEquals(List.of(), who.teamRoles());
        assertEquals("u?[2J1", who.subject());
        stored(OPTIONS, IdTokens.entry(IdTokens.token(null, "ana\u202e@example.com", List.of("Own\u0007er"), NOW + 60),
                NOW, NOW + 60, null));
        who = whoami(OPTIONS);
        assertNull(who.subject());
        assertEquals("ana?@example.com", who.email());
        assertEquals(List.of("Own?er"), who.teamRoles());
    }

    @Test
    void anIdTokenThatCannotBeReadSaysHowToSignInAgain() {
        stored(OPTIONS, IdTokens.entry("not-a-jwt", NOW, NOW + 60, null));
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> whoami(OPTIONS));
        assertEquals("the cached ID token for https://idp.example/ cannot be read; run '" + LOGIN + "'", e.getMessage());
    }
}
