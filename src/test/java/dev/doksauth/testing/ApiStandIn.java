package dev.doksauth.testing;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** The DigitalOcean API's credentials endpoint, played by WireMock. */
public final class ApiStandIn {

    public static final String CREDENTIALS = "/v2/kubernetes/clusters/[0-9a-f-]+/credentials";
    /** The list of the account's clusters. */
    public static final String LIST = "/v2/kubernetes/clusters";

    /** The credentials endpoint of one cluster. */
    public static String credentialsOf(String cluster) {
        return LIST + "/" + cluster + "/credentials";
    }

    private ApiStandIn() {
    }

    /** A WireMock server on a free port, for {@code @RegisterExtension}: one for the class, its stubs reset per test. */
    public static WireMockExtension server() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    }

    /** The launcher of a user whose token is {@code doToken} and whose API is {@code api}, caching in {@code home}/cache. */
    public static Launcher launcher(WireMockExtension api, Path home, String doToken) {
        return new Launcher(home).env("DIGITALOCEAN_ACCESS_TOKEN", doToken).env("DIGITALOCEAN_API_URL", api.baseUrl())
                .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString());
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

    /** A cluster of the account, as the list and the single-cluster call show it. */
    public record Cluster(String id, String name, String region) {
        String json() {
            return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"region\":\"" + region
                    + "\",\"version\":\"1.31.1-do.0\",\"status\":{\"state\":\"running\"},\"endpoint\":\"https://" + id
                    + ".k8s.ondigitalocean.com\"}";
        }
    }

    /**
     * The account's clusters: {@code GET /v2/kubernetes/clusters/{id}} for each, the list {@code perPage} a
     * page with {@code links.pages.next}, and credentials pointing at {@code server} with {@code caData}.
     */
    public static void account(WireMockExtension api, List<Cluster> clusters, int perPage, String server, String caData,
                               String credentialFields) {
        int pages = Math.max(1, (clusters.size() + perPage - 1) / perPage);
        for (int page = 1; page <= pages; page++) {
            List<Cluster> slice = clusters.subList((page - 1) * perPage, Math.min(clusters.size(), page * perPage));
            String next = page < pages ? ",\"next\":\"" + api.baseUrl() + "/v2/kubernetes/clusters?page=" + (page + 1)
                    + "&per_page=200\"" : "";
            api.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("page", equalTo(Integer.toString(page)))
                    .willReturn(okJson("{\"kubernetes_clusters\":[" + String.join(",", slice.stream().map(Cluster::json).toList())
                            + "],\"links\":{\"pages\":{\"last\":\"x\"" + next + "}},\"meta\":{\"total\":" + clusters.size() + "}}")));
        }
        for (Cluster cluster : clusters) {
            api.stubFor(get(urlPathEqualTo("/v2/kubernetes/clusters/" + cluster.id()))
                    .willReturn(okJson("{\"kubernetes_cluster\":" + cluster.json() + "}")));
        }
        api.stubFor(get(urlPathMatching(CREDENTIALS)).willReturn(okJson("{\"server\":\"" + server
                + "\",\"certificate_authority_data\":\"" + caData + "\"," + credentialFields + ",\"expires_at\":\""
                + Instant.now().plus(Duration.ofDays(7)) + "\"}")));
    }

    public static int listRequests(WireMockExtension api) {
        return api.findAll(getRequestedFor(urlPathEqualTo(LIST))).size();
    }

    public static int credentialRequests(WireMockExtension api) {
        return api.findAll(getRequestedFor(urlPathMatching(CREDENTIALS))).size();
    }

    /** {@code GET /v2/kubernetes/clusters/{id}} for a cluster with single sign-on: its {@code sso} object. */
    public static void ssoCluster(WireMockExtension api, Cluster cluster, boolean required, String issuerUrl, String clientId) {
        String json = cluster.json();
        api.stubFor(get(urlPathEqualTo("/v2/kubernetes/clusters/" + cluster.id())).willReturn(okJson("{\"kubernetes_cluster\":"
                + json.substring(0, json.length() - 1) + ",\"sso\":{\"enabled\":true,\"required\":" + required
                + ",\"issuer_url\":\"" + issuerUrl + "\",\"client_id\":\"" + clientId + "\"}}}")));
    }

    /**
     * {@code GET /v2/kubernetes/clusters/{id}/kubeconfig?type=sso} as DigitalOcean answers it (a YAML kubeconfig),
     * and, like a cluster that requires SSO may, a refusal of {@code /credentials} for that cluster.
     */
    public static void ssoKubeconfig(WireMockExtension api, Cluster cluster, String server, String caData) {
        api.stubFor(get(urlPathEqualTo("/v2/kubernetes/clusters/" + cluster.id() + "/kubeconfig"))
                .withQueryParam("type", com.github.tomakehurst.wiremock.client.WireMock.equalTo("sso"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok("apiVersion: v1\nkind: Config\nclusters:\n"
                        + "- cluster:\n    certificate-authority-data: " + caData + "\n    server: " + server + "\n"
                        + "  name: do-" + cluster.region() + "-" + cluster.name() + "\n").withHeader("Content-Type", "application/yaml")));
        api.stubFor(get(urlPathEqualTo(credentialsOf(cluster.id()))).atPriority(1)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.jsonResponse(
                        "{\"id\":\"forbidden\",\"message\":\"This cluster requires SSO.\"}", 403)));
    }
}
