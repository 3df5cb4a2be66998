package dev.doksauth.core;

import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;

/** Mints a new credential; in production {@code DigitalOceanClient::credentials}. */
@FunctionalInterface
public interface CredentialFetcher {
    Credential fetch(String clusterId, long expirySeconds, Deadline deadline);
}
