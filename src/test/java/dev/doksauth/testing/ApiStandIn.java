package dev.doksauth.testing;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** The DigitalOcean API's credentials endpoint, played by WireMock. */
public final class ApiStandIn {

    public static final String CREDENTIALS = "/v2/kubernetes/clusters/[0-9a-f-]+/credentials";

    private ApiStandIn() {
    }

    /** Every call mints a new token (WireMock's templating), as DigitalOcean does. */
    public static void mintsTokens(WireMockExtension api, Duration lifetime) {
        api.stubFor(get(urlPathMatching(CREDENTIALS)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"\","
                        + "\"token\":\"doks-{{randomValue length=32 type='ALPHANUMERIC'}}\","
                        + "\"expires_at\":\"" + Instant.now().plus(lifetime) + "\"}")
                .withTransformers("response-template")));
    }

    public static void answers(WireMockExtension api, String body) {
        api.stubFor(get(urlPathMatching(CREDENTIALS)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    public static int credentialRequests(WireMockExtension api) {
        return api.findAll(getRequestedFor(urlPathMatching(CREDENTIALS))).size();
    }
}
