package dev.doksauth.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import dev.doksauth.testing.ApiStandIn;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sso commands find a cluster's sign-in through the API when no kubeconfig entry names it. */
class SsoCommandTest {

    static final String ID = "6fd3a6b0-2a7e-4b7b-9a11-3c1a2b3c4d5e";

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Map<String, String> env, String... args) {
        return Cli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("KUBECONFIG", home.resolve("kubeconfig").toString());
        env.put("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString());
        env.put("DIGITALOCEAN_API_URL", api.baseUrl());
        env.put("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_sso_command_test");
        return env;
    }

    static String cluster(String sso) {
        return "{\"id\":\"" + ID + "\",\"name\":\"prod\",\"region\":\"nyc1\",\"version\":\"1.33.1-do.0\","
                + "\"status\":{\"state\":\"running\"},\"endpoint\":\"https://" + ID + ".k8s.ondigitalocean.com\",\"sso\":" + sso + "}";
    }

    @Test
    void aClusterTheKubeconfigDoesNotHaveIsLookedUpThroughTheApi() {
        api.stubFor(get(urlPathEqualTo("/v2/kubernetes/clusters/" + ID)).willReturn(okJson("{\"kubernetes_cluster\":"
                + cluster("{\"enabled\":true,\"required\":true,\"issuer_url\":\"https://idp.example/realms/do\","
                + "\"client_id\":\"doks-prod\"}") + "}")));
        assertEquals(0, run(env(), "sso", "logout", ID), err.toString(StandardCharsets.UTF_8));
        assertEquals("Not signed in to https://idp.example/realms/do for doks-prod.\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClusterWithoutSingleSignOnIsOneSentence() {
        api.stubFor(get(urlPathEqualTo("/v2/kubernetes/clusters/" + ID)).willReturn(okJson("{\"kubernetes_cluster\":"
                + cluster("{\"enabled\":false}") + "}")));
        assertEquals(1, run(env(), "sso", "whoami", ID));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("doks-auth: no doks-auth single sign-on entry of the kubeconfig names '" + ID + "'")
                && said.contains("does not use single sign-on"), said);
    }

    @Test
    void logoutNeedsAClusterOrAll() {
        assertEquals(2, run(env(), "sso", "logout"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("doks-auth: sso logout needs a CLUSTER to sign out of, "
                + "or --all"), err.toString(StandardCharsets.UTF_8));
    }
}
