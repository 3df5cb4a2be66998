package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.cache.LockTimeoutException;
import dev.doksauth.core.FetchHere;
import dev.doksauth.core.GetCredential;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.core.Suspicion;
import dev.doksauth.core.Wanted;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * {@code sso login}: {@link GetCredential} with a forced refresh, whose new credential is a sign-in (never a
 * refresh), under the identity's lock (processes that need it meanwhile wait for it). Unlike {@code credential},
 * it cannot go on without the cache: the entry it keeps is its whole point.
 */
public final class SsoLogin {

    /** Signs in now, whatever the store holds (production: {@link SsoSignIn#signInNow}). */
    @FunctionalInterface
    public interface SignInNow {
        CacheEntry signIn(Deadline deadline);
    }

    private final CredentialStore store;
    private final SignInNow signIn;
    private final LongSupplier clockMillis;
    private final Verbose log;
    private final PrintStream err;

    public SsoLogin(CredentialStore store, SignInNow signIn, LongSupplier clockMillis, Verbose log, PrintStream err) {
        this.store = store;
        this.signIn = signIn;
        this.clockMillis = clockMillis;
        this.log = log;
        this.err = err;
    }

    /** @param loginCommand what the user types to sign in, for the sentence about an unreadable token */
    public SsoIdentity.Who run(SsoOptions options, String loginCommand, Deadline deadline) {
        GetCredential useCase = new GetCredential(new KeptOrRefused(store),
                new FetchHere((previous, until) -> signIn.signIn(until)), Suspicion.HAND_OVER, clockMillis, log, err);
        GetCredential.Outcome outcome = useCase.run(Wanted.signIn(SsoIdentity.key(options), options.issuerUrl(), true,
                null, null), deadline);
        return SsoIdentity.Who.of(options, ((GetCredential.Served) outcome).entry(), loginCommand);
    }

    /** The store for {@code sso login}: one that cannot keep the sign-in is an error, not a warning. */
    private record KeptOrRefused(CredentialStore store) implements CredentialStore.Forwarding {

        private DoksAuthException refused(IOException e) {
            return DoksAuthException.failure("cannot store the sign-in in the cache directory " + store.directory() + ": "
                    + Phrases.describe(e), e);
        }

        @Override
        public void write(CacheKey key, CacheEntry entry) {
            try {
                store.write(key, entry);
            } catch (IOException e) {
                throw refused(e);
            }
        }

        @Override
        public Held lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice) throws LockTimeoutException {
            try {
                return store.lock(key, deadline, noticeAfter, notice);
            } catch (IOException e) {
                throw refused(e);
            }
        }
    }
}
