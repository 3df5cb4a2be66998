package dev.doksauth;

import dev.doksauth.cli.CacheHit;

/**
 * The launcher's first step on JDK 25 and newer: a JVM whose AOT cache holds only what a cache hit
 * needs (an AOT cache loads all its classes at start-up, so a cache that also held the API client
 * would slow every hit). It serves a fresh cached credential, or exits {@value #NOT_SERVED} having
 * printed nothing, and the launcher then runs {@link Main} with the full AOT cache.
 */
public final class CacheHitMain {

    /** "Not served": a private agreement with the launcher install.sh writes. */
    public static final int NOT_SERVED = 3;

    private CacheHitMain() {
    }

    public static void main(String[] args) {
        Integer code = CacheHit.tryServe(args, System.getenv(), System.out);
        if (code == null || code != 0) {
            System.exit(code == null ? NOT_SERVED : code);
        }
        // Exit 0 by returning: since Java 21 System.exit wakes the System.Logger machinery, 5 ms.
    }
}
