package dev.doksauth.sso;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.util.Date;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * An OpenID provider played by WireMock, for what a real one will not do on demand: ID tokens with a wrong
 * audience, an unknown key or a past expiry, the device grant's answers. Its keys and tokens are made here.
 */
final class StandInProvider {

    final WireMockExtension wireMock;
    final RSAKey key;

    StandInProvider(WireMockExtension wireMock) throws JOSEException {
        this.wireMock = wireMock;
        this.key = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    String issuer() {
        return wireMock.baseUrl();
    }

    Map<String, Object> discovery() {
        return Map.ofEntries(
                Map.entry("issuer", issuer()),
                Map.entry("authorization_endpoint", issuer() + "/authorize"),
                Map.entry("token_endpoint", issuer() + "/token"),
                Map.entry("jwks_uri", issuer() + "/jwks"),
                Map.entry("device_authorization_endpoint", issuer() + "/device"),
                Map.entry("revocation_endpoint", issuer() + "/revoke"),
                Map.entry("response_types_supported", List.of("code")),
                Map.entry("subject_types_supported", List.of("public")),
                Map.entry("id_token_signing_alg_values_supported", List.of("RS256")),
                Map.entry("scopes_supported", List.of("openid", "email", "team_role", "offline_access")));
    }

    Map<String, Object> keys() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    /** Serves discovery and keys. */
    StandInProvider publish() {
        wireMock.stubFor(get(urlPathEqualTo("/.well-known/openid-configuration"))
                .willReturn(okJson(JSONObjectUtils.toJSONString(discovery()))));
        wireMock.stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson(JSONObjectUtils.toJSONString(keys()))));
        return this;
    }

    /** The provider as the cache's state would remember it. */
    Provider remembered() {
        return Provider.fromState(new SsoState(discovery(), keys(), null, List.of("openid"), null), issuer());
    }

    /** Claims that pass: this issuer, for {@code clientId}, an hour of life. */
    JWTClaimsSet.Builder claims(String clientId) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject("alice").audience(clientId)
                .issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000))
                .claim("email", "alice@example.com").claim("team_role", "Owner");
    }

    String sign(JWTClaimsSet claims) throws JOSEException {
        return sign(claims, key);
    }

    static String sign(JWTClaimsSet claims, RSAKey with) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }
}
