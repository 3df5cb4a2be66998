package dev.doksauth.sso;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The sign-in engine for one SSO identity (issuer, client ID, scopes): from what the cache holds (or
 * nothing), a new verified ID token, by refreshing silently when it can and by signing in (browser with
 * PKCE, or the device grant) when it must. Everything it does is bounded by {@code --sso-timeout}.
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
            SsoState state = previous == null ? null : SsoState.parse(previous.state());
            Provider cached = state == null ? null : Provider.fromState(state, options.issuerUrl());
            if (cached != null && state.refreshToken() != null && !options.noRefresh()) {
                CacheEntry refreshed = refresh(cached, state, previous.credential().token(), http);
                if (refreshed != null) {
                    return refreshed;
                }
            }
            return signIn(http, deadline);
        }
    }

    /** {@code sso login}: signs in now, whatever the cache holds and whatever an earlier sign-in left. */
    public CacheEntry signInNow(Deadline deadline) {
        abandoned.clear();
        try (ProviderHttp http = new ProviderHttp(context.env(), deadline, context.verbose())) {
            return signIn(http, deadline);
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

    static URI redirectUri(SsoOptions options) {
        return URI.create("http://localhost:" + options.localPort() + "/callback");
    }

    /**
     * Revokes the refresh token of a cached entry where the provider has a revocation endpoint (RFC 7009).
     *
     * @return true if the provider confirmed it
     */
    public boolean revoke(CacheEntry entry) {
        SsoState state = entry == null ? null : SsoState.parse(entry.state());
        Provider provider = state == null ? null : Provider.fromState(state, options.issuerUrl());
        if (provider == null || state.refreshToken() == null || provider.metadata().getRevocationEndpointURI() == null) {
            return false;
        }
        context.verbose().secret(state.refreshToken());
        Deadline deadline = Deadline.in(ProviderHttp.CALL_TIMEOUT);
        try (ProviderHttp http = new ProviderHttp(context.env(), deadline, context.verbose())) {
            HTTPResponse response = new TokenRevocationRequest(provider.metadata().getRevocationEndpointURI(),
                    new ClientID(options.clientId()), new RefreshToken(state.refreshToken())).toHTTPRequest().send(http);
            return response.getStatusCode() == 200;
        } catch (IOException e) {
            throw ProviderHttp.unreachable(options.issuerUrl(), "revoke the refresh token", e);
        }
    }

    /** @param replaced the ID token the refresh replaces: the new one must name the same person */
    private CacheEntry refresh(Provider provider, SsoState state, String replaced, ProviderHttp http) {
        context.verbose().secret(state.refreshToken());
        context.verbose().log("refreshing the ID token for " + options.issuerUrl());
        TokenRequest request = new TokenRequest(provider.metadata().getTokenEndpointURI(), new ClientID(options.clientId()),
                new RefreshTokenGrant(new RefreshToken(state.refreshToken())));
        com.nimbusds.openid.connect.sdk.token.OIDCTokens tokens;
        try {
            tokens = tokens(request, http, "refresh the ID token");
        } catch (GrantRefused e) {
            if (OAuth2Error.INVALID_GRANT.getCode().equals(e.error.getCode())) {
                context.verbose().log("the provider refused the refresh token (invalid_grant); signing in again");
                return null;
            }
            throw e.sentence(options.issuerUrl(), "refresh the ID token");
        }
        if (tokens.getIDTokenString() == null) {
            context.verbose().log("the refreshed answer carries no ID token; signing in again");
            return null;
        }
        IDTokenClaimsSet claims = IdTokenVerifier.verify(tokens.getIDTokenString(), provider, options.clientId(),
                state.nonce(), false, http);
        String changed = IdTokenVerifier.changedIdentity(replaced, claims);
        if (changed != null) {
            // Serving it would switch kubectl to another user without a word: the user signs in again.
            context.verbose().log("the refreshed ID token names another " + changed + " than the one it replaces; "
                    + "refused, signing in again");
            return null;
        }
        String refreshToken = tokens.getRefreshToken() != null ? tokens.getRefreshToken().getValue() : state.refreshToken();
        return result(tokens.getIDTokenString(), claims,
                new SsoState(provider.discoveryJson(), provider.keysJson(), refreshToken, state.scopes(), state.nonce()));
    }

    private CacheEntry signIn(ProviderHttp http, Deadline deadline) {
        if (!context.interactive()) {
            long since = abandoned.secondsSinceAbandoned(System.currentTimeMillis() / 1000);
            if (since >= 0) {
                throw DoksAuthException.failure("the last sign-in to " + options.issuerUrl() + " was not finished ("
                        + since + " s ago), so requests without a terminal do not start another for "
                        + AbandonedSignIns.QUIET_PERIOD.toMinutes() + " minutes; run '" + context.loginCommand()
                        + "' to sign in");
            }
        }
        Provider provider = Provider.discover(options.issuerUrl(), http);
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
        CacheEntry result = device ? deviceGrant(provider, scopes, http, deadline) : browserSignIn(provider, scopes, http, deadline);
        abandoned.clear();
        return result;
    }

    private CacheEntry browserSignIn(Provider provider, List<String> scopes, ProviderHttp http, Deadline deadline) {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        URI redirect = redirectUri(options);
        URI authorizationUrl = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(scopes.toArray(String[]::new)),
                new ClientID(options.clientId()), redirect)
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        LoopbackServer.Answer answer;
        try (LoopbackServer server = LoopbackServer.start(options.localPort(), authorizationUrl, state.getValue(), context.err())) {
            String start = "http://localhost:" + options.localPort() + "/";
            context.err().println("doks-auth: sign in to " + options.issuerUrl() + " in your browser: " + start
                    + " (waiting up to " + deadline.remaining().toSeconds() + " s)");
            if (!browser.open(start)) {
                context.err().println("doks-auth: no browser could be opened here; open that address in a browser "
                        + "on this machine" + sshHint());
            }
            if (context.interactive()) {
                context.err().println("doks-auth: or paste here the address the browser shows once signed in "
                        + "(http://localhost:" + options.localPort() + "/callback?...)");
                readPastedRedirect(server);
            }
            answer = server.answer().get(deadline.remaining().toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw abandon("nobody finished the sign-in to " + options.issuerUrl() + " within "
                    + deadline.budget().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw DoksAuthException.failure("the sign-in to " + options.issuerUrl() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DoksAuthException.failure("interrupted while waiting for the sign-in to " + options.issuerUrl());
        }
        if (answer instanceof LoopbackServer.Failure failure) {
            throw abandon(failure.sentence()); // the provider's error: refused answers never end the wait
        }
        String code = ((LoopbackServer.Code) answer).code();
        context.verbose().secret(code);
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, verifier);
        com.nimbusds.openid.connect.sdk.token.OIDCTokens tokens;
        try {
            tokens = tokens(new TokenRequest(provider.metadata().getTokenEndpointURI(), new ClientID(options.clientId()),
                    grant), http, "exchange the sign-in's code for tokens");
        } catch (GrantRefused e) {
            throw e.sentence(options.issuerUrl(), "exchange the sign-in's code for tokens");
        }
        return verified(provider, tokens, scopes, nonce.getValue(), true, http);
    }

    private CacheEntry deviceGrant(Provider provider, List<String> scopes, ProviderHttp http, Deadline deadline) {
        ClientID clientId = new ClientID(options.clientId());
        DeviceAuthorizationSuccessResponse device;
        long lifetime;
        long interval;
        try {
            HTTPResponse answer = new DeviceAuthorizationRequest(provider.metadata().getDeviceAuthorizationEndpointURI(),
                    clientId, new Scope(scopes.toArray(String[]::new))).toHTTPRequest().send(http);
            DeviceAuthorizationResponse response;
            if (answer.indicatesSuccess()) {
                // Checked before the library reads them: it throws on some (0, 2^64) and takes others (2^63 - 1).
                Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(answer.getBody());
                String what = "the device authorization request";
                lifetime = ProviderNumbers.seconds(json, "expires_in", 1, ProviderNumbers.MAX_DEVICE_LIFETIME_SECONDS, -1,
                        options.issuerUrl(), what);
                interval = Math.max(1, ProviderNumbers.seconds(json, "interval", 0, ProviderNumbers.MAX_INTERVAL_SECONDS,
                        ProviderNumbers.DEFAULT_INTERVAL_SECONDS, options.issuerUrl(), what));
            } else {
                lifetime = 0;
                interval = 0;
            }
            response = DeviceAuthorizationResponse.parse(answer);
            if (!response.indicatesSuccess()) {
                throw new GrantRefused(response.toErrorResponse().getErrorObject())
                        .sentence(options.issuerUrl(), "start a device sign-in");
            }
            device = response.toSuccessResponse();
        } catch (IOException e) {
            throw ProviderHttp.unreachable(options.issuerUrl(), "start a device sign-in", e);
        } catch (ParseException | java.text.ParseException | IllegalArgumentException e) {
            throw DoksAuthException.failure("the identity provider " + options.issuerUrl() + " answered the device "
                    + "authorization request with something that is not OAuth 2.0's answer");
        }
        context.verbose().secret(device.getDeviceCode().getValue());
        context.err().println("doks-auth: to sign in to " + options.issuerUrl() + ", open "
                + Phrases.printable(device.getVerificationURI().toString()) + " and enter the code "
                + Phrases.printable(device.getUserCode().getValue())
                + (device.getVerificationURIComplete() == null ? ""
                   : " (or open " + Phrases.printable(device.getVerificationURIComplete().toString()) + ")")
                + "; waiting up to " + deadline.remaining().toSeconds() + " s");
        long expires = System.nanoTime() + TimeUnit.SECONDS.toNanos(lifetime);
        while (true) {
            long pause = TimeUnit.SECONDS.toMillis(interval);
            if (pause >= deadline.remaining().toMillis()) {
                throw abandon("nobody finished the sign-in to " + options.issuerUrl() + " within "
                        + deadline.budget().toSeconds() + " s");
            }
            if (System.nanoTime() - expires > 0) {
                throw abandon("the device code expired before the sign-in to " + options.issuerUrl() + " was finished");
            }
            try {
                Thread.sleep(pause); // the provider's polling interval (RFC 8628, section 3.5)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DoksAuthException.failure("interrupted while waiting for the sign-in to " + options.issuerUrl());
            }
            try {
                com.nimbusds.openid.connect.sdk.token.OIDCTokens tokens = tokens(new TokenRequest(
                        provider.metadata().getTokenEndpointURI(), clientId, new DeviceCodeGrant(device.getDeviceCode())),
                        http, "finish the device sign-in");
                return verified(provider, tokens, scopes, null, false, http);
            } catch (GrantRefused e) {
                String code = e.error.getCode();
                if (DeviceAuthorizationGrantError.AUTHORIZATION_PENDING.getCode().equals(code)) {
                    continue;
                }
                if (DeviceAuthorizationGrantError.SLOW_DOWN.getCode().equals(code)) {
                    interval = Math.min(interval + 5, ProviderNumbers.MAX_INTERVAL_SECONDS);
                    continue;
                }
                if (DeviceAuthorizationGrantError.EXPIRED_TOKEN.getCode().equals(code)
                        || OAuth2Error.ACCESS_DENIED.getCode().equals(code)) {
                    throw abandon(e.sentence(options.issuerUrl(), "finish the device sign-in").getMessage());
                }
                throw e.sentence(options.issuerUrl(), "finish the device sign-in");
            }
        }
    }

    private CacheEntry verified(Provider provider, com.nimbusds.openid.connect.sdk.token.OIDCTokens tokens,
                            List<String> scopes, String nonce, boolean nonceRequired, ProviderHttp http) {
        if (tokens.getIDTokenString() == null) {
            throw DoksAuthException.failure("the identity provider " + options.issuerUrl() + " answered the sign-in "
                    + "without an ID token (is the openid scope allowed for client " + Phrases.printable(options.clientId()) + "?)");
        }
        IDTokenClaimsSet claims = IdTokenVerifier.verify(tokens.getIDTokenString(), provider, options.clientId(),
                nonce, nonceRequired, http);
        String refreshToken = tokens.getRefreshToken() == null || options.noRefresh() ? null : tokens.getRefreshToken().getValue();
        return result(tokens.getIDTokenString(), claims,
                new SsoState(provider.discoveryJson(), provider.keysJson(), refreshToken, scopes, nonce));
    }

    private CacheEntry result(String idToken, IDTokenClaimsSet claims, SsoState state) {
        context.verbose().secret(idToken);
        long now = System.currentTimeMillis() / 1000;
        long expiresAt = claims.getExpirationTime().getTime() / 1000;
        return new CacheEntry(Credential.ofToken(idToken, Math.min(now, expiresAt), expiresAt), state.toJson());
    }

    /** Sends a token request; an OAuth 2.0 error answer is a {@link GrantRefused}. */
    private com.nimbusds.openid.connect.sdk.token.OIDCTokens tokens(TokenRequest request, ProviderHttp http, String what) {
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send(http));
        } catch (IOException e) {
            throw ProviderHttp.unreachable(options.issuerUrl(), what, e);
        } catch (ParseException | IllegalArgumentException e) {
            throw DoksAuthException.failure("the identity provider " + options.issuerUrl() + " answered with something "
                    + "that is not OAuth 2.0's token answer when asked to " + what);
        }
        if (!response.indicatesSuccess()) {
            throw new GrantRefused(response.toErrorResponse().getErrorObject());
        }
        if (!(response instanceof OIDCTokenResponse oidc)) {
            throw DoksAuthException.failure("the identity provider " + options.issuerUrl() + " answered without "
                    + "OpenID Connect tokens when asked to " + what);
        }
        if (oidc.getOIDCTokens().getRefreshToken() != null) {
            context.verbose().secret(oidc.getOIDCTokens().getRefreshToken().getValue());
        }
        context.verbose().secret(oidc.getOIDCTokens().getAccessToken().getValue());
        return oidc.getOIDCTokens();
    }

    /** Ends a sign-in that produced no code: notes it, so that background callers do not start another at once. */
    private DoksAuthException abandon(String what) {
        abandoned.note(System.currentTimeMillis() / 1000);
        return DoksAuthException.failure(what + "; run '" + context.loginCommand() + "' to sign in");
    }

    /** Over SSH the browser is on the user's own machine: say how to bring the port there. */
    private String sshHint() {
        String connection = context.env().get("SSH_CONNECTION");
        if ((connection == null || connection.isBlank()) && (context.env().get("SSH_CLIENT") == null
                || context.env().get("SSH_CLIENT").isBlank())) {
            return "";
        }
        String[] parts = connection == null ? new String[0] : connection.strip().split(" ");
        String host = parts.length >= 3 ? parts[2] : "THIS_HOST";
        String user = context.env().getOrDefault("USER", System.getProperty("user.name", "USER"));
        int port = options.localPort();
        return ", or on your own machine after forwarding the port with: ssh -L " + port + ":localhost:" + port + " "
                + Phrases.printable(user) + "@" + Phrases.printable(host);
    }

    /** Reads the terminal for a pasted redirect URL, beside the loopback server; whichever comes first wins. */
    private void readPastedRedirect(LoopbackServer server) {
        Thread reader = new Thread(() -> {
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null && !server.answer().isDone(); line = lines.readLine()) {
                    if (!server.paste(line)) {
                        context.err().println("doks-auth: that is not the address of the sign-in's answer "
                                + "(http://localhost:" + options.localPort() + "/callback?code=...&state=...)");
                    }
                }
            } catch (IOException e) {
                // no terminal after all: the browser's answer still comes to the loopback server
            }
        }, "doks-auth-paste");
        reader.setDaemon(true);
        reader.start();
    }

    /** An OAuth 2.0 error answer from the token or device endpoint. */
    private static final class GrantRefused extends RuntimeException {
        final ErrorObject error;

        GrantRefused(ErrorObject error) {
            super(error.getCode(), null, false, false);
            this.error = error;
        }

        DoksAuthException sentence(String issuerUrl, String what) {
            String code = error.getCode() == null ? "an error" : Phrases.printable(error.getCode());
            String description = error.getDescription();
            return DoksAuthException.failure("the identity provider " + issuerUrl + " refused to " + what + ": " + code
                    + (description == null ? "" : " (" + Phrases.printable(description) + ")"));
        }
    }
}
