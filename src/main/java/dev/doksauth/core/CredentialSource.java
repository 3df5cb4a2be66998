package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.credential.Deadline;

/**
 * Where new credentials come from: the DigitalOcean API (a cluster token or certificate), or the
 * organisation's identity provider (an ID token, for single sign-on clusters).
 */
@FunctionalInterface
public interface CredentialSource {

    /**
     * A new credential, with the state to keep beside it.
     *
     * @param previous what the cache holds for the key (stale, rejected by the cluster, or null); a source
     *                 may use its state, such as a refresh token
     * @throws dev.doksauth.report.DoksAuthException with one sentence for the user when none can be had
     */
    CacheEntry obtain(CacheEntry previous, Deadline deadline);
}
