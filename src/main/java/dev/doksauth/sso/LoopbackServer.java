package dev.doksauth.sso;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The redirect URI's end: {@code http://localhost:PORT/callback} on the loopback addresses only, bound before
 * any browser opens (so a program already on the port never receives the sign-in). {@code /} sends the browser
 * on to the provider's authorization URL, so that the URL we print and open stays short.
 *
 * <p>The first answer with our {@code state} decides: a code, or the provider's {@code error}. An answer with another
 * state (an old tab, a hostile page) is refused and said on the terminal, and the sign-in goes on: it can neither
 * end the sign-in nor slip a code in. A redirect URL pasted on the terminal is handled the same way.
 *
 * <p>A plain socket server, one thread per connection and each bounded in time (the JDK's HttpServer reads every
 * request on one thread unless given an executor, and bounds no request by default): a local program that opens a
 * connection and stalls cannot keep the browser's answer out.
 */
final class LoopbackServer implements AutoCloseable {

    /** How the sign-in's answer came back. */
    sealed interface Answer permits Code, Failure {
    }

    record Code(String code) implements Answer {
        @Override
        public String toString() {
            return "Code[redacted]";
        }
    }

    /** @param abandoned true when the user (or provider) ended the sign-in without a code, false for a refused answer (the wait goes on) */
    record Failure(String sentence, boolean abandoned) implements Answer {
    }

    /** How long one connection may take to send its request: a stalled one is closed, and never holds up another. */
    static final Duration REQUEST_TIME = Duration.ofSeconds(10);
    /** More connections at once than a browser opens; past it, new ones are closed unanswered. */
    static final int MAX_CONNECTIONS = 32;
    /** Longer than any request a browser sends here (the callback's query holds a code and a state). */
    static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final int port;
    private final String state;
    private final PrintStream terminal;
    private final URI authorizationUrl;
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();

    private LoopbackServer(int port, URI authorizationUrl, String state, PrintStream terminal) {
        this.port = port;
        this.authorizationUrl = authorizationUrl;
        this.state = state;
        this.terminal = terminal;
    }

