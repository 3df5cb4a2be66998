package dev.doksauth.cache;

import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.json.JsonException;
import dev.doksauth.report.DoksAuthException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk credential store: one JSON entry per {@link CacheKey} in the private cache directory
 * ({@link CacheDirectory}), with the key's lock ({@link CacheLock}) and served records ({@link ServedRecords}).
 *
 * <p>Readers take no lock: entries are replaced by rename, so a reader sees a whole old entry or a
 * whole new one. Writers of one key serialise on the key's lock and look again once they hold it. An
 * entry that cannot be read is a miss.
 */
public final class CredentialCache implements CredentialStore {

    /** Larger than any answer the API client accepts, so that whatever is written is read back. */
    static final long MAX_ENTRY_SIZE = 8L * 1024 * 1024;

    private final CacheDirectory directory;
    private final ServedRecords served;

    public CredentialCache(Path dir) {
        this.directory = new CacheDirectory(dir);
        this.served = new ServedRecords(directory);
    }

    @Override
    public Path directory() {
        return directory.path();
    }

    /**
     * {@inheritDoc}
     *
     * @throws DoksAuthException when the directory is unsafe (see {@link CacheDirectory#check()})
     */
    @Override
    public CacheEntry read(CacheKey key) {
        if (!directory.check()) {
            return null;
        }
        byte[] bytes = directory.readPrivate(CacheFileName.entry(key.fileStem()), MAX_ENTRY_SIZE);
        if (bytes == null) {
            return null;
        }
        try {
            return CacheEntryJson.read(new String(bytes, StandardCharsets.UTF_8), key);
        } catch (JsonException e) {
            return null; // truncated, of another format: a miss, replaced by the next fetch
        }
    }

    @Override
    public void write(CacheKey key, CacheEntry entry) throws IOException {
        directory.create();
        directory.writeAtomically(CacheFileName.entry(key.fileStem()),
                CacheEntryJson.write(key, entry).getBytes(StandardCharsets.UTF_8), true);
    }

    /** Takes the key's lock without a notice (see {@link #lock(CacheKey, Deadline, Duration, WaitNotice)}). */
    public CacheLock lock(CacheKey key, Deadline deadline) throws IOException, LockTimeoutException {
        return lock(key, deadline, Duration.ZERO, null);
    }

    @Override
    public CacheLock lock(CacheKey key, Deadline deadline, Duration noticeAfter, WaitNotice notice)
            throws IOException, LockTimeoutException {
        return CacheLock.take(directory, key.fileStem(), deadline, noticeAfter, notice);
    }

    @Override
    public long servedTo(CacheKey key, String clientPid, String client) {
        return served.servedTo(key, clientPid, client);
    }

    @Override
    public void recordServed(CacheKey key, String clientPid, String client, long obtainedAt) {
        served.record(key, clientPid, client, obtainedAt);
    }

    /**
     * What an entry says about itself: its key (but the token's hash) and its credential.
     *
     * @param clusterId the cluster, or {@value CacheKey#SSO_PREFIX} for a sign-on identity
     * @param context   the doctl context or token variable, or the sign-on client ID
     * @param apiUrl    the API base URL, or the issuer URL
     */
    public record ListedEntry(String clusterId, String context, String apiUrl, long expirySeconds, Credential credential) {
    }

    public List<ListedEntry> list() throws IOException {
        List<ListedEntry> entries = new ArrayList<>();
        for (String name : directory.names()) {
            CacheFileName.Parsed parsed = CacheFileName.parse(name);
            if (parsed == null || !parsed.entry()) {
                continue;
            }
            String text = directory.readPrivateText(name, MAX_ENTRY_SIZE);
            try {
                if (text != null) {
                    entries.add(CacheEntryJson.readListed(text));
                }
            } catch (JsonException e) {
                // not an entry we can read: the next fetch replaces it
            }
        }
        entries.sort((a, b) -> a.clusterId().compareTo(b.clusterId()));
        return entries;
    }

    /**
     * Removes every file of the given clusters' keys (entries, locks, served records, sign-in markers,
     * files left half-written), or of every key when {@code owners} is empty; {@value CacheKey#SSO_PREFIX}
     * names the sign-on identities. Files the cache did not name are left alone.
     *
     * @return how many entries were removed
     */
    public int clear(List<String> owners) throws IOException {
        int removed = 0;
        for (String name : directory.names()) {
            CacheFileName.Parsed parsed = CacheFileName.parse(name);
            if (parsed != null && (owners.isEmpty() || owners.contains(parsed.owner()))
                    && directory.delete(name) && parsed.entry()) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public boolean remove(CacheKey key) throws IOException {
        if (!directory.check()) {
            return false;
        }
        directory.delete(CacheFileName.abandoned(key.fileStem()));
        return directory.delete(CacheFileName.entry(key.fileStem()));
    }
}
