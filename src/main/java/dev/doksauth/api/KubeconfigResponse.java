package dev.doksauth.api;

import dev.doksauth.report.DoksAuthException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v2/kubernetes/clusters/{id}/kubeconfig}: a kubeconfig (YAML) of which we
 * take the cluster's server and CA, checked as those of the credentials answer are.
 */
final class KubeconfigResponse {

    private KubeconfigResponse() {
    }

    static ClusterAccess parse(byte[] body, String clusterId) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setCodePointLimit((int) DigitalOceanClient.MAX_BODY_BYTES);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(new String(body, StandardCharsets.UTF_8));
        } catch (YAMLException e) {
            throw bad(clusterId, "is not a kubeconfig"); // the library's message quotes the text: never passed on
        }
        Map<?, ?> cluster = document instanceof Map<?, ?> root && root.get("clusters") instanceof List<?> clusters
                && !clusters.isEmpty() && clusters.get(0) instanceof Map<?, ?> named && named.get("cluster") instanceof Map<?, ?> c
                ? c : null;
        if (cluster == null) {
            throw bad(clusterId, "has no cluster");
        }
        Object server = cluster.get("server");
        Object ca = cluster.get("certificate-authority-data");
        if (!(server instanceof String) || ca != null && !(ca instanceof String)) {
            throw bad(clusterId, "has a server or certificate-authority-data that is not text");
        }
        return new ClusterAccess(CredentialsResponse.server((String) server, clusterId),
                CredentialsResponse.certificateAuthority((String) ca, clusterId), null);
    }

    private static DoksAuthException bad(String clusterId, String what) {
        return DoksAuthException.failure("the DigitalOcean API's kubeconfig for cluster " + clusterId + " " + what);
    }
}
