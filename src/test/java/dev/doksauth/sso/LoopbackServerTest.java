package dev.doksauth.sso;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.doksauth.testing.LocalServers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loopback server serves each connection on its own and bounds the time a request may take to arrive. */
class LoopbackServerTest {

    static final URI AUTHORIZE = URI.create("https://idp.example/authorize?client_id=c");

    static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void stalledConnectionsDoNotHoldUpTheBrowsersAnswer() throws Exception {
        int port = LocalServers.freePort();
        List<Socket> stalled = new ArrayList<>();
        try (LoopbackServer server = LoopbackServer.start(port, AUTHORIZE, "s1", new PrintStream(new ByteArrayOutputStream()))) {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
                socket.getOutputStream().write("GET /callback?sta".getBytes(StandardCharsets.US_ASCII)); // and nothing more
                stalled.add(socket);
            }
            String answer = exchange(port, "GET /callback?state=s1&code=c1 HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            LoopbackServer.Answer result = server.answer().get(5, TimeUnit.SECONDS);
            assertEquals("c1", ((LoopbackServer.Code) result).code());
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void theStartAddressRedirectsToTheProviderAndOtherStatesAreRefused() throws Exception {
        int port = LocalServers.freePort();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (LoopbackServer server = LoopbackServer.start(port, AUTHORIZE, "s1", new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
            String redirect = exchange(port, "GET / HTTP/1.1\r\n\r\n");
            assertTrue(redirect.startsWith("HTTP/1.1 302 ") && redirect.contains("Location: " + AUTHORIZE), redirect);
            assertTrue(exchange(port, "GET /callback?state=other&code=x HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400 "));
            assertTrue(exchange(port, "POST /callback HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405 "));
            assertTrue(exchange(port, "GET /nothing HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404 "));
            assertEquals("", exchange(port, "not http at all\r\n\r\n"), "closed unanswered");
            assertFalse(server.answer().isDone(), "none of these ends the sign-in");
            assertTrue(terminal.toString(StandardCharsets.UTF_8).contains("state that is not the one sent"));
        }
    }

    @Test
    void aRequestThatDoesNotArriveInTimeIsDropped() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
             Socket accepted = listening.accept()) {
            OutputStream out = client.getOutputStream();
            out.write("GET /callback?state=s1".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertNull(LoopbackServer.readRequestLine(accepted, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "bounded by the deadline");
        }
    }

    @Test
    void aRequestHeadLongerThanTheLimitIsDropped() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
             Socket accepted = listening.accept()) {
            Thread writer = new Thread(() -> {
                try {
                    client.getOutputStream().write(("GET /" + "x".repeat(LoopbackServer.MAX_REQUEST_BYTES) + " HTTP/1.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the reader stopped reading
                }
            });
            writer.setDaemon(true);
            writer.start();
            assertNull(LoopbackServer.readRequestLine(accepted, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
        }
    }

    @Test
    void aCompleteHeadGivesMethodAndTarget() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
             Socket accepted = listening.accept()) {
            client.getOutputStream().write("GET /callback?a=b HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String[] line = LoopbackServer.readRequestLine(accepted, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            assertEquals(List.of("GET", "/callback?a=b"), List.of(line));
            InputStream unused = accepted.getInputStream();
            assertEquals(0, unused.available());
        }
    }
}
