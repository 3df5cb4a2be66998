package dev.doksauth.api;

/**
 * A DOKS cluster as the API lists it: what kubeconfig names and {@code clusters} show.
 *
 * @param sso the cluster's single sign-on, as its {@code sso} object says
 */
public record Cluster(String id, String name, String region, String version, String status, String endpoint, Sso sso) {

    public Cluster(String id, String name, String region, String version, String status, String endpoint) {
        this(id, name, region, version, status, endpoint, Sso.NONE);
    }

    /**
     * The {@code sso} object: whether the cluster takes ID tokens of an OpenID provider, whether it takes nothing
     * else, and which provider and client. Unchecked values from the API: checked where they are used.
     */
    public record Sso(boolean enabled, boolean required, String issuerUrl, String clientId) {
        public static final Sso NONE = new Sso(false, false, null, null);
    }
}
