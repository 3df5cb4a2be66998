package dev.doksauth.api;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentProxySelectorTest {

    @Test
    void httpsGoesThroughHttpsProxy() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "proxy.corp:3128"));
        Proxy proxy = selector.select(URI.create("https://api.digitalocean.com/v2")).get(0);
        assertEquals(Proxy.Type.HTTP, proxy.type());
        assertEquals("proxy.corp", ((InetSocketAddress) proxy.address()).getHostString());
        assertEquals(3128, ((InetSocketAddress) proxy.address()).getPort());
        assertEquals(Proxy.NO_PROXY, selector.select(URI.create("http://api.example/v2")).get(0), "HTTP_PROXY is unset");
        assertEquals(Proxy.Type.HTTP, EnvironmentProxySelector.from(Map.of("https_proxy", "http://p:1"))
                .select(URI.create("https://x")).get(0).type());
    }

    @Test
    void noProxyRulesAsGo() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "http://p:1",
                "NO_PROXY", "example.com, .internal,10.0.0.0/8,api.local:8443"));
        assertFalse(selector.useProxy("example.com", 443));
        assertFalse(selector.useProxy("api.example.com", 443));
        assertTrue(selector.useProxy("badexample.com", 443));
        assertFalse(selector.useProxy("a.internal", 443));
        assertTrue(selector.useProxy("internal", 443));
        assertFalse(selector.useProxy("10.1.2.3", 443));
        assertTrue(selector.useProxy("11.1.2.3", 443));
        assertFalse(selector.useProxy("api.local", 8443));
        assertTrue(selector.useProxy("api.local", 443));
        assertFalse(selector.useProxy("localhost", 443));
        assertFalse(selector.useProxy("127.0.0.1", 443));
        assertFalse(EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*")).useProxy("any", 443));
    }
}
