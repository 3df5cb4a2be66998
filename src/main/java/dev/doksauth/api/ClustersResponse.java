package dev.doksauth.api;

import dev.doksauth.credential.ClusterId;
import dev.doksauth.json.SnakeCase;
import dev.doksauth.report.DoksAuthException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The answer of {@code GET /v2/kubernetes/clusters}, as Jackson reads it: a page of clusters and the link to the
 * next. The clusters are checked in {@link ClusterObject#cluster}, the link in {@link #nextPage}.
 */
record ClustersResponse(List<ClusterObject> kubernetesClusters, Links links) implements SnakeCase {

    static final int PER_PAGE = 200;
    /** No account has 100 pages of 200 clusters: a longer chain is a loop. */
    static final int MAX_PAGES = 100;
    /** Longer than any real link. */
    static final int MAX_LINK_LENGTH = 2048;
    static final String SUBJECT = "the cluster list";

    record Links(Pages pages) implements SnakeCase {
    }

    record Pages(String next) implements SnakeCase {
    }

    /** The answer of {@code GET /v2/kubernetes/clusters/{id}}. */
    record One(ClusterObject kubernetesCluster) implements SnakeCase {
    }

    /** A cluster object as the API writes it; its {@code sso} object is checked where its values are used (a kubeconfig entry). */
    record ClusterObject(String id, String name, String region, String version, Status status, String endpoint, SsoObject sso)
            implements SnakeCase {

        record Status(String state) implements SnakeCase {
        }

        record SsoObject(Boolean enabled, Boolean required, String issuerUrl, String clientId) implements SnakeCase {
        }

        /** The cluster, checked; {@code subject} names the answer it came in, for messages. */
        Cluster cluster(String subject) {
            if (!ClusterId.isUuid(id) || name == null || name.isBlank()) {
                throw DoksAuthException.failure("the DigitalOcean API's answer for " + subject
                        + " has a cluster without a UUID id or a name");
            }
            return new Cluster(id.toLowerCase(Locale.ROOT), name, orEmpty(region), orEmpty(version),
                    status == null ? "" : orEmpty(status.state()), orEmpty(endpoint),
                    sso == null ? Cluster.Sso.NONE : new Cluster.Sso(Boolean.TRUE.equals(sso.enabled()),
                            Boolean.TRUE.equals(sso.required()), sso.issuerUrl(), sso.clientId()));
        }
    }

    /** The page's clusters, checked. */
    List<Cluster> checkedClusters() {
        if (kubernetesClusters == null) {
            throw malformed(SUBJECT, "member 'kubernetes_clusters' is missing");
        }
        List<Cluster> checked = new ArrayList<>();
        for (ClusterObject cluster : kubernetesClusters) {
            if (cluster == null) {
                throw malformed(SUBJECT, "an item of 'kubernetes_clusters' is not an object");
            }
            checked.add(cluster.cluster(SUBJECT));
        }
        return checked;
    }

    /**
     * The next page, resolved against the API's base URL: it must be on the API's own origin (scheme, host and
     * port), as every request carries the token. Null on the last page.
     */
    URI nextPage(String apiUrl) {
        String next = links == null || links.pages() == null ? null : links.pages().next();
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

    static DoksAuthException malformed(String subject, String what) {
        return DoksAuthException.failure("the DigitalOcean API's answer for " + subject + " is malformed: " + what);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
