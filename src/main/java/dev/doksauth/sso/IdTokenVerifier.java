package dev.doksauth.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.text.ParseException;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks an ID token before it is used or stored: its signature against the provider's published keys,
 * {@code iss}, {@code aud} (and {@code azp}), {@code exp} with no tolerance (an expired token is never printed:
 * the cluster would refuse it), {@code iat} and {@code nbf} with at most {@value #CLOCK_SKEW_SECONDS} s of clock
 * tolerance, and the {@code nonce}.
 */
final class IdTokenVerifier {

    static final int CLOCK_SKEW_SECONDS = 60;

    private IdTokenVerifier() {
    }

    /**
     * @param nonce         the nonce the token must carry; null when it need not carry one
     * @param nonceRequired false for refreshed and device-grant tokens: no nonce is then accepted, but another one is not
     * @param http          to fetch the keys again, once, when the token names a key we do not know; null not to
     * @return the token's claims
     */
    static IDTokenClaimsSet verify(String idToken, Provider provider, String clientId, String nonce,
                                   boolean nonceRequired, ProviderHttp http) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw refused(provider, "it is not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw refused(provider, "it is not signed");
        }
        String keyId = signed.getHeader().getKeyID();
        if (keyId != null && provider.keys().getKeyByKeyId(keyId) == null && http != null) {
            provider.refetchKeys(http); // the provider may have rotated its keys since we fetched them
        }
        IDTokenValidator validator = new IDTokenValidator(provider.metadata().getIssuer(), new ClientID(clientId),
                new JWSVerificationKeySelector<>(algorithms(provider), new ImmutableJWKSet<SecurityContext>(provider.keys())),
                null);
        validator.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(jwt, nonceRequired && nonce != null ? new Nonce(nonce) : null);
        } catch (BadJOSEException e) {
            throw refused(provider, reason(e.getMessage()));
        } catch (JOSEException e) {
            throw refused(provider, "its signature cannot be checked");
        }
        if (claims.getNonce() != null && nonce != null && !claims.getNonce().getValue().equals(nonce)) {
            throw refused(provider, "its nonce is not the one sent");
        }
        if (nonceRequired && claims.getNonce() == null) {
            throw refused(provider, "it carries no nonce");
        }
        if (claims.getAuthorizedParty() != null && !claims.getAuthorizedParty().getValue().equals(clientId)) {
            throw refused(provider, "it was issued to another client (azp)");
        }
        long now = System.currentTimeMillis();
        // Nimbus lets exp pass within the clock tolerance; a token past its exp is refused by the cluster.
        if (claims.getExpirationTime() == null || claims.getExpirationTime().getTime() <= now) {
            throw refused(provider, "it has expired (exp)");
        }
        Date notBefore = claims.getDateClaim("nbf");
        if (notBefore != null && notBefore.getTime() - CLOCK_SKEW_SECONDS * 1000L > now) {
            throw refused(provider, "it is not valid yet (nbf)");
        }
        return claims;
    }

    /**
     * Whether a refreshed ID token names the same person for the same client as the one it replaces (OpenID
     * Connect Core 12.2: same {@code iss}, {@code sub} and {@code aud}).
     *
     * @param replaced the ID token being replaced, as it was verified when it was stored
     * @return null when it does, else the claim that differs
     */
    static String changedIdentity(String replaced, IDTokenClaimsSet refreshed) {
        JWTClaimsSet before;
        try {
            before = JWTParser.parse(replaced).getJWTClaimsSet();
        } catch (ParseException e) {
            return "iss, sub and aud";
        }
        if (!Objects.equals(before.getIssuer(), refreshed.getIssuer().getValue())) {
            return "iss";
        }
        if (!Objects.equals(before.getSubject(), refreshed.getSubject().getValue())) {
            return "sub";
        }
        Set<String> audience = new HashSet<>();
        refreshed.getAudience().forEach(a -> audience.add(a.getValue()));
        if (before.getAudience() == null || !new HashSet<>(before.getAudience()).equals(audience)) {
            return "aud";
        }
        return null;
    }

    /** The algorithms the provider says it signs ID tokens with; never "none" (the validator refuses unsigned tokens). */
    private static Set<JWSAlgorithm> algorithms(Provider provider) {
        List<JWSAlgorithm> advertised = provider.metadata().getIDTokenJWSAlgs();
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        if (advertised != null) {
            for (JWSAlgorithm algorithm : advertised) {
                if (!"none".equals(algorithm.getName())) {
                    algorithms.add(algorithm);
                }
            }
        }
        if (algorithms.isEmpty()) {
            algorithms.add(JWSAlgorithm.RS256); // OpenID Connect's default
        }
        return algorithms;
    }

    /** Nimbus's reasons, in the words of a user. */
    private static String reason(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (text.contains("expired")) {
            return "it has expired (exp)";
        }
        if (text.contains("issuer")) {
            return "its issuer (iss) is not " + "the configured one";
        }
        if (text.contains("audience")) {
            return "it is not for this client (aud)";
        }
        if (text.contains("nonce")) {
            return "its nonce is not the one sent";
        }
        if (text.contains("no matching key") || text.contains("signature") || text.contains("another algorithm")) {
            return "its signature matches none of the provider's published keys";
        }
        if (text.contains("issue time") || text.contains("iat")) {
            return "its issue time (iat) is in the future";
        }
        return Phrases.printable(message == null ? "unknown reason" : message);
    }

    private static DoksAuthException refused(Provider provider, String reason) {
        return DoksAuthException.failure("the ID token from " + provider.issuerUrl() + " was refused, as " + reason
                + "; nothing was cached");
    }
}