    /** Binds 127.0.0.1 and, where the system has IPv6, ::1 (browsers try both for "localhost"). */
    static LoopbackServer start(int port, URI authorizationUrl, String state, PrintStream terminal) {
        LoopbackServer server = new LoopbackServer(port, authorizationUrl, state, terminal);
        try {
            server.bind(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), true);
            server.bind(InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
                    false);
        } catch (IOException e) {
            server.close();
            throw DoksAuthException.failure("cannot listen on localhost port " + port + " for the sign-in: "
                    + Phrases.describe(e));
        } catch (DoksAuthException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind(InetAddress address, boolean required) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(address, port), 8);
        } catch (BindException e) {
            socket.close();
            if (!required && address instanceof Inet6Address && !String.valueOf(e.getMessage()).contains("in use")) {
                return; // no IPv6 loopback on this system: browsers then use 127.0.0.1
            }
            throw DoksAuthException.failure(portTaken(port), e);
        } catch (SocketException e) {
            socket.close();
            if (!required) {
                return;
            }
            throw e;
        }
        sockets.add(socket);
        Thread acceptor = new Thread(() -> accept(socket), "doks-auth-callback-" + address.getHostAddress());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The sentence for a port another program holds; {@code sso login} and {@code credential} both take the option. */
    static String portTaken(int port) {
        return "port " + port + " on localhost is taken by another program, so the sign-in cannot receive its answer "
                + "there; stop that program or choose another port with --sso-local-server-port (registered as a "
                + "redirect URI with the identity provider)";
    }

    /** Each connection on a thread of its own: one that stalls cannot keep the browser's answer waiting. */
    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!connections.tryAcquire()) {
                closeQuietly(connection);
                continue;
            }
            Thread handler = new Thread(() -> {
                try {
                    serve(connection);
                } finally {
                    closeQuietly(connection);
                    connections.release();
                }
            }, "doks-auth-callback-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void serve(Socket connection) {
        try {
            String[] request = readRequestLine(connection, System.nanoTime() + REQUEST_TIME.toNanos());
            if (request == null) {
                return; // nothing sensible came in time: closed without an answer
            }
            OutputStream out = connection.getOutputStream();
            URI target;
            try {
                target = new URI(request[1]);
            } catch (URISyntaxException e) {
                respond(out, 400, "Bad request.");
                return;
            }
            String path = target.getRawPath();
            if (!"GET".equals(request[0])) {
                respond(out, 405, "Only GET is answered here.");
            } else if ("/".equals(path)) {
                out.write(("HTTP/1.1 302 Found\r\nLocation: " + authorizationUrl.toASCIIString()
                        + "\r\nCache-Control: no-store\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else if ("/callback".equals(path)) {
                Answer result = accept(target.getRawQuery());
                if (result instanceof Code) {
                    respond(out, 200, "Signed in. You can close this tab and go back to the terminal.");
                } else {
                    respond(out, 400, "The sign-in did not succeed: " + ((Failure) result).sentence()
                            + ". Go back to the terminal.");
                }
                decide(result);
            } else {
                respond(out, 404, "Nothing here.");
            }
        } catch (IOException e) {
            // the browser went away: its answer, if any, was already decided
        }
    }

    /**
     * The request line's method and target, once the whole head has come (up to its empty line), or null when it
     * does not come by {@code end} (System.nanoTime), is too long, or is not HTTP.
     */
    static String[] readRequestLine(Socket connection, long end) throws IOException {
        InputStream in = connection.getInputStream();
        StringBuilder head = new StringBuilder();
        int read = 0;
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")
                && !head.substring(head.length() - 2).equals("\n\n")) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0 || ++read > MAX_REQUEST_BYTES) {
                return null;
            }
            connection.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (c < 0) {
                return null;
            }
            head.append((char) c);
        }
        int lineEnd = head.indexOf("\n");
        String[] parts = head.substring(0, lineEnd).strip().split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            return null;
        }
        return new String[] {parts[0], parts[1]};
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * A redirect URL pasted on the terminal, as the browser's address bar shows it after the sign-in.
     *
     * @return false when the text is not such a URL (it is then ignored)
     */
    boolean paste(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getRawPath() == null || !uri.getRawPath().equals("/callback") || uri.getRawQuery() == null) {
            return false;
        }
        decide(accept(uri.getRawQuery()));
        return true;
    }

    /** Ends the wait, unless the answer was refused: then it is said, and the sign-in goes on. */
    private void decide(Answer result) {
        if (result instanceof Failure failure && !failure.abandoned()) {
            terminal.println("doks-auth: " + failure.sentence() + "; still waiting for the sign-in.");
        } else {
            answer.complete(result);
        }
    }

    /** The state first: an answer that is not to our request, error or not, must neither end nor count against the sign-in. */
    private Answer accept(String rawQuery) {
        Map<String, String> query = query(rawQuery);
        String returned = query.get("state");
        if (returned == null || !MessageDigest.isEqual(returned.getBytes(StandardCharsets.UTF_8),
                state.getBytes(StandardCharsets.UTF_8))) {
            return new Failure("the sign-in's answer carries a state that is not the one sent, so it was refused "
                    + "(an old browser tab, or a page that is not the identity provider's)", false);
        }
        String error = query.get("error");
        if (error != null) {
            String description = query.get("error_description");
            return new Failure("the identity provider ended the sign-in with " + Phrases.printable(error)
                    + (description == null ? "" : " (" + Phrases.printable(description) + ")"), true);
        }
        String code = query.get("code");
        if (code == null || code.isEmpty()) {
            return new Failure("the sign-in's answer carries no authorization code", false);
        }
        return new Code(code);
    }

    CompletableFuture<Answer> answer() {
        return answer;
    }

    private static void respond(OutputStream out, int status, String message) throws IOException {
        byte[] page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>doks-auth</title></head><body><p>"
                + message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        String reason = switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            default -> "Method Not Allowed";
        };
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Cache-Control: no-store\r\nContent-Length: " + page.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(page);
        out.flush();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }

    @Override
    public void close() {
        for (ServerSocket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        sockets.clear();
    }
}
