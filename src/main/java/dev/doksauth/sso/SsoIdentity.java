package dev.doksauth.sso;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.core.SystemClock;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One SSO identity (issuer, client ID, scopes) as the {@code sso} commands see it: its cache entry, shared by
 * every cluster that names the same provider application. This wires the use cases ({@link SsoLogin},
 * {@link SsoLogout}, {@link SsoWhoami}) with the cache directory, the provider and the clock.
 */
public final class SsoIdentity {

    /** What the cached ID token says about the user; DOKS authorises by {@code email} and {@code team_role}. */
    public record Who(String issuerUrl, String clientId, String subject, String email, List<String> teamRoles,
                      long expiresAt, boolean refreshable) {

        /**
         * What {@code entry}'s ID token says; its claims are made printable, the token itself is never kept.
         *
         * @throws DoksAuthException when the token cannot be read
         */
        static Who of(SsoOptions options, CacheEntry entry, String loginCommand) {
            JWTClaimsSet claims;
            try {
                claims = JWTParser.parse(entry.credential().token()).getJWTClaimsSet();
            } catch (ParseException e) {
                throw DoksAuthException.failure("the cached ID token for " + options.issuerUrl() + " cannot be read; run "
                        + "'" + loginCommand + "'");
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

        /** "valid until 2026-12-03T08:00:00Z (59 min left)", or "expired at 2026-12-03T08:00:00Z". */
        public String lifetime(long nowEpochSecond) {
            long left = expiresAt - nowEpochSecond;
            return left > 0 ? "valid until " + Instant.ofEpochSecond(expiresAt) + " (" + left / 60 + " min left)"
                    : "expired at " + Instant.ofEpochSecond(expiresAt);
        }
    }

    private final SsoOptions options;
    private final SsoContext context;
    private final CredentialCache cache;

    public SsoIdentity(SsoOptions options, SsoContext context) {
        this.options = options;
        this.context = context;
        this.cache = new CredentialCache(context.cacheDirectory());
    }

    /** The cache key of an identity: the issuer, the client ID and the scopes asked for. */
    static CacheKey key(SsoOptions options) {
        return CacheKey.forSso(options.issuerUrl(), options.clientId(), options.scopesKey());
    }

    /** Signs in now and caches it ({@link SsoLogin}). */
    public Who login() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(options.timeoutSeconds()), "--sso-timeout");
        SsoSignIn signIn = new SsoSignIn(options, context, key(options).fileStem());
        return new SsoLogin(cache, signIn::signInNow, SystemClock.INSTANCE, context.verbose(), context.err())
                .run(options, context.loginCommand(), deadline);
    }

    /** Signs out ({@link SsoLogout}); @return what was done, for the user */
    public String logout() {
        return logout(cache, context).run(options);
    }

    /** Signs every cached identity out ({@code sso logout --all}); @return what was done, a line each */
    public static List<String> logoutAll(SsoContext context) throws IOException {
        CredentialCache cache = new CredentialCache(context.cacheDirectory());
        return logout(cache, context).all(cache.list());
    }

    private static SsoLogout logout(CredentialCache cache, SsoContext context) {
        return new SsoLogout(cache, (options, entry) -> TokenEndpoint.revoke(options, context, entry), context.err());
    }

    /** The cached identity, or null when not signed in ({@link SsoWhoami}). */
    public Who whoami() {
        return new SsoWhoami(cache).run(options, context.loginCommand());
    }

    /** Seconds since a sign-in for this identity was abandoned, within the quiet period that follows; else -1. */
    public long secondsSinceAbandonedSignIn(long nowEpochSecond) {
        return new AbandonedSignIns(context.cacheDirectory(), key(options).fileStem()).secondsSinceAbandoned(nowEpochSecond);
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
}
