package dev.doksauth.sso;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.doksauth.net.Loopback;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import net.minidev.json.JSONObject;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * An OpenID provider as its discovery document describes it, with its published signing keys.
 * Fetched once per sign-in and kept in the cache's state, so that a refresh fetches neither.
 */
final class Provider {

    private final String issuerUrl;
    private final OIDCProviderMetadata metadata;
    private final Map<String, Object> discovery;
    private JWKSet keys;
    private Map<String, Object> keysJson;

    private Provider(String issuerUrl, OIDCProviderMetadata metadata, Map<String, Object> discovery,
                     Map<String, Object> keysJson) throws java.text.ParseException {
        this.issuerUrl = issuerUrl;
        this.metadata = metadata;
        this.discovery = discovery;
        this.keysJson = keysJson;
        this.keys = JWKSet.parse(keysJson).toPublicJWKSet();
    }

    /** {@code ISSUER/.well-known/openid-configuration}, then its {@code jwks_uri}. */
    static Provider discover(String issuerUrl, ProviderHttp http) {
        URI uri = URI.create(strip(issuerUrl) + "/.well-known/openid-configuration");
        Map<String, Object> discovery = getJson(uri, http, issuerUrl, "its discovery document");
        OIDCProviderMetadata metadata = parse(discovery, issuerUrl);
        Map<String, Object> keysJson = getJson(metadata.getJWKSetURI(), http, issuerUrl, "its signing keys");
        try {
            return new Provider(issuerUrl, metadata, discovery, keysJson);
        } catch (java.text.ParseException e) {
            throw DoksAuthException.failure("the identity provider " + issuerUrl + " publishes signing keys that are "
                    + "not a JSON Web Key Set");
        }
    }

    /** The provider as a cached state remembers it, or null when the state does not describe this issuer. */
    static Provider fromState(SsoState state, String issuerUrl) {
        try {
            return new Provider(issuerUrl, parse(state.discovery(), issuerUrl), state.discovery(), state.keys());
        } catch (java.text.ParseException | DoksAuthException e) {
            return null;
        }
    }

    /** Fetches the keys again: a token signed with a key we do not know may follow a rotation. */
    void refetchKeys(ProviderHttp http) {
        Map<String, Object> fresh = getJson(metadata.getJWKSetURI(), http, issuerUrl, "its signing keys");
        try {
            keys = JWKSet.parse(fresh).toPublicJWKSet();
            keysJson = fresh;
        } catch (java.text.ParseException e) {
            throw DoksAuthException.failure("the identity provider " + issuerUrl + " publishes signing keys that are "
                    + "not a JSON Web Key Set");
        }
    }

    String issuerUrl() {
        return issuerUrl;
    }

    OIDCProviderMetadata metadata() {
        return metadata;
    }

    JWKSet keys() {
        return keys;
    }

    Map<String, Object> discoveryJson() {
        return discovery;
    }

    Map<String, Object> keysJson() {
        return keysJson;
    }

    boolean offersOfflineAccess() {
        return metadata.getScopes() != null && metadata.getScopes().contains("offline_access");
    }

    boolean offersDeviceGrant() {
        return metadata.getDeviceAuthorizationEndpointURI() != null;
    }

    private static OIDCProviderMetadata parse(Map<String, Object> discovery, String issuerUrl) {
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(new JSONObject(discovery));
        } catch (ParseException e) {
            throw DoksAuthException.failure("the identity provider " + issuerUrl + " publishes a discovery document "
                    + "that is not OpenID Connect's (" + Phrases.printable(String.valueOf(e.getMessage())) + ")");
        }
        // OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly the one we asked.
        if (!issuerUrl.equals(metadata.getIssuer().getValue())) {
            throw DoksAuthException.failure("the identity provider at " + issuerUrl + " names itself "
                    + Phrases.printable(metadata.getIssuer().getValue()) + "; --sso-issuer-url must be its exact issuer");
        }
        if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null
                || metadata.getJWKSetURI() == null) {
            throw DoksAuthException.failure("the identity provider " + issuerUrl + " publishes no authorization, "
                    + "token or keys endpoint");
        }
        for (URI endpoint : new URI[] {metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                metadata.getJWKSetURI(), metadata.getDeviceAuthorizationEndpointURI(), metadata.getRevocationEndpointURI()}) {
            if (endpoint != null && !isSafe(endpoint)) {
                throw DoksAuthException.failure("the identity provider " + issuerUrl + " names an endpoint that is "
                        + "not https (" + ProviderHttp.withoutQuery(endpoint) + "); codes and tokens must not cross "
                        + "the network in clear");
            }
        }
        return metadata;
    }

    /** https, or http to a loopback host: the endpoints receive codes and tokens. */
    private static boolean isSafe(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        return endpoint.getHost() != null && (scheme.equals("https")
                || scheme.equals("http") && Loopback.isLoopbackHost(endpoint.getHost()));
    }

    private static Map<String, Object> getJson(URI uri, ProviderHttp http, String issuerUrl, String what) {
        HTTPResponse response;
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, uri);
            request.setAccept("application/json");
            response = request.send(http);
        } catch (IOException e) {
            throw ProviderHttp.unreachable(issuerUrl, "fetch " + what, e);
        }
        if (response.getStatusCode() != 200) {
            throw DoksAuthException.failure("the identity provider " + issuerUrl + " answered " + response.getStatusCode()
                    + " for " + what + " (" + ProviderHttp.withoutQuery(uri) + ")");
        }
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(response.getBody());
        } catch (java.text.ParseException | RuntimeException e) {
            throw DoksAuthException.failure("the identity provider " + issuerUrl + " answered something that is not "
                    + "JSON for " + what);
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
