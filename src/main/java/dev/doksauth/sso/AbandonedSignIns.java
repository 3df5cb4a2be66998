package dev.doksauth.sso;

import dev.doksauth.cache.CacheDirectory;
import dev.doksauth.cache.CacheFileName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Remembers, beside an identity's cache entry, that a sign-in ended without a code (nobody finished it), so
 * that background callers (IDEs, dashboards) fail at once for a while instead of opening a browser tab each
 * (kubelogin's issues 904 and 1330). Cleared by a successful sign-in, by {@code sso login} and by
 * {@code cache clear}. The marker is a cache file like any other ({@link CacheDirectory}).
 */
final class AbandonedSignIns {

    static final Duration QUIET_PERIOD = Duration.ofMinutes(5);
    private static final int MAX_MARKER_SIZE = 32;

    private final CacheDirectory directory;
    private final String marker;

    /** @param stem the identity's cache file name without extension */
    AbandonedSignIns(Path directory, String stem) {
        this.directory = new CacheDirectory(directory);
        this.marker = CacheFileName.abandoned(stem);
    }

    /** Seconds since a sign-in was abandoned within the quiet period, or -1. */
    long secondsSinceAbandoned(long nowEpochSecond) {
        String text = directory.readPrivateText(marker, MAX_MARKER_SIZE);
        if (text == null) {
            return -1;
        }
        try {
            long since = nowEpochSecond - Long.parseLong(text.strip());
            return since >= 0 && since < QUIET_PERIOD.toSeconds() ? since : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Notes an abandoned sign-in. Best effort. */
    void note(long nowEpochSecond) {
        try {
            directory.create();
            directory.writeAtomically(marker, Long.toString(nowEpochSecond).getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException | RuntimeException e) {
            // without the marker, background callers try a sign-in again: worse, not wrong
        }
    }

    void clear() {
        try {
            directory.delete(marker);
        } catch (IOException e) {
            // an old marker lapses by itself after the quiet period
        }
    }
}
