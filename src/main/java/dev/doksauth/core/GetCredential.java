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

    /** Everything a request resolves to before the cache or the API is consulted. */
    public record Plan(ExecApiVersion version, String apiUrl, DoToken token, CacheKey key) {
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
        ExecApiVersion version = ExecInfo.chooseVersion(env.get(ExecInfo.ENVIRONMENT_VARIABLE), request.apiVersion());
        String apiUrl = ApiUrl.resolve(request.apiUrl(), env);
        DoToken token = new TokenResolver(env).resolve(request.context(), request.doctlConfig());
        return new Plan(version, apiUrl, token, CacheKey.of(apiUrl, token, request.clusterId(), request.expirySeconds()));
    }

    public Path cacheDirectory() {
        return cache.directory();
    }

    /** The cached credential if it is fresh, else null. */
    public Credential fromCache(Plan plan) {
        Credential credential = cache.read(plan.key());
        return credential != null && credential.isFreshAt(epochSeconds.getAsLong()) ? credential : null;
    }

    public Credential get(CredentialRequest request, Plan plan, CredentialFetcher fetcher, Deadline deadline,
                          Verbose verbose, PrintStream err) {
        if (request.noCache()) {
            verbose.log("--no-cache: fetching a new credential");
            return fetchAndStore(request, plan, fetcher, deadline, err);
        }
        Credential cached = fromCache(plan);
        if (cached != null) {
            verbose.log("served from cache " + cache.directory());
            return cached;
        }
        try (CredentialCache.Lock lock = cache.lock(plan.key(), deadline.remaining())) {
            // Another process may have fetched while we waited for the lock.
            cached = fromCache(plan);
            if (cached != null) {
                verbose.log("served from cache, fetched by another process");
                return cached;
            }
            return fetchAndStore(request, plan, fetcher, deadline, err);
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

    private Credential fetchAndStore(CredentialRequest request, Plan plan, CredentialFetcher fetcher,
                                     Deadline deadline, PrintStream err) {
        Credential credential = fetcher.fetch(request.clusterId(), request.expirySeconds(), deadline);
        try {
            cache.write(plan.key(), credential);
        } catch (IOException e) {
            err.println("doks-auth: warning: cannot store the credential in the cache directory " + cache.directory()
                    + " (" + e.getClass().getSimpleName() + "); the next command will fetch again");
        }
        return credential;
    }
}
