package dev.doksauth.core;

import dev.doksauth.credential.SsoProvider;
import dev.doksauth.report.DoksAuthException;

/**
 * What a single sign-on credential entry asks for ({@code credential ID --sso-issuer-url URL
 * --sso-client-id ID ...}), checked before anything is touched.
 *
 * @param provider       the identity provider application, checked by {@link SsoProvider}
 * @param grant          {@code auto}, {@code browser} or {@code device}
 * @param timeoutSeconds how long a sign-in, and the wait for another process's sign-in, may take
 * @param noRefresh      do not ask for a refresh token ({@code offline_access})
 */
public record SsoOptions(SsoProvider provider, String grant, long timeoutSeconds, boolean noRefresh) {

    /** The values of --sso-grant (shell completion offers them). */
    public static final java.util.List<String> GRANTS = java.util.List.of("auto", "browser", "device");

    public static final long DEFAULT_TIMEOUT_SECONDS = 180;
    static final long MAX_TIMEOUT_SECONDS = 3600;
    /** The scopes DOKS needs: the apiserver authorises by the {@code email} and {@code team_role} claims. */
    public static final String BASE_SCOPES = "openid email team_role";

    public SsoOptions {
        if (provider == null) {
            throw new IllegalArgumentException("provider");
        }
        if (!GRANTS.contains(grant)) {
            throw DoksAuthException.usage("--sso-grant must be auto, browser or device");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw DoksAuthException.usage("--sso-timeout must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
        }
    }

    public SsoOptions(String issuerUrl, String clientId, int localPort, String grant, long timeoutSeconds, boolean noRefresh) {
        this(new SsoProvider(issuerUrl, clientId, localPort), grant, timeoutSeconds, noRefresh);
    }

    public String issuerUrl() {
        return provider.issuerUrl();
    }

    public String clientId() {
        return provider.clientId();
    }

    public int localPort() {
        return provider.localPort();
    }

    /** The scopes asked for, in a fixed order; {@code offline_access} is added only where the provider offers it. */
    public String scopesKey() {
        return noRefresh ? BASE_SCOPES : BASE_SCOPES + " offline_access?";
    }
}
