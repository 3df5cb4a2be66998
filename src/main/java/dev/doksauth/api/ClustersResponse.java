package dev.doksauth.api;

import dev.doksauth.credential.ClusterId;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.JsonObject;
import dev.doksauth.report.DoksAuthException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@code GET /v2/kubernetes/clusters} answers and their pagination links. */
final class ClustersResponse {

    static final int PER_PAGE = 200;
    /** No account has 100 pages of 200 clusters: a longer chain is a loop. */
    static final int MAX_PAGES = 100;
    /** Longer than any real link. */
    static final int MAX_LINK_LENGTH = 2048;

    private ClustersResponse() {
    }

    static List<Cluster> clusters(JsonObject body) {
        try {
            List<Object> list = body.array("kubernetes_clusters");
            if (list == null) {
                throw malformed("the cluster list", "member 'kubernetes_clusters' is missing");
            }
            List<Cluster> clusters = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof JsonObject node)) {
                    throw malformed("the cluster list", "an item of 'kubernetes_clusters' is not an object");
                }
                clusters.add(cluster(node, "the cluster list"));
            }
            return clusters;
        } catch (JsonException e) {
            throw malformed("the cluster list", e.getMessage());
        }
    }

    /** One cluster object; {@code subject} names the answer it came in, for messages. */
    static Cluster cluster(JsonObject node, String subject) {
        try {
            String id = node.string("id");
            String name = node.string("name");
            if (!ClusterId.isUuid(id) || name == null || name.isBlank()) {
                throw DoksAuthException.failure("the DigitalOcean API's answer for " + subject
                        + " has a cluster without a UUID id or a name");
            }
            JsonObject status = node.object("status");
            return new Cluster(id.toLowerCase(Locale.ROOT), name, orEmpty(node.string("region")),
                    orEmpty(node.string("version")), status == null ? "" : orEmpty(status.string("state")),
                    orEmpty(node.string("endpoint")), sso(node.object("sso")));
        } catch (JsonException e) {
            throw malformed(subject, "a cluster's " + e.getMessage());
        }
    }

    /** The {@code sso} object: checked where its values are used (a kubeconfig entry). */
    private static Cluster.Sso sso(JsonObject sso) throws JsonException {
        if (sso == null) {
            return Cluster.Sso.NONE;
        }
        return new Cluster.Sso(Boolean.TRUE.equals(sso.bool("enabled")), Boolean.TRUE.equals(sso.bool("required")),
                sso.string("issuer_url"), sso.string("client_id"));
    }

    /**
     * The next page, resolved against the API's base URL: it must be on the API's own origin (scheme, host and
     * port), as every request carries the token. Null on the last page.
     */
    static URI nextPage(JsonObject body, String apiUrl) {
        String next;
        try {
            JsonObject links = body.object("links");
            JsonObject pages = links == null ? null : links.object("pages");
            next = pages == null ? null : pages.string("next");
        } catch (JsonException e) {
            throw malformed("the cluster list", "its links: " + e.getMessage());
        }
        if (next == null || next.isEmpty()) {
            return null;
        }
        URI uri = resolve(next, apiUrl);
        if (uri == null || !ApiUrl.isSameOrigin(uri, apiUrl) || uri.getRawUserInfo() != null) {
            throw DoksAuthException.failure("the DigitalOcean API's cluster list links its next page to somewhere other than "
                    + apiUrl + "; refused, as the token goes only there");
        }
        // Rebuilt on the base, so the request goes to exactly the origin that was checked; a fragment is dropped.
        return URI.create(apiUrl + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** The link as an absolute URI, or null when it is not a plain URL reference (RFC 3986) of visible ASCII. */
    private static URI resolve(String link, String apiUrl) {
        if (link.length() > MAX_LINK_LENGTH) {
            return null;
        }
        for (int i = 0; i < link.length(); i++) {
            char c = link.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return null;
            }
        }
        try {
            URI reference = new URI(link);
            if (reference.isOpaque() || (reference.isAbsolute() && reference.getHost() == null)) {
                return null;
            }
            // The base has no path (ApiUrl): resolving against its root keeps relative paths under it.
            return new URI(apiUrl + "/").resolve(reference).normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static DoksAuthException malformed(String subject, String what) {
        return DoksAuthException.failure("the DigitalOcean API's answer for " + subject + " is malformed: " + what);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
