package dev.doksauth.sso;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Date;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every check on an ID token, each failing alone; the keys are fetched again once for an unknown key ID. */
class IdTokenVerifierTest {

    static final String CLIENT = "cluster-app";

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance().build();

    StandInProvider provider;
    ProviderHttp http;

    @BeforeEach
    void setUp() throws Exception {
        provider = new StandInProvider(wireMock).publish();
        http = new ProviderHttp(Map.of(), Deadline.in(Duration.ofSeconds(10)), Verbose.off());
    }

    String refusal(String idToken, String nonce, boolean nonceRequired) {
        return assertThrows(DoksAuthException.class, () -> IdTokenVerifier.verify(idToken, provider.remembered(), CLIENT,
                nonce, nonceRequired, http)).getMessage();
    }

    @Test
    void aGoodTokenPasses() throws Exception {
        String token = provider.sign(provider.claims(CLIENT).claim("nonce", "n1").build());
        assertEquals("alice", IdTokenVerifier.verify(token, provider.remembered(), CLIENT, "n1", true, http)
                .getSubject().getValue());
    }

    @Test
    void anotherAudienceIsRefused() throws Exception {
        assertTrue(refusal(provider.sign(provider.claims("another-app").build()), null, false).contains("(aud)"));
    }

    @Test
    void anotherAuthorizedPartyIsRefused() throws Exception {
        String token = provider.sign(provider.claims(CLIENT).audience(java.util.List.of(CLIENT, "other"))
                .claim("azp", "other").build());
        assertTrue(refusal(token, null, false).contains("another client"));
    }

    @Test
    void anotherIssuerIsRefused() throws Exception {
        assertTrue(refusal(provider.sign(provider.claims(CLIENT).issuer("https://evil.example").build()), null, false)
                .contains("(iss)"));
    }

    @Test
    void anExpiredTokenIsRefusedWithNoClockTolerance() throws Exception {
        long now = System.currentTimeMillis();
        for (long ago : new long[] {120_000, 20_000, 1_000}) {
            String expired = provider.sign(provider.claims(CLIENT).expirationTime(new Date(now - ago)).build());
            assertTrue(refusal(expired, null, false).contains("it has expired (exp)"), "expired " + ago + " ms ago");
        }
    }

    @Test
    void theClockToleranceIsForIssueAndNotBeforeTimes() throws Exception {
        long now = System.currentTimeMillis();
        String skewed = provider.sign(provider.claims(CLIENT).issueTime(new Date(now + 30_000))
                .notBeforeTime(new Date(now + 30_000)).build());
        IdTokenVerifier.verify(skewed, provider.remembered(), CLIENT, null, false, http);
    }

    @Test
    void aRefreshedTokenMustNameTheSameIssuerSubjectAndAudience() throws Exception {
        String replaced = provider.sign(provider.claims(CLIENT).build());
        String same = provider.sign(provider.claims(CLIENT).claim("email", "alice@new.example").build());
        assertEquals(null, IdTokenVerifier.changedIdentity(replaced,
                IdTokenVerifier.verify(same, provider.remembered(), CLIENT, null, false, http)));
        String bob = provider.sign(provider.claims(CLIENT).subject("bob").build());
        assertEquals("sub", IdTokenVerifier.changedIdentity(replaced,
                IdTokenVerifier.verify(bob, provider.remembered(), CLIENT, null, false, http)));
        String wider = provider.sign(provider.claims(CLIENT).audience(java.util.List.of(CLIENT, "other")).build());
        assertEquals("aud", IdTokenVerifier.changedIdentity(replaced,
                IdTokenVerifier.verify(wider, provider.remembered(), CLIENT, null, false, http)));
        String otherIssuer = provider.sign(provider.claims(CLIENT).issuer("https://old.example").build());
        assertEquals("iss", IdTokenVerifier.changedIdentity(otherIssuer,
                IdTokenVerifier.verify(same, provider.remembered(), CLIENT, null, false, http)));
        assertEquals("iss, sub and aud", IdTokenVerifier.changedIdentity("not a JWT",
                IdTokenVerifier.verify(same, provider.remembered(), CLIENT, null, false, http)));
    }

    @Test
    void aTokenFromTheFutureIsRefused() throws Exception {
        long now = System.currentTimeMillis();
        String future = provider.sign(provider.claims(CLIENT).issueTime(new Date(now + 600_000)).build());
        assertTrue(refusal(future, null, false).contains("refused"));
        String notYet = provider.sign(provider.claims(CLIENT).notBeforeTime(new Date(now + 600_000)).build());
        assertTrue(refusal(notYet, null, false).contains("refused"));
    }

    @Test
    void theNonceMustBeTheOneSentAndAbsentOnlyWhereAllowed() throws Exception {
        String other = provider.sign(provider.claims(CLIENT).claim("nonce", "other").build());
        assertTrue(refusal(other, "n1", true).contains("nonce"));
        assertTrue(refusal(other, "n1", false).contains("nonce"), "a refreshed token may lack the nonce, not change it");
        String none = provider.sign(provider.claims(CLIENT).build());
        assertTrue(refusal(none, "n1", true).contains("nonce"));
        IdTokenVerifier.verify(none, provider.remembered(), CLIENT, "n1", false, http);
    }

    @Test
    void anUnknownKeyIsRefusedAfterOneFetchOfTheKeys() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k-unknown").generate();
        String token = StandInProvider.sign(provider.claims(CLIENT).build(), stranger);
        assertTrue(refusal(token, null, false).contains("signature matches none"));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/jwks")));
    }

    @Test
    void aKeyRotatedSinceTheLastFetchIsFoundByFetchingAgain() throws Exception {
        Provider remembered = Provider.fromState(new SsoState(provider.discovery(),
                new com.nimbusds.jose.jwk.JWKSet(new RSAKeyGenerator(2048).keyID("old").generate().toPublicJWK()).toJSONObject(),
                null, java.util.List.of("openid"), null), provider.issuer());
        String token = provider.sign(provider.claims(CLIENT).build());
        IdTokenVerifier.verify(token, remembered, CLIENT, null, false, http);
        assertEquals(provider.keys(), remembered.keysJson(), "the new keys are kept for the state");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String token = new com.nimbusds.jwt.PlainJWT(new JWTClaimsSet.Builder().issuer(provider.issuer()).build()).serialize();
        assertTrue(refusal(token, null, false).contains("not signed"));
    }
}
