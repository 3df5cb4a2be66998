package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.core.SsoOptions;

/** {@code sso whoami}: who the identity's cached ID token says signed in; it asks nobody and changes nothing. */
public final class SsoWhoami {

    private final CredentialStore store;

    public SsoWhoami(CredentialStore store) {
        this.store = store;
    }

    /**
     * @param loginCommand what the user types to sign in, for the sentence about an unreadable token
     * @return the signed-in identity, expired or not, or null when not signed in
     */
    public SsoIdentity.Who run(SsoOptions options, String loginCommand) {
        CacheEntry entry = store.read(SsoIdentity.key(options));
        return entry == null ? null : SsoIdentity.Who.of(options, entry, loginCommand);
    }
}
