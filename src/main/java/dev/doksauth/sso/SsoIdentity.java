package dev.doksauth.sso;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CacheLock;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.cache.LockTimeoutException;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.core.FetchHere;
import dev.doksauth.core.GetCredential;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.core.Suspicion;
import dev.doksauth.core.SystemClock;
import dev.doksauth.core.Wanted;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One SSO identity (issuer, client ID, scopes) as the {@code sso} commands see it: its cache entry, shared by
 * every cluster that names the same provider application, signed in, out, or looked at.
 */
public final class SsoIdentity {

    /** What the cached ID token says about the user; DOKS authorises by {@code email} and {@code team_role}. */
    public record Who(String issuerUrl, String clientId, String subject, String email, List<String> teamRoles,
                      long expiresAt, boolean refreshable) {
    }

    /** How long logout waits for a sign-in of the same identity in another process. */
    static final Duration LOGOUT_WAIT = Duration.ofSeconds(10);

    private final SsoOptions options;
    private final SsoContext context;
    private final CredentialCache cache;
    private final CacheKey key;

    public SsoIdentity(SsoOptions options, SsoContext context) {
        this.options = options;
        this.context = context;
        this.cache = new CredentialCache(context.cacheDirectory());
        this.key = CacheKey.forSso(options.issuerUrl(), options.clientId(), options.scopesKey());
    }

    public static SsoContext context(java.util.Map<String, String> env, java.io.PrintStream err, boolean interactive,
                                     dev.doksauth.report.Verbose log, String cluster) {
        return new SsoContext(env, err, System.in, interactive, log, CacheLocation.find(env), cluster);
    }

    /**
     * Signs in now and caches it: {@link GetCredential} with a forced refresh, whose new credential is a
     * sign-in (never a refresh), under the identity's lock (processes that need it meanwhile wait for it).
     */
    public Who login() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(options.timeoutSeconds()), "--sso-timeout");
        SsoSignIn signIn = new SsoSignIn(options, context, key.fileStem());
        GetCredential useCase = new GetCredential(new KeptOrRefused(cache),
                new FetchHere((previous, until) -> signIn.signInNow(until)), Suspicion.HAND_OVER, SystemClock.INSTANCE,
                context.verbose(), context.err());
        GetCredential.Outcome outcome = useCase.run(Wanted.signIn(key, options.issuerUrl(), true, null, null), deadline);
        return who(((GetCredential.Served) outcome).entry());
    }

    /** The cache for {@code sso login}, whose whole point is the entry it keeps: a store that cannot keep it is an error. */
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

    /**
     * Deletes the identity's tokens, revoking the refresh token first where the provider has a revocation endpoint.
     *
     * @return what was done, for the user
     */
    public String logout() {
        Deadline deadline = Deadline.in(LOGOUT_WAIT);
        try (CacheLock lock = cache.lock(key, deadline)) {
            CacheEntry entry = cache.read(key);
            new AbandonedSignIns(cache.directory(), key.fileStem()).clear();
            if (entry == null) {
                return "not signed in to " + options.issuerUrl() + " for " + options.clientId();
            }
            String revoked = revoke(entry);
            cache.remove(key);
            return "signed out of " + options.issuerUrl() + " for " + options.clientId() + revoked;
        } catch (LockTimeoutException e) {
            throw DoksAuthException.failure("a sign-in to " + options.issuerUrl() + " is going on in " + e.holder()
                    + "; sign out once it ends");
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot remove the sign-in from the cache directory " + cache.directory()
                    + ": " + Phrases.describe(e), e);
        }
    }

    /** Signs every cached identity out ({@code sso logout --all}); @return what was done, a line each */
    public static List<String> logoutAll(SsoContext context) throws IOException {
        CredentialCache cache = new CredentialCache(context.cacheDirectory());
        List<String> done = new ArrayList<>();
        for (CredentialCache.ListedEntry listed : cache.list()) {
            if (!CacheKey.SSO_PREFIX.equals(listed.clusterId())) {
                continue;
            }
            for (boolean noRefresh : new boolean[] {false, true}) {
                SsoOptions options;
                try {
                    options = new SsoOptions(listed.apiUrl(), listed.context(), dev.doksauth.credential.SsoProvider.DEFAULT_PORT, "auto",
                            SsoOptions.DEFAULT_TIMEOUT_SECONDS, noRefresh);
                } catch (DoksAuthException e) {
                    continue; // not an entry we wrote
                }
                SsoIdentity identity = new SsoIdentity(options, context);
                if (identity.cache.read(identity.key) != null) {
                    done.add(identity.logout());
                }
            }
        }
        return done;
    }

    /** Seconds since a sign-in for this identity was abandoned, within the quiet period that follows; else -1. */
    public long secondsSinceAbandonedSignIn(long nowEpochSecond) {
        return new AbandonedSignIns(cache.directory(), key.fileStem()).secondsSinceAbandoned(nowEpochSecond);
    }

    /** The cached identity, or null when not signed in. */
    public Who whoami() {
        CacheEntry entry = cache.read(key);
        return entry == null ? null : who(entry);
    }

    private String revoke(CacheEntry entry) {
        try {
            return new SsoSignIn(options, context, key.fileStem()).revoke(entry)
                    ? "; the refresh token was revoked at the provider" : "";
        } catch (DoksAuthException e) {
            context.err().println("doks-auth: warning: " + e.getMessage() + "; the tokens are deleted here all the same.");
            return "";
        }
    }

    /**
     * Who a cached ID token says signed in, for {@code cache list}: its email, else its subject; null when it
     * cannot be read. The token itself is never printed.
     */
    public static String signedInAs(String idToken) {
        try {
            JWTClaimsSet claims = JWTParser.parse(idToken).getJWTClaimsSet();
            Object email = claims.getClaim("email");
            String who = email != null ? String.valueOf(email) : claims.getSubject();
            return who == null ? null : Phrases.printable(who);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private Who who(CacheEntry entry) {
        JWTClaimsSet claims;
        try {
            claims = JWTParser.parse(entry.credential().token()).getJWTClaimsSet();
        } catch (ParseException e) {
            throw DoksAuthException.failure("the cached ID token for " + options.issuerUrl() + " cannot be read; run "
                    + "'" + context.loginCommand() + "'");
        }
        List<String> roles = new ArrayList<>();
        Object role = claims.getClaim("team_role");
        if (role instanceof List<?> list) {
            list.forEach(item -> roles.add(Phrases.printable(String.valueOf(item))));
        } else if (role != null) {
            roles.add(Phrases.printable(String.valueOf(role)));
        }
        Object email = claims.getClaim("email");
        SsoState state = SsoState.parse(entry.state());
        return new Who(options.issuerUrl(), options.clientId(),
                claims.getSubject() == null ? null : Phrases.printable(claims.getSubject()),
                email == null ? null : Phrases.printable(String.valueOf(email)), roles, entry.credential().expiresAt(),
                state != null && state.refreshToken() != null);
    }
}
