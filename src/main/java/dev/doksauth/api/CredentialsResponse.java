package dev.doksauth.api;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.SnakeCase;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The answer of {@code GET /v2/kubernetes/clusters/{id}/credentials}, as Jackson reads it (every member a string,
 * or absent). Every field is checked here, in {@link #access}, because each goes somewhere that trusts it: {@code server} and {@code certificate_authority_data}
 * into a kubeconfig, the token or the client certificate and key into an ExecCredential and the cache.
 * A field that is wrong refuses the whole answer with one sentence naming it; nothing is written.
 */
record CredentialsResponse(String server, String certificateAuthorityData, String token, String clientCertificateData,
                           String clientKeyData, String expiresAt) implements SnakeCase {

    /** Longer than any URL a cluster has. */
    static final int MAX_SERVER_LENGTH = 2048;

    /** The answer checked, its credential obtained at {@code obtainedAt}; a wrong field refuses it with a sentence. */
    ClusterAccess access(String clusterId, long obtainedAt, Verbose verbose) {
        // The secrets first, so that no later message or verbose line can print them.
        verbose.secret(token);
        verbose.secret(clientKeyData);
        String checkedServer = server(server, clusterId);
        String ca = certificateAuthority(certificateAuthorityData, clusterId);
        long expires = epochSeconds(expiresAt, clusterId);
        if (expires <= obtainedAt) {
            throw badAnswer(clusterId, "holds a credential that has already expired (expires_at " + expiresAt + ")");
        }
        Credential credential;
        if (token != null && !token.isEmpty()) {
            credential = Credential.ofToken(token(token, clusterId), obtainedAt, expires);
        } else if (clientCertificateData != null && !clientCertificateData.isEmpty() && clientKeyData != null
                && !clientKeyData.isEmpty()) {
            String keyPem;
            String certificatePem;
            try {
                keyPem = Pem.privateKey(clientKeyData);
            } catch (Pem.InvalidPemException e) {
                throw badAnswer(clusterId, "has a client_key_data that is " + e.getMessage());
            }
            verbose.secret(keyPem);
            try {
                certificatePem = Pem.certificates(clientCertificateData);
            } catch (Pem.InvalidPemException e) {
                throw badAnswer(clusterId, "has a client_certificate_data that is " + e.getMessage());
            }
            credential = Credential.ofCertificate(certificatePem, keyPem, obtainedAt, expires);
        } else {
            throw badAnswer(clusterId, "has neither a token nor a client certificate and key");
        }
        return new ClusterAccess(checkedServer, ca, credential);
    }

    @Override
    public String toString() {
        return "CredentialsResponse[" + server + ", expires_at " + expiresAt + "]"; // never the secrets
    }

    /** An https URL with a host and nothing that could smuggle something into a kubeconfig. */
    static String server(String value, String clusterId) {
        if (value == null || value.isEmpty()) {
            throw badAnswer(clusterId, "has no server");
        }
        String wrong = "has a server that is not an https:// URL with a host";
        if (value.length() > MAX_SERVER_LENGTH) {
            throw badAnswer(clusterId, wrong + " (it is longer than " + MAX_SERVER_LENGTH + " characters)");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) <= 0x20 || value.charAt(i) >= 0x7f) {
                throw badAnswer(clusterId, wrong + " (it holds spaces, control or non-ASCII characters)");
            }
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw badAnswer(clusterId, wrong);
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https") || uri.getHost() == null) {
            throw badAnswer(clusterId, wrong);
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw badAnswer(clusterId, wrong + " and a port only (it has a user, query, fragment or bad port)");
        }
        return value;
    }

    /**
     * base64 of the PEM certificates to trust the cluster by, in the canonical form kubectl reads (padded, one
     * line): base64 without its padding, or broken into lines, would make kubectl refuse the whole kubeconfig.
     * Absent or empty means the system's roots.
     */
    static String certificateAuthority(String value, String clusterId) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        try {
            return Pem.canonicalBase64(Pem.certificates(value));
        } catch (Pem.InvalidPemException e) {
            throw badAnswer(clusterId, "has a certificate_authority_data that is " + e.getMessage());
        }
    }

    private static long epochSeconds(String value, String clusterId) {
        if (value == null || value.isEmpty()) {
            throw badAnswer(clusterId, "has no expires_at");
        }
        try {
            return Rfc3339.epochSeconds(value);
        } catch (Rfc3339.InvalidTimeException e) {
            throw badAnswer(clusterId, "has an expires_at that is not an RFC 3339 time (" + e.getMessage() + ")");
        }
    }

    /** A token goes into an HTTP header: visible ASCII only, and a bounded length. */
    private static String token(String token, String clusterId) {
        if (token.length() > Credential.MAX_TOKEN_LENGTH) {
            throw badAnswer(clusterId, "holds a token longer than " + (Credential.MAX_TOKEN_LENGTH >> 20) + " MiB");
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) <= 0x20 || token.charAt(i) >= 0x7f) {
                throw badAnswer(clusterId, "holds a token with characters no token has (spaces, control or non-ASCII characters)");
            }
        }
        return token;
    }

    static DoksAuthException badAnswer(String clusterId, String what) {
        return DoksAuthException.failure("the DigitalOcean API's credentials answer for cluster " + clusterId + " " + what);
    }
}
