package dev.doksauth.api;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.JsonObject;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads {@code GET /v2/kubernetes/clusters/{id}/credentials}. Every field is checked here, when the answer is
 * read, because each goes somewhere that trusts it: {@code server} and {@code certificate_authority_data}
 * into a kubeconfig, the token or the client certificate and key into an ExecCredential and the cache.
 * A field that is wrong refuses the whole answer with one sentence naming it; nothing is written.
 */
final class CredentialsResponse {

    /** Longer than any URL a cluster has. */
    static final int MAX_SERVER_LENGTH = 2048;

    private CredentialsResponse() {
    }

    static ClusterAccess parse(JsonObject body, String clusterId, long obtainedAt, Verbose verbose) {
        try {
            // The secrets first, so that no later message or verbose line can print them.
            String token = body.string("token");
            verbose.secret(token);
            String certificate = body.string("client_certificate_data");
            String key = body.string("client_key_data");
            verbose.secret(key);
            String server = server(body.string("server"), clusterId);
            String ca = certificateAuthority(body.string("certificate_authority_data"), clusterId);
            long expiresAt = expiresAt(body.string("expires_at"), clusterId);
            if (expiresAt <= obtainedAt) {
                throw badAnswer(clusterId, "holds a credential that has already expired (expires_at "
                        + body.string("expires_at") + ")");
            }
            Credential credential;
            if (token != null && !token.isEmpty()) {
                credential = Credential.ofToken(token(token, clusterId), obtainedAt, expiresAt);
            } else if (certificate != null && !certificate.isEmpty() && key != null && !key.isEmpty()) {
                String keyPem;
                String certificatePem;
                try {
                    keyPem = Pem.privateKey(key);
                } catch (Pem.InvalidPemException e) {
                    throw badAnswer(clusterId, "has a client_key_data that is " + e.getMessage());
                }
                verbose.secret(keyPem);
                try {
                    certificatePem = Pem.certificates(certificate);
                } catch (Pem.InvalidPemException e) {
                    throw badAnswer(clusterId, "has a client_certificate_data that is " + e.getMessage());
                }
                credential = Credential.ofCertificate(certificatePem, keyPem, obtainedAt, expiresAt);
            } else {
                throw badAnswer(clusterId, "has neither a token nor a client certificate and key");
            }
            return new ClusterAccess(server, ca, credential);
        } catch (JsonException e) {
            throw badAnswer(clusterId, "is malformed: " + e.getMessage());
        }
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

    /** base64 of the PEM certificates to trust the cluster by; absent or empty means the system's roots. */
    static String certificateAuthority(String value, String clusterId) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        try {
            Pem.certificates(value);
            return value;
        } catch (Pem.InvalidPemException e) {
            throw badAnswer(clusterId, "has a certificate_authority_data that is " + e.getMessage());
        }
    }

    private static long expiresAt(String value, String clusterId) {
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
