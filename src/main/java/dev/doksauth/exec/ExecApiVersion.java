package dev.doksauth.exec;

import dev.doksauth.report.Phrases;
import dev.doksauth.report.DoksAuthException;

/** The two ExecCredential versions client-go accepts (v1alpha1 was removed in Kubernetes 1.24). */
public enum ExecApiVersion {
    V1("client.authentication.k8s.io/v1"),
    V1BETA1("client.authentication.k8s.io/v1beta1");

    private final String apiVersion;

    ExecApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** Accepts the full apiVersion, or the short forms {@code v1} and {@code v1beta1}. */
    public static ExecApiVersion parse(String value, String from) {
        for (ExecApiVersion version : values()) {
            if (version.apiVersion.equals(value) || version.apiVersion.endsWith("/" + value)) {
                return version;
            }
        }
        throw DoksAuthException.usage(from + " names apiVersion '" + Phrases.printable(value)
                + "', but only client.authentication.k8s.io/v1 and client.authentication.k8s.io/v1beta1 exist");
    }
}
