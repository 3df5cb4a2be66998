package dev.doksauth.sso;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.credential.Credential;

import java.util.Date;
import java.util.List;
import java.util.Map;

/** Cache entries of an SSO identity for use-case tests: unsigned ID tokens (nothing here verifies them). */
final class IdTokens {

    private IdTokens() {
    }

    static String token(String subject, Object email, Object teamRole, long expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://idp.example/").subject(subject)
                .audience("app").expirationTime(new Date(expiresAt * 1000));
        if (email != null) {
            claims.claim("email", email);
        }
        if (teamRole != null) {
            claims.claim("team_role", teamRole);
        }
        return new PlainJWT(claims.build()).serialize();
    }

    /** An entry of {@code idToken}, obtained at {@code obtainedAt}, with a refresh token or none. */
    static CacheEntry entry(String idToken, long obtainedAt, long expiresAt, String refreshToken) {
        String state = new SsoState(Map.of("issuer", "https://idp.example/"), Map.of("keys", List.of()), refreshToken,
                List.of("openid", "email", "team_role"), "n-1").toJson();
        return new CacheEntry(Credential.ofToken(idToken, obtainedAt, expiresAt), state);
    }
}
