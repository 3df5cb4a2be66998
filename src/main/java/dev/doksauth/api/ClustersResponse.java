package dev.doksauth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doksauth.credential.ClusterId;
import dev.doksauth.report.DoksAuthException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code GET /v2/kubernetes/clusters} answers and their pagination links. */
final class ClustersResponse {

    static final int PER_PAGE = 200;
    /** No account has 100 pages of 200 clusters: a longer chain is a loop. */
    static final int MAX_PAGES = 100;

    private ClustersResponse() {
    }

    static List<Cluster> clusters(JsonNode body) {
        JsonNode list = body == null ? null : body.get("kubernetes_clusters");
        if (list == null || !list.isArray()) {
            throw DoksAuthException.failure("the DigitalOcean API's cluster list has no kubernetes_clusters");
        }
        List<Cluster> clusters = new ArrayList<>();
        for (JsonNode node : list) {
            clusters.add(cluster(node));
        }
        return clusters;
    }

    static Cluster cluster(JsonNode node) {
        String id = text(node, "id");
        String name = text(node, "name");
        if (!ClusterId.isUuid(id) || name == null || name.isBlank()) {
            throw DoksAuthException.failure("the DigitalOcean API listed a cluster without a UUID id or a name");
        }
        JsonNode status = node.get("status");
        return new Cluster(id.toLowerCase(java.util.Locale.ROOT), name, orEmpty(text(node, "region")), orEmpty(text(node, "version")),
                status == null ? "" : orEmpty(text(status, "state")), orEmpty(text(node, "endpoint")));
    }

    /** The path and query of the next page, which must be on the same API; null on the last page. */
    static String nextPage(JsonNode body, String apiUrl) {
        JsonNode next = body.path("links").path("pages").path("next");
        if (!next.isTextual() || next.asText().isBlank()) {
            return null;
        }
        URI uri = URI.create(next.asText());
        URI base = URI.create(apiUrl);
        // Follow the link's page, but never to another host: the token goes with every request.
        if (uri.getHost() != null && !uri.getHost().equalsIgnoreCase(base.getHost())) {
            throw DoksAuthException.failure("the DigitalOcean API's next page link points to another host");
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String path = uri.getRawPath();
        if (path != null && !basePath.isEmpty() && path.startsWith(basePath)) {
            path = path.substring(basePath.length());
        }
        return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
