package dev.doksauth.api;

/** A DOKS cluster as the API lists it: what kubeconfig names and {@code clusters} show. */
public record Cluster(String id, String name, String region, String version, String status, String endpoint) {
}
