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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;

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
        String body = switch (path) {
            case "/.well-known/openid-configuration" -> "{\"issuer\":\"" + issuer + "\","
                    + "\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\","
                    + "\"jwks_uri\":\"" + issuer + "/jwks\",\"device_authorization_endpoint\":\"" + issuer + "/device\","
                    + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                    + "\"scopes_supported\":[\"openid\",\"email\",\"offline_access\"],"
                    + "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\","
                    + "\"urn:ietf:params:oauth:grant-type:device_code\"],\"code_challenge_methods_supported\":[\"S256\"]}";
            case "/jwks" -> new JWKSet(key.toPublicJWK()).toString();
            case "/device" -> "{\"device_code\":\"training-device-code\",\"user_code\":\"TRAINING\","
                    + "\"verification_uri\":\"" + issuer + "/activate\",\"expires_in\":600,\"interval\":1}";
            case "/token" -> "{\"access_token\":\"training-access-token\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                    + "\"refresh_token\":\"training-refresh-token\",\"id_token\":\"" + idToken(clientId(form)) + "\"}";
            default -> null;
        };
        byte[] bytes = (body == null ? "{\"error\":\"not_found\"}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The public client's ID, as a token request's form carries it: the ID token is issued to whoever asks. */
    private static String clientId(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("client_id=")) {
                return URLDecoder.decode(pair.substring("client_id=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
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
