package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.cache.LockTimeoutException;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Deadline;
import dev.doksauth.credential.SsoProvider;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sso logout}: deletes an identity's tokens (and what an unfinished sign-in left), revoking the refresh
 * token first where the provider has a revocation endpoint; under the identity's lock, so that a sign-in going
 * on in another process is not cut in half.
 */
public final class SsoLogout {

    /** How long logout waits for a sign-in of the same identity in another process. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Revokes an entry's refresh token where the provider allows it (production: {@link TokenEndpoint#revoke}). */
    @FunctionalInterface
    public interface Revocation {
        /** @return whether the provider confirmed it; false when there is nothing to revoke or nowhere to */
        boolean revoke(SsoOptions options, CacheEntry entry);
    }

    private final CredentialStore store;
    private final Revocation revocation;
    private final PrintStream err;

    public SsoLogout(CredentialStore store, Revocation revocation, PrintStream err) {
        this.store = store;
        this.revocation = revocation;
        this.err = err;
    }

    /** Signs one identity out; @return what was done, for the user */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public String run(SsoOptions options) {
        CacheKey key = SsoIdentity.key(options);
        try (CredentialStore.Held lock = store.lock(key, Deadline.in(WAIT), Duration.ZERO, null)) {
            CacheEntry entry = store.read(key);
            if (entry == null) {
                store.remove(key); // what an unfinished sign-in left
                return "not signed in to " + options.issuerUrl() + " for " + options.clientId();
            }
            String revoked = revoke(options, entry);
            store.remove(key);
            return "signed out of " + options.issuerUrl() + " for " + options.clientId() + revoked;
        } catch (LockTimeoutException e) {
            throw DoksAuthException.failure("a sign-in to " + options.issuerUrl() + " is going on in " + e.holder()
                    + "; sign out once it ends");
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot remove the sign-in from the cache directory " + store.directory()
                    + ": " + Phrases.describe(e), e);
        }
    }

    /**
     * Signs out every identity among the store's entries ({@code sso logout --all}).
     *
     * @param listed the store's entries; those of clusters are left alone
     * @return what was done, a line each
     */
    public List<String> all(List<CredentialCache.ListedEntry> listed) {
        List<String> done = new ArrayList<>();
        for (CredentialCache.ListedEntry entry : listed) {
            if (!CacheKey.SSO_PREFIX.equals(entry.clusterId())) {
                continue;
            }
            for (boolean noRefresh : new boolean[] {false, true}) { // the key names the scopes: both are looked for
                SsoOptions options;
                try {
                    options = new SsoOptions(entry.apiUrl(), entry.context(), SsoProvider.DEFAULT_PORT, "auto",
                            SsoOptions.DEFAULT_TIMEOUT_SECONDS, noRefresh);
                } catch (DoksAuthException e) {
                    continue; // not an entry we wrote
                }
                if (store.read(SsoIdentity.key(options)) != null) {
                    done.add(run(options));
                }
            }
        }
        return done;
    }

    private String revoke(SsoOptions options, CacheEntry entry) {
        try {
            return revocation.revoke(options, entry) ? "; the refresh token was revoked at the provider" : "";
        } catch (DoksAuthException e) {
            err.println("doks-auth: warning: " + e.getMessage() + "; the tokens are deleted here all the same.");
            return "";
        }
    }
}
