package dev.doksauth.sso;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The device authorization grant (RFC 8628): the user opens the provider's address on any device and enters
 * the code shown; we poll the token endpoint at the provider's interval until the sign-in is done.
 */
record DeviceSignIn(SsoOptions options, SsoContext context) {

    /** @throws NotFinished when nobody finished the sign-in in time, the code expired, or the user declined */
    CacheEntry signIn(Provider provider, List<String> scopes, TokenEndpoint tokens, Deadline deadline) {
        ClientID clientId = new ClientID(options.clientId());
        DeviceAuthorizationSuccessResponse device;
        long lifetime;
        long interval;
        try {
            HTTPResponse answer = new DeviceAuthorizationRequest(provider.metadata().getDeviceAuthorizationEndpointURI(),
                    clientId, new Scope(scopes.toArray(String[]::new))).toHTTPRequest().send(tokens.http());
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
                throw new TokenEndpoint.GrantRefused(response.toErrorResponse().getErrorObject())
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
        String what = "finish the device sign-in";
        while (true) {
            long pause = TimeUnit.SECONDS.toMillis(interval);
            if (pause >= deadline.remaining().toMillis()) {
                throw new NotFinished("nobody finished the sign-in to " + options.issuerUrl() + " within "
                        + deadline.budget().toSeconds() + " s");
            }
            if (System.nanoTime() - expires > 0) {
                throw new NotFinished("the device code expired before the sign-in to " + options.issuerUrl() + " was finished");
            }
            try {
                Thread.sleep(pause); // the provider's polling interval (RFC 8628, section 3.5)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DoksAuthException.failure("interrupted while waiting for the sign-in to " + options.issuerUrl());
            }
            try {
                OIDCTokens answered = tokens.tokens(provider, new DeviceCodeGrant(device.getDeviceCode()), what);
                return tokens.signedIn(provider, answered, scopes, null, false);
            } catch (TokenEndpoint.GrantRefused e) {
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
                    throw new NotFinished(e.sentence(options.issuerUrl(), what).getMessage());
                }
                throw e.sentence(options.issuerUrl(), what);
            }
        }
    }
}
