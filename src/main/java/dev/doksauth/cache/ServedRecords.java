package dev.doksauth.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Which credential each client (kubectl process) was last served, per key: client-go runs the plugin
 * again after the cluster answered 401, and a client asking again for what it was given is a suspicion.
 * A key has {@value #SLOTS} record slots, chosen by the client's PID, so that clients running at once rarely
 * share one; a slot holding another client counts as no record. Written on every hit with a client: best effort.
 */
final class ServedRecords {

    private static final int SLOTS = 64;
    private static final int MAX_RECORD_SIZE = 4096;

    private final CacheDirectory directory;

    ServedRecords(CacheDirectory directory) {
        this.directory = directory;
    }

    /** The {@code obtainedAt} of the credential last served to {@code client} for this key, or -1. */
    long servedTo(CacheKey key, String clientPid, String client) {
        String record = directory.readPrivateText(slot(key, clientPid), MAX_RECORD_SIZE);
        if (record == null) {
            return -1;
        }
        int space = record.indexOf(' ');
        try {
            return space > 0 && record.substring(space + 1).equals(client) ? Long.parseLong(record.substring(0, space)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Notes that the credential obtained at {@code obtainedAt} was served to {@code client}. */
    void record(CacheKey key, String clientPid, String client, long obtainedAt) {
        try {
            directory.writeAtomically(slot(key, clientPid), (obtainedAt + " " + client).getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            // without the record, a rejected credential is noticed one command later
        }
    }

    private static String slot(CacheKey key, String clientPid) {
        return CacheFileName.served(key.fileStem(), (int) (Long.parseLong(clientPid) % SLOTS));
    }
}
