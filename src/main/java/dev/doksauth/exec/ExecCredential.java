package dev.doksauth.exec;

import dev.doksauth.credential.Credential;
import dev.doksauth.json.Jackson;

import java.io.PrintStream;

/**
 * The ExecCredential client-go reads from the plugin's stdout, as the full JVM writes it: with Jackson. The
 * first JVM, which must not load Jackson, writes the same bytes by hand ({@link ExecCredentialJson});
 * {@code ExecCredentialTest} holds the two to one output.
 *
 * @param status its {@code expirationTimestamp} is when we would stop serving the credential from cache,
 *               so that client-go runs us again exactly when we would fetch anew
 */
public record ExecCredential(String kind, String apiVersion, Spec spec, Status status) {

    public record Spec(boolean interactive) {
    }

    /** A token, or a client certificate and key; the other members absent. */
    public record Status(String expirationTimestamp, String token, String clientCertificateData, String clientKeyData) {
        @Override
        public String toString() {
            return "Status[expirationTimestamp=" + expirationTimestamp + "]"; // never the secrets
        }
    }

    public static ExecCredential of(ExecApiVersion version, Credential credential) {
        return new ExecCredential("ExecCredential", version.apiVersion(), new Spec(false),
                new Status(ExecCredentialJson.rfc3339(credential.freshUntil()), credential.token(),
                        credential.clientCertificatePem(), credential.clientKeyPem()));
    }

    /** The whole document, one line. */
    public static String render(ExecApiVersion version, Credential credential) {
        return Jackson.write(of(version, credential)) + "\n";
    }

    /** Prints the ExecCredential on {@code out} (stdout); @return the exit code: 1 if it could not be written */
    public static int print(PrintStream out, ExecApiVersion version, Credential credential) {
        return ExecCredentialJson.print(out, render(version, credential));
    }
}
