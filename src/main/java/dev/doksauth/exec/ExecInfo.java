package dev.doksauth.exec;

import dev.doksauth.report.Phrases;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.JsonObject;
import dev.doksauth.report.DoksAuthException;

/**
 * What client-go tells the plugin in {@code KUBERNETES_EXEC_INFO}: the ExecCredential version it
 * expects back (it fails on any other), set on every run by kubectl 1.22 and newer; whether the
 * plugin has the user's terminal ({@code spec.interactive}); and, when the kubeconfig entry says
 * {@code provideClusterInfo: true}, the cluster it is about to talk to.
 *
 * @param cluster     null unless client-go passed the cluster
 * @param interactive whether stdin is the user's terminal (a sign-in may ask there); false without client-go
 */
public record ExecInfo(ExecApiVersion version, Cluster cluster, boolean interactive) {

    public static final String ENVIRONMENT_VARIABLE = "KUBERNETES_EXEC_INFO";

    /**
     * The cluster as the kubeconfig describes it.
     *
     * @param certificateAuthorityData base64 of PEM, or null to trust the system's roots
     */
    public record Cluster(String server, String certificateAuthorityData, String tlsServerName, boolean insecureSkipTlsVerify) {
    }

    /**
     * The version to answer with is the one in {@code KUBERNETES_EXEC_INFO}, else {@code --api-version},
     * else v1.
     */
    public static ExecInfo read(String execInfo, String apiVersionOption) {
        if (execInfo == null || execInfo.isBlank()) {
            return new ExecInfo(apiVersionOption != null
                    ? ExecApiVersion.parse(apiVersionOption, "--api-version") : ExecApiVersion.V1, null, false);
        }
        try {
            JsonObject info = Json.parseObject(execInfo);
            String kind = info.string("kind");
            if (!"ExecCredential".equals(kind)) {
                throw DoksAuthException.usage(ENVIRONMENT_VARIABLE + " is of kind '"
                        + Phrases.printable(String.valueOf(kind)) + "', not ExecCredential");
            }
            String apiVersion = info.string("apiVersion");
            if (apiVersion == null) {
                throw DoksAuthException.usage(ENVIRONMENT_VARIABLE + " has no apiVersion");
            }
            ExecApiVersion version = ExecApiVersion.parse(apiVersion, ENVIRONMENT_VARIABLE);
            JsonObject spec = info.object("spec");
            boolean interactive = spec != null && Boolean.TRUE.equals(spec.bool("interactive"));
            JsonObject cluster = spec == null ? null : spec.object("cluster");
            String server = cluster == null ? null : cluster.string("server");
            if (server == null || !server.startsWith("https://")) {
                return new ExecInfo(version, null, interactive);
            }
            return new ExecInfo(version, new Cluster(server, cluster.string("certificate-authority-data"),
                    cluster.string("tls-server-name"), Boolean.TRUE.equals(cluster.bool("insecure-skip-tls-verify"))),
                    interactive);
        } catch (JsonException e) {
            throw DoksAuthException.usage(ENVIRONMENT_VARIABLE + " is not the JSON object client-go sets ("
                    + e.getMessage() + ")");
        }
    }
}
