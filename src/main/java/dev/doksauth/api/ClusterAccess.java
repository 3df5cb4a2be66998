package dev.doksauth.api;

import dev.doksauth.credential.Credential;

/** The credentials answer: where the cluster is, the CA to trust it by, and a credential for it. */
public record ClusterAccess(String server, String certificateAuthorityData, Credential credential) {
}
