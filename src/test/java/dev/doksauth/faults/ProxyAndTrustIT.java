package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Launcher;
import dev.doksauth.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API over HTTPS behind what users have: a CA of their own (a proxy that inspects TLS), given
 * with SSL_CERT_FILE or SSL_CERT_DIR as Go programs take it; and an HTTPS_PROXY that tunnels with
 * CONNECT, with NO_PROXY honoured.
 */
class ProxyAndTrustIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeefbbb8";
    static final String HOST = "api.doks.test";

    @TempDir
    Path home;
    ConnectProxy proxy;
    /** The API over HTTPS, its certificate the one in {@link #caFile}, which no JDK trusts. */
    WireMockServer api;
    Path caFile;
    Launcher launcher;

    @BeforeEach
    void setUp() throws Exception {
        TestCertificates certificates = TestCertificates.makeFor(home, "doks-test-api", "dns:" + HOST + ",ip:127.0.0.1");
        caFile = home.resolve("corporate-ca.pem");
        Files.writeString(caFile, certificates.certificatePem());
        proxy = new ConnectProxy();
        api = startApi();
        // A budget that a loaded 2-core machine's cold fetch through the tunnel fits in (2 s measured at a load of
        // 15): no case here waits it out; a host that does not resolve is given up after 1 s.
        launcher = new Launcher(home).env("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_proxy").env("DOKS_AUTH_TIMEOUT", "10")
                .env("DOKS_AUTH_CACHE_DIR", home.resolve("cache").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            proxy.close();
        } finally {
            if (api != null) {
                api.stop();
            }
        }
    }

    private WireMockServer startApi() {
        WireMockServer server = new WireMockServer(
                wireMockConfig().dynamicPort().dynamicHttpsPort()
                        .keystorePath(TestCertificates.keyStoreFile(home, "doks-test-api").toString()).keystoreType("PKCS12")
                        .keystorePassword("changeit").keyManagerPassword("changeit"));
        server.start();
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(ApiStandIn.CREDENTIALS))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"server\":\"https://x\",\"token\":\"doks-via-tls\","
                        + "\"expires_at\":\"" + java.time.Instant.now().plus(Duration.ofDays(7)) + "\"}")));
        return server;
    }

    /** The launcher asks for the API by its host name, which only the proxy resolves: to the API stand-in. */
    private void apiBehindTheProxy() {
        proxy.forwardTo(api.httpsPort());
        launcher.env("DIGITALOCEAN_API_URL", "https://" + HOST).env("SSL_CERT_FILE", caFile.toString());
    }

    @Test
    void aCertificateOutsideTheJdksStoreIsTrustedThroughSslCertFileOrDir() throws Exception {
        launcher.env("DIGITALOCEAN_API_URL", "https://127.0.0.1:" + api.httpsPort());
        Launcher.Result untrusted = launcher.run("credential", CLUSTER);
        assertEquals(1, untrusted.exitCode(), untrusted.toString());
        assertTrue(untrusted.stderr().contains("is not trusted") && untrusted.stderr().contains("SSL_CERT_FILE")
                && untrusted.stderr().lines().count() == 1, untrusted.toString());
        Launcher.Result verbose = launcher.run("credential", CLUSTER, "-v");
        assertTrue(verbose.stderr().contains("(attempt 1)") && !verbose.stderr().contains("(attempt 2)"),
                "a certificate that is not trusted is not retried: " + verbose);

        Launcher.Result trusted = launcher.env("SSL_CERT_FILE", caFile.toString()).run("credential", CLUSTER);
        assertEquals(0, trusted.exitCode(), trusted.toString());
        assertTrue(trusted.stdout().contains("doks-via-tls"));

        Path dir = Files.createDirectory(home.resolve("certs"));
        Files.copy(caFile, dir.resolve("corporate.pem"));
        Launcher.Result fromDir = launcher.env("SSL_CERT_FILE", null).env("SSL_CERT_DIR", dir.toString())
                .run("credential", CLUSTER, "--no-cache");
        assertEquals(0, fromDir.exitCode(), fromDir.toString());
    }

    /** A trusted certificate that names another host: refused in one sentence, not retried, and no request made. */
    @Test
    void aTrustedCertificateForAnotherHostIsRefusedBeforeTheTokenGoes() throws Exception {
        launcher.env("DIGITALOCEAN_API_URL", "https://localhost:" + api.httpsPort()).env("SSL_CERT_FILE", caFile.toString());
        Launcher.Result refused = launcher.run("credential", CLUSTER);
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("TLS certificate of localhost is not trusted")
                && refused.stderr().lines().count() == 1, refused.toString());
        Launcher.Result verbose = launcher.run("credential", CLUSTER, "-v");
        assertTrue(verbose.stderr().contains("(attempt 1)") && !verbose.stderr().contains("(attempt 2)"), verbose.toString());
        assertEquals(0, api.getAllServeEvents().size(), "no request reached the host, with or without the token");
    }

    @Test
    void httpsProxyTunnelsAndNoProxyIsHonoured() throws Exception {
        apiBehindTheProxy();
        launcher.env("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port());
        Launcher.Result viaProxy = launcher.run("credential", CLUSTER);
        assertEquals(0, viaProxy.exitCode(), viaProxy.toString());
        assertEquals(List.of(HOST + ":443"), proxy.targets(), "one CONNECT to the API's host");

        Launcher.Result direct = launcher.env("NO_PROXY", "example.org," + HOST).run("credential", CLUSTER, "--no-cache");
        assertEquals(1, direct.exitCode(), "without the proxy, " + HOST + " does not resolve: " + direct);
        assertEquals(List.of(HOST + ":443"), proxy.targets(), "NO_PROXY kept it away from the proxy");
    }

    @Test
    void aProxyThatWantsAUserNameAndPassword() throws Exception {
        apiBehindTheProxy();
        proxy.requireCredentials("corp-user", "pr0xy-s3cret:x");
        Launcher.Result anonymous = launcher.env("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()).run("credential", CLUSTER);
        assertEquals(1, anonymous.exitCode(), anonymous.toString());
        assertTrue(anonymous.stderr().contains("407") && anonymous.stderr().contains("USER:PASSWORD"), anonymous.toString());

        String withCredentials = "http://corp-user:pr0xy-s3cret%3Ax@127.0.0.1:" + proxy.port();
        Launcher.Result authenticated = launcher.env("HTTPS_PROXY", withCredentials).run("credential", CLUSTER);
        assertEquals(0, authenticated.exitCode(), authenticated.toString());

        Launcher.Result wrong = launcher.env("HTTPS_PROXY", "http://corp-user:wrong-s3cret@127.0.0.1:" + proxy.port())
                .run("credential", CLUSTER, "--no-cache", "-v");
        assertEquals(1, wrong.exitCode(), wrong.toString());
        assertTrue(!wrong.stderr().contains("s3cret") && !authenticated.stderr().contains("s3cret"), "no password in messages");
    }

    /** An HTTP proxy that answers CONNECT by tunnelling to the API stand-in, whatever host is asked for. */
    static final class ConnectProxy implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> targets = new CopyOnWriteArrayList<>();
        private volatile int upstreamPort;
        private volatile String requiredAuthorization;

        void requireCredentials(String user, String password) {
            requiredAuthorization = "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        ConnectProxy() throws IOException {
            Thread acceptor = new Thread(this::accept, "connect-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void forwardTo(int port) {
            upstreamPort = port;
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> targets() {
            return List.copyOf(targets);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread handler = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void tunnel(Socket client) {
            try (client) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = reader.readLine();
                String authorization = null;
                for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-authorization:")) {
                        authorization = line.substring(line.indexOf(':') + 1).strip();
                    }
                }
                if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                    client.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                            + "Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
                if (parts.length < 2 || !parts[0].equals("CONNECT")) {
                    client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                targets.add(parts[1]);
                try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    Thread back = new Thread(() -> pump(upstream, client));
                    back.setDaemon(true);
                    back.start();
                    pump(client, upstream);
                    back.join(5_000);
                }
            } catch (IOException | InterruptedException e) {
                // the tunnel ends with either side
            }
        }

        private static void pump(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
