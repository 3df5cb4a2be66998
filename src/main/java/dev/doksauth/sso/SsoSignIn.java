package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The sign-in for one SSO identity (issuer, client ID, scopes): from what the cache holds (or nothing), a new
 * verified ID token, by refreshing silently at the {@link TokenEndpoint} when it can, and by signing in when it
 * must, with the grant this chooses: the browser ({@link BrowserSignIn}) or the device code ({@link DeviceSignIn}).
 * Everything it does is bounded by {@code --sso-timeout}.
 *
 * <p>It runs under the cache's lock for the identity; it neither reads nor writes the entry itself.
 */
public final class SsoSignIn {

    private final SsoOptions options;
    private final SsoContext context;
    private final Browser browser;
    private final AbandonedSignIns abandoned;
    private final BooleanSupplier stderrIsTerminal;

    /** @param identityStem the file name (without extension) of the identity's cache entry */
    public SsoSignIn(SsoOptions options, SsoContext context, String identityStem) {
        this(options, context, identityStem, StderrTerminal::isTerminal);
    }

    /** @param stderrIsTerminal whether a person can read what the sign-in says on stderr */
    SsoSignIn(SsoOptions options, SsoContext context, String identityStem, BooleanSupplier stderrIsTerminal) {
        this.options = options;
        this.context = context;
        this.browser = Browser.forSystem(context.env(), context.verbose());
        this.abandoned = new AbandonedSignIns(context.cacheDirectory(), identityStem);
        this.stderrIsTerminal = stderrIsTerminal;
    }

    /**
     * A new ID token for this identity.
     *
     * @param previous what the cache holds (stale, or refused by the cluster), or null
     * @param deadline  the end of the sign-in (--sso-timeout from the command's start)
     */
    public CacheEntry obtain(CacheEntry previous, Deadline deadline) {
        try (ProviderHttp http = new ProviderHttp(context.env(), deadline, context.verbose())) {
            TokenEndpoint tokens = new TokenEndpoint(options, context.verbose(), http);
            SsoState state = previous == null ? null : SsoState.parse(previous.state());
            Provider cached = state == null ? null : Provider.fromState(state, options.issuerUrl());
            if (cached != null && state.refreshToken() != null && !options.noRefresh()) {
                CacheEntry refreshed = tokens.refresh(cached, state, previous.credential().token());
                if (refreshed != null) {
                    return refreshed;
                }
            }
            return signIn(tokens, deadline);
        }
    }

    /** {@code sso login}: signs in now, whatever the cache holds and whatever an earlier sign-in left. */
    public CacheEntry signInNow(Deadline deadline) {
        abandoned.clear();
        try (ProviderHttp http = new ProviderHttp(context.env(), deadline, context.verbose())) {
            return signIn(new TokenEndpoint(options, context.verbose(), http), deadline);
        }
    }

    /** The scopes asked for: {@code openid email team_role}, and {@code offline_access} when offered and wanted. */
    static List<String> scopes(SsoOptions options, boolean providerOffersOfflineAccess) {
        List<String> scopes = new ArrayList<>(List.of(SsoOptions.BASE_SCOPES.split(" ")));
        if (providerOffersOfflineAccess && !options.noRefresh()) {
            scopes.add("offline_access");
        }
        return scopes;
    }

    private CacheEntry signIn(TokenEndpoint tokens, Deadline deadline) {
        if (!context.interactive()) {
            long since = abandoned.secondsSinceAbandoned(System.currentTimeMillis() / 1000);
            if (since >= 0) {
                throw DoksAuthException.failure("the last sign-in to " + options.issuerUrl() + " was not finished ("
                        + since + " s ago), so requests without a terminal do not start another for "
                        + AbandonedSignIns.QUIET_PERIOD.toMinutes() + " minutes; run '" + context.loginCommand()
                        + "' to sign in");
            }
        }
        Provider provider = Provider.discover(options.issuerUrl(), tokens.http());
        List<String> scopes = scopes(options, provider.offersOfflineAccess());
        boolean device = switch (options.grant()) {
            case "device" -> {
                if (!provider.offersDeviceGrant()) {
                    throw DoksAuthException.failure("the identity provider " + options.issuerUrl() + " offers no "
                            + "device authorization grant; use --sso-grant browser");
                }
                yield true;
            }
            case "browser" -> false;
            default -> provider.offersDeviceGrant() && !browser.available(); // auto
        };
        if (!device && !browser.available() && !stderrIsTerminal.getAsBoolean()) {
            // Nobody would see the address and nothing would open it: waiting --sso-timeout helps no one.
            throw DoksAuthException.failure("no browser can be opened here and stderr is not a terminal, so nobody "
                    + "could finish the sign-in to " + options.issuerUrl() + "; run '" + context.loginCommand()
                    + "' in a terminal, or set BROWSER to a browser command"
                    + (provider.offersDeviceGrant() ? ", or use --sso-grant device (this provider offers it)" : ""));
        }
        CacheEntry result;
        try {
            result = device ? new DeviceSignIn(options, context).signIn(provider, scopes, tokens, deadline)
                    : new BrowserSignIn(options, context, browser).signIn(provider, scopes, tokens, deadline);
        } catch (NotFinished e) {
            // Noted, so that background callers do not start another at once.
            abandoned.note(System.currentTimeMillis() / 1000);
            throw DoksAuthException.failure(e.getMessage() + "; run '" + context.loginCommand() + "' to sign in");
        }
        abandoned.clear();
        return result;
    }
}
