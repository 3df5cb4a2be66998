package dev.doksauth.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * What a single sign-on through the installed launcher needs, new for each test ({@code @RegisterExtension}): a real
 * OpenID provider (mock-oauth2-server) on loopback, a free port for doks-auth's sign-in to listen on, and the
 * {@code credential} arguments of a cluster whose app is {@code client}.
 */
public final class SignInStandIn implements BeforeEachCallback, AfterEachCallback {

    private final String cluster;
    private final String client;
    private MockOAuth2Server provider;
    private int port;

    public SignInStandIn(String cluster, String client) {
        this.cluster = cluster;
        this.client = client;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        provider = LocalServers.openIdProvider(0);
        port = LocalServers.freePort();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        provider.shutdown();
    }

    public MockOAuth2Server provider() {
        return provider;
    }

    /** The loopback port doks-auth's sign-in listens on ({@code --sso-local-server-port}). */
    public int port() {
        return port;
    }

    public String issuer() {
        return provider.issuerUrl("default").toString();
    }

    /** {@code credential CLUSTER} signing in at this provider. */
    public String[] credential() {
        return credential(issuer());
    }

    /** {@code credential CLUSTER} signing in at {@code issuer} as the client, on {@link #port()}; then {@code more}. */
    public String[] credential(String issuer, String... more) {
        List<String> args = new ArrayList<>(List.of("credential", cluster, "--sso-issuer-url", issuer,
                "--sso-client-id", client, "--sso-local-server-port", Integer.toString(port)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
