package dev.doksauth.core;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.exec.ExecApiVersion;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The use case behind {@code doks-auth credential}: serve the cached credential while it is fresh,
 * else fetch one (once among all processes asking at the same moment) and cache it.
 *
 * <p>The cache-hit path ({@link #plan} then {@link #fromCache}) touches no API, picocli or Jackson
 * class: {@code Main} runs it before anything else is loaded.
 */
public final class GetCredential {

    /** Set by the launcher to its parent's PID: the client (kubectl) that runs us. */
    public static final String CLIENT_PID = "DOKS_AUTH_CLIENT_PID";
    /** Set by the launcher's small JVM for the full JVM it starts while it holds the key's lock for it. */
    public static final String LOCK_HELD = "DOKS_AUTH_LOCK_HELD";

    /**
     * Everything a request resolves to before the cache or the API is consulted.
     *
     * @param cluster   the cluster client-go is about to use (provideClusterInfo), or null
     * @param clientPid the process that runs us (kubectl), as the launcher reports it, or null
     */
    public record Plan(ExecApiVersion version, String apiUrl, DoToken token, CacheKey key, ExecInfo.Cluster cluster,
                       String clientPid) {
    }

    private final Map<String, String> env;
    private final CredentialCache cache;
    private final LongSupplier epochSeconds;

    public GetCredential(Map<String, String> env, CredentialCache cache, LongSupplier epochSeconds) {
        this.env = env;
        this.cache = cache;
        this.epochSeconds = epochSeconds;
    }

    public static GetCredential forEnvironment(Map<String, String> env) {
        return new GetCredential(env, new CredentialCache(CacheLocation.find(env)), SystemClock.INSTANCE);
    }

    /** The wall clock in epoch seconds; a class, not a lambda: bootstrapping a lambda costs JDK 17 milliseconds. */
    private enum SystemClock implements LongSupplier {
        INSTANCE;

        @Override
        public long getAsLong() {
            return System.currentTimeMillis() / 1000;
        }
    }

    public Plan plan(CredentialRequest request) {
        ExecInfo execInfo = ExecInfo.read(env.get(ExecInfo.ENVIRONMENT_VARIABLE), request.apiVersion());
        String apiUrl = ApiUrl.resolve(request.apiUrl(), env);
        DoToken token = new TokenResolver(env).resolve(request.context(), request.doctlConfig());
        return new Plan(execInfo.version(), apiUrl, token, CacheKey.of(apiUrl, token, request.clusterId(),
                request.expirySeconds()), execInfo.cluster(), clientPid(env.get(CLIENT_PID)));
    }

    private static String clientPid(String value) {
        if (value == null || value.isEmpty() || value.length() > 10) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        return value;
    }

    /**
     * Whether the client asks again for the very credential it was given, while that credential is
     * still fresh. client-go does that after the cluster answered 401 (it cannot tell us why), but
     * also in ordinary use (Google Cloud SDK's kubectl runs us twice per command), so a suspicion is
     * only a reason to ask the cluster, and only possible when client-go told us which cluster.
     */
    public boolean suspects(Plan plan, Credential cached) {
        return plan.clientPid() != null && plan.cluster() != null && cached.token() != null
                && cache.servedTo(plan.key(), plan.clientPid()) == cached.obtainedAt();
    }

    /** Remembers what the client was given, for {@link #suspects}. */
    public void served(Plan plan, Credential credential) {
        if (plan.clientPid() != null && plan.cluster() != null) {
            cache.recordServed(plan.key(), plan.clientPid(), credential.obtainedAt());
        }
    }

    /**
     * A new credential in place of one the cluster rejected; processes rejected together share one
     * fetch: whoever takes the lock second finds the cache already holding another credential.
     */
    @SuppressWarnings("try") // the lock is held for the block; the block need not name it
    public Credential replace(Plan plan, Credential rejected, CredentialFetcher fetcher, Deadline deadline, PrintStream err) {
        try (CredentialCache.Lock lock = cache.lock(plan.key(), deadline.remaining())) {
            Credential cached = fromCache(plan);
            if (cached != null && cached.obtainedAt() != rejected.obtainedAt()) {
                return cached;
            }
            return fetchAndStore(plan, fetcher, deadline, err);
        } catch (CredentialCache.LockTimeoutException | IOException e) {
            return fetcher.fetch(plan.key().clusterId(), plan.key().expirySeconds(), deadline);
        }
    }

    /** Takes the key's cross-process lock, waiting at most until the deadline. */
    public CredentialCache.Lock lock(Plan plan, Deadline deadline) throws IOException, CredentialCache.LockTimeoutException {
        return cache.lock(plan.key(), deadline.remaining());
    }

    public Path cacheDirectory() {
        return cache.directory();
    }

    /** The cached credential if it is fresh, else null. */
    public Credential fromCache(Plan plan) {
        Credential credential = cache.read(plan.key());
        return credential != null && credential.isFreshAt(epochSeconds.getAsLong()) ? credential : null;
    }

    @SuppressWarnings("try") // the lock is held for the block; the block need not name it
    public Credential get(CredentialRequest request, Plan plan, CredentialFetcher fetcher, Deadline deadline,
                          Verbose verbose, PrintStream err) {
        if (request.noCache()) {
            verbose.log("--no-cache: fetching a new credential");
            return fetchAndStore(plan, fetcher, deadline, err);
        }
        Credential cached = fromCache(plan);
        if (cached != null) {
            verbose.log("served from cache " + cache.directory());
            return cached;
        }
        if ("1".equals(env.get(LOCK_HELD))) {
            return fetchAndStore(plan, fetcher, deadline, err); // the parent process holds the lock for us
        }
        try (CredentialCache.Lock lock = cache.lock(plan.key(), deadline.remaining())) {
            // Another process may have fetched while we waited for the lock.
            cached = fromCache(plan);
            if (cached != null) {
                verbose.log("served from cache, fetched by another process");
                return cached;
            }
            return fetchAndStore(plan, fetcher, deadline, err);
        } catch (CredentialCache.LockTimeoutException e) {
            throw DoksAuthException.failure("waited " + deadline.budget().toSeconds() + " s for another doks-auth "
                    + "process to fetch the credential of cluster " + request.clusterId() + "; set DOKS_AUTH_TIMEOUT to wait longer");
        } catch (IOException e) {
            // No lock without a usable cache directory: kubectl still gets its credential.
            err.println("doks-auth: warning: cannot use the cache directory " + cache.directory() + " ("
                    + e.getClass().getSimpleName() + "); fetching without the cache");
            return fetcher.fetch(request.clusterId(), request.expirySeconds(), deadline);
        }
    }

    private Credential fetchAndStore(Plan plan, CredentialFetcher fetcher, Deadline deadline, PrintStream err) {
        Credential credential = fetcher.fetch(plan.key().clusterId(), plan.key().expirySeconds(), deadline);
        try {
            cache.write(plan.key(), credential);
        } catch (IOException e) {
            err.println("doks-auth: warning: cannot store the credential in the cache directory " + cache.directory()
                    + " (" + e.getClass().getSimpleName() + "); the next command will fetch again");
        }
        return credential;
    }
}
