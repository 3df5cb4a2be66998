package dev.doksauth.sso;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;

import java.io.IOException;
import java.util.List;

/**
 * The provider's token endpoint, for one identity: the one home of the token request and answer rules
 * (an error answer, an answer that is not OpenID Connect's, the secrets it carries, the ID token's
 * verification, the entry kept), for every grant: the code exchange, the device code, the refresh.
 */
record TokenEndpoint(SsoOptions options, Verbose log, ProviderHttp http) {

    /**
     * Sends a token request of {@code grant}; an OAuth 2.0 error answer is a {@link GrantRefused}.
     *
     * @param what what was asked, for the sentences: "exchange the sign-in's code for tokens"
     */
    OIDCTokens tokens(Provider provider, AuthorizationGrant grant, String what) {
        TokenRequest request = new TokenRequest.Builder(provider.metadata().getTokenEndpointURI(),
                new ClientID(options.clientId()), grant).build();
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
            log.secret(oidc.getOIDCTokens().getRefreshToken().getValue());
        }
        log.secret(oidc.getOIDCTokens().getAccessToken().getValue());
        return oidc.getOIDCTokens();
    }

    /**
     * Refreshes the ID token silently; null when a sign-in must replace it (the refresh token is refused, the
     * answer has no ID token, or it names another person than {@code replaced}).
     *
     * @param replaced the ID token the refresh replaces
     */
    CacheEntry refresh(Provider provider, SsoState state, String replaced) {
        log.secret(state.refreshToken());
        log.log("refreshing the ID token for " + options.issuerUrl());
        OIDCTokens tokens;
        try {
            tokens = tokens(provider, new RefreshTokenGrant(new RefreshToken(state.refreshToken())), "refresh the ID token");
        } catch (GrantRefused e) {
            if (OAuth2Error.INVALID_GRANT.getCode().equals(e.error.getCode())) {
                log.log("the provider refused the refresh token (invalid_grant); signing in again");
                return null;
            }
            throw e.sentence(options.issuerUrl(), "refresh the ID token");
        }
        if (tokens.getIDTokenString() == null) {
            log.log("the refreshed answer carries no ID token; signing in again");
            return null;
        }
        IDTokenClaimsSet claims = IdTokenVerifier.verify(tokens.getIDTokenString(), provider, options.clientId(),
                state.nonce(), false, http);
        String changed = IdTokenVerifier.changedIdentity(replaced, claims);
        if (changed != null) {
            // Serving it would switch kubectl to another user without a word: the user signs in again.
            log.log("the refreshed ID token names another " + changed + " than the one it replaces; refused, signing in again");
            return null;
        }
        String refreshToken = tokens.getRefreshToken() != null ? tokens.getRefreshToken().getValue() : state.refreshToken();
        return entry(tokens.getIDTokenString(), claims,
                new SsoState(provider.discoveryJson(), provider.keysJson(), refreshToken, state.scopes(), state.nonce()));
    }

    /** The entry of a sign-in's tokens, once its ID token is verified; its refresh token is kept unless --sso-no-refresh. */
    CacheEntry signedIn(Provider provider, OIDCTokens tokens, List<String> scopes, String nonce, boolean nonceRequired) {
        if (tokens.getIDTokenString() == null) {
            throw DoksAuthException.failure("the identity provider " + options.issuerUrl() + " answered the sign-in "
                    + "without an ID token (is the openid scope allowed for client " + Phrases.printable(options.clientId()) + "?)");
        }
        IDTokenClaimsSet claims = IdTokenVerifier.verify(tokens.getIDTokenString(), provider, options.clientId(),
                nonce, nonceRequired, http);
        String refreshToken = tokens.getRefreshToken() == null || options.noRefresh() ? null : tokens.getRefreshToken().getValue();
        return entry(tokens.getIDTokenString(), claims,
                new SsoState(provider.discoveryJson(), provider.keysJson(), refreshToken, scopes, nonce));
    }

    private CacheEntry entry(String idToken, IDTokenClaimsSet claims, SsoState state) {
        log.secret(idToken);
        long now = System.currentTimeMillis() / 1000;
        long expiresAt = claims.getExpirationTime().getTime() / 1000;
        return new CacheEntry(Credential.ofToken(idToken, Math.min(now, expiresAt), expiresAt), state.toJson());
    }

    /**
     * Revokes the refresh token of a cached entry where the provider has a revocation endpoint (RFC 7009), in
     * its own short deadline.
     *
     * @return true if the provider confirmed it
     */
    static boolean revoke(SsoOptions options, SsoContext context, CacheEntry entry) {
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

    /** An OAuth 2.0 error answer from the token or device endpoint. */
    static final class GrantRefused extends RuntimeException {
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
