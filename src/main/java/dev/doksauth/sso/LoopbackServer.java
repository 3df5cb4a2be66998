package dev.doksauth.sso;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The redirect URI's end: {@code http://localhost:PORT/callback} on the loopback addresses only, bound before
 * any browser opens (so a program already on the port never receives the sign-in). {@code /} sends the browser
 * on to the provider's authorization URL, so that the URL we print and open stays short.
 *
 * <p>The first answer with our {@code state} decides: a code, or the provider's {@code error}. An answer with another
 * state (an old tab, a hostile page) is refused and said on the terminal, and the sign-in goes on: it can neither
 * end the sign-in nor slip a code in. A redirect URL pasted on the terminal is handled the same way.
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

    private final int port;
    private final String state;
    private final PrintStream terminal;
    private final List<HttpServer> servers = new ArrayList<>();
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();

    private LoopbackServer(int port, String state, PrintStream terminal) {
        this.port = port;
        this.state = state;
        this.terminal = terminal;
    }

    /** Binds 127.0.0.1 and, where the system has IPv6, ::1 (browsers try both for "localhost"). */
    static LoopbackServer start(int port, URI authorizationUrl, String state, PrintStream terminal) {
        LoopbackServer server = new LoopbackServer(port, state, terminal);
        try {
            server.bind(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), authorizationUrl, true);
            server.bind(InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
                    authorizationUrl, false);
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

    private void bind(InetAddress address, URI authorizationUrl, boolean required) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 8);
        } catch (BindException e) {
            if (!required && address instanceof Inet6Address && !String.valueOf(e.getMessage()).contains("in use")) {
                return; // no IPv6 loopback on this system: browsers then use 127.0.0.1
            }
            throw DoksAuthException.failure("port " + port + " on localhost is taken by another program, so the "
                    + "sign-in cannot receive its answer there; stop that program or choose another port with "
                    + "--sso-local-server-port (registered as a redirect URI with the identity provider)", e);
        } catch (SocketException e) {
            if (!required) {
                return;
            }
            throw e;
        }
        server.createContext("/", exchange -> handle(exchange, authorizationUrl));
        server.start();
        servers.add(server);
    }

    private void handle(HttpExchange exchange, URI authorizationUrl) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "Only GET is answered here.");
            } else if ("/".equals(path)) {
                exchange.getResponseHeaders().set("Location", authorizationUrl.toString());
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(302, -1);
            } else if ("/callback".equals(path)) {
                Answer result = accept(exchange.getRequestURI().getRawQuery());
                if (result instanceof Code) {
                    respond(exchange, 200, "Signed in. You can close this tab and go back to the terminal.");
                } else {
                    respond(exchange, 400, "The sign-in did not succeed: " + ((Failure) result).sentence()
                            + ". Go back to the terminal.");
                }
                decide(result);
            } else {
                respond(exchange, 404, "Nothing here.");
            }
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

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        byte[] page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>doks-auth</title></head><body><p>"
                + message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, page.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(page);
        }
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
        for (HttpServer server : servers) {
            server.stop(0);
        }
        servers.clear();
    }
}
