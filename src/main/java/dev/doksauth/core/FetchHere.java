package dev.doksauth.core;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.credential.Deadline;

/** A new credential fetched in this JVM, from the DigitalOcean API or the identity provider. */
public record FetchHere(CredentialSource source) implements NewCredential {

    @Override
    public Obtained obtain(CacheEntry previous, Deadline deadline) {
        return new Entry(source.obtain(previous, deadline));
    }

    @Override
    public boolean worksWithoutStore() {
        return true;
    }
}
