package dev.doksauth.training;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * {@link TrainingApi}'s OpenID provider at {@code issuer}: what a device sign-in and a refresh ask of a real one,
 * each answered at once (the device sign-in is finished before it is polled).
 */
final class TrainingProvider implements HttpHandler {

    private final String issuer;
    private final RSAKey key;

    TrainingProvider(String issuer) {
        this.issuer = issuer;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("training").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the training provider's key", e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath().substring(TrainingApi.ISSUER_PATH.length());
        Map<String, Object> body = switch (path) {
            case "/.well-known/openid-configuration" -> Map.ofEntries(Map.entry("issuer", issuer),
                    Map.entry("authorization_endpoint", issuer + "/authorize"), Map.entry("token_endpoint", issuer + "/token"),
                    Map.entry("jwks_uri", issuer + "/jwks"), Map.entry("device_authorization_endpoint", issuer + "/device"),
                    Map.entry("response_types_supported", List.of("code")), Map.entry("subject_types_supported", List.of("public")),
                    Map.entry("id_token_signing_alg_values_supported", List.of("RS256")),
                    Map.entry("scopes_supported", List.of("openid", "email", "offline_access")),
                    Map.entry("grant_types_supported", List.of("authorization_code", "refresh_token",
                            "urn:ietf:params:oauth:grant-type:device_code")),
                    Map.entry("code_challenge_methods_supported", List.of("S256")));
            case "/jwks" -> new JWKSet(key.toPublicJWK()).toJSONObject();
            case "/device" -> Map.of("device_code", "training-device-code", "user_code", "TRAINING",
                    "verification_uri", issuer + "/activate", "expires_in", 600, "interval", 1);
            case "/token" -> Map.of("access_token", "training-access-token", "token_type", "Bearer", "expires_in", 3600,
                    "refresh_token", "training-refresh-token", "id_token", idToken(clientId(form)));
            default -> null;
        };
        TrainingApi.answer(exchange, body == null ? 404 : 200, body == null ? Map.of("error", "not_found") : body);
    }

    /** The public client's ID, as a token request's form carries it: the ID token is issued to whoever asks. */
    private static String clientId(String form) {
        List<String> ids = URLUtils.parseParameters(form).getOrDefault("client_id", List.of(""));
        return ids.isEmpty() ? "" : ids.get(0);
    }

    private String idToken(String clientId) {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("training").audience(clientId)
                .issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000)).claim("email", "training@example.com")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the training ID token", e);
        }
        return jwt.serialize();
    }
}
