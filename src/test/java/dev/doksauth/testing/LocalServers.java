package dev.doksauth.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Servers a test starts on the loopback interface, and the free ports they or doks-auth's own listener take. */
public final class LocalServers {

    private LocalServers() {
    }

    /** A loopback port that is free now: a server started after this call may bind it. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A real OpenID provider (mock-oauth2-server), started on the loopback interface at {@code port}; 0 takes any. */
    public static MockOAuth2Server openIdProvider(int port) {
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), port);
        return provider;
    }
}
