package dev.doksauth.sso;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The authorization code grant with PKCE: the browser signs in at the provider, which sends it back with a
 * code to our loopback server (or the user pastes the address it shows), and the code is exchanged for tokens.
 */
record BrowserSignIn(SsoOptions options, SsoContext context, Browser browser) {

    /** The redirect URI registered with the provider: http://localhost:PORT/callback. */
    static URI redirectUri(SsoOptions options) {
        return URI.create("http://localhost:" + options.localPort() + "/callback");
    }

    /** @throws NotFinished when nobody finished the sign-in in time, or the provider answered with an error */
    CacheEntry signIn(Provider provider, List<String> scopes, TokenEndpoint tokens, Deadline deadline) {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        URI redirect = redirectUri(options);
        URI authorizationUrl = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(scopes.toArray(String[]::new)),
                new ClientID(options.clientId()), redirect)
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        LoopbackServer.Answer answer;
        try (LoopbackServer server = LoopbackServer.start(options.localPort(), authorizationUrl, state.getValue(), context.err())) {
            String start = "http://localhost:" + options.localPort() + "/";
            context.err().println("doks-auth: sign in to " + options.issuerUrl() + " in your browser: " + start
                    + " (waiting up to " + deadline.remaining().toSeconds() + " s)");
            if (!browser.open(start)) {
                context.err().println("doks-auth: no browser could be opened here; open that address in a browser "
                        + "on this machine" + sshHint());
            }
            if (context.interactive()) {
                context.err().println("doks-auth: or paste here the address the browser shows once signed in "
                        + "(http://localhost:" + options.localPort() + "/callback?...)");
                readPastedRedirect(server);
            }
            answer = server.answer().get(deadline.remaining().toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NotFinished("nobody finished the sign-in to " + options.issuerUrl() + " within "
                    + deadline.budget().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw DoksAuthException.failure("the sign-in to " + options.issuerUrl() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DoksAuthException.failure("interrupted while waiting for the sign-in to " + options.issuerUrl());
        }
        if (answer instanceof LoopbackServer.Failure failure) {
            throw new NotFinished(failure.sentence()); // the provider's error: refused answers never end the wait
        }
        String code = ((LoopbackServer.Code) answer).code();
        context.verbose().secret(code);
        String what = "exchange the sign-in's code for tokens";
        OIDCTokens answered;
        try {
            answered = tokens.tokens(provider, new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, verifier), what);
        } catch (TokenEndpoint.GrantRefused e) {
            throw e.sentence(options.issuerUrl(), what);
        }
        return tokens.signedIn(provider, answered, scopes, nonce.getValue(), true);
    }

    /** Over SSH the browser is on the user's own machine: say how to bring the port there. */
    private String sshHint() {
        String connection = context.env().get("SSH_CONNECTION");
        if ((connection == null || connection.isBlank()) && (context.env().get("SSH_CLIENT") == null
                || context.env().get("SSH_CLIENT").isBlank())) {
            return "";
        }
        String[] parts = connection == null ? new String[0] : connection.strip().split(" ");
        String host = parts.length >= 3 ? parts[2] : "THIS_HOST";
        String user = context.env().getOrDefault("USER", System.getProperty("user.name", "USER"));
        int port = options.localPort();
        return ", or on your own machine after forwarding the port with: ssh -L " + port + ":localhost:" + port + " "
                + Phrases.printable(user) + "@" + Phrases.printable(host);
    }

    /** Reads the terminal for a pasted redirect URL, beside the loopback server; whichever comes first wins. */
    private void readPastedRedirect(LoopbackServer server) {
        Thread reader = new Thread(() -> {
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null && !server.answer().isDone(); line = lines.readLine()) {
                    if (!server.paste(line)) {
                        context.err().println("doks-auth: that is not the address of the sign-in's answer "
                                + "(http://localhost:" + options.localPort() + "/callback?code=...&state=...)");
                    }
                }
            } catch (IOException e) {
                // no terminal after all: the browser's answer still comes to the loopback server
            }
        }, "doks-auth-paste");
        reader.setDaemon(true);
        reader.start();
    }
}
