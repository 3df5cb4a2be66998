package dev.doksauth.sso;

import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.Verbose;

import java.util.List;
import java.util.Map;

/**
 * What an OpenID provider's discovery document offers a sign-in, read the way a sign-in reads it (the same
 * discovery, issuer and endpoint checks): for {@code doctor}, which must not sign in to find out.
 *
 * @param pkceMethods   {@code code_challenge_methods_supported}, or null when the provider does not list them
 * @param claims        {@code claims_supported}, or null when the provider does not list them
 * @param offlineAccess whether {@code offline_access} is among the scopes offered (refresh tokens)
 * @param deviceGrant   whether there is a device authorization endpoint
 */
public record ProviderFacts(List<String> pkceMethods, List<String> claims, boolean offlineAccess, boolean deviceGrant) {

    /** The method every sign-in of ours uses. */
    public static final String PKCE_METHOD = CodeChallengeMethod.S256.getValue();

    /**
     * Fetches the discovery document and keys within {@code deadline}.
     *
     * @throws dev.doksauth.report.DoksAuthException with the sentence a sign-in would fail with
     */
    public static ProviderFacts discover(String issuerUrl, Map<String, String> env, Deadline deadline) {
        try (ProviderHttp http = new ProviderHttp(env, deadline, Verbose.off())) {
            Provider provider = Provider.discover(issuerUrl, http);
            OIDCProviderMetadata metadata = provider.metadata();
            return new ProviderFacts(
                    metadata.getCodeChallengeMethods() == null ? null
                            : metadata.getCodeChallengeMethods().stream().map(CodeChallengeMethod::getValue).toList(),
                    metadata.getClaims() == null ? null : List.copyOf(metadata.getClaims()),
                    provider.offersOfflineAccess(), provider.offersDeviceGrant());
        }
    }
}
