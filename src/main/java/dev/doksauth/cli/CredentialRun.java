package dev.doksauth.cli;

import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.core.CredentialFetcher;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.GetCredential;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.exec.ExecCredentialJson;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.ErrorReport;
import dev.doksauth.rejection.RejectionCheck;
import dev.doksauth.report.Verbose;

import java.io.PrintStream;
import java.util.Map;

/** Runs {@code doks-auth credential}: the cache hit first, then the API behind the cross-process lock. */
public final class CredentialRun {

    private CredentialRun() {
    }

    public static int run(CredentialRequest request, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean verbose = request.verbose() || Cli.verboseFromEnvironment(env);
        try {
            GetCredential useCase = GetCredential.forEnvironment(env);
            GetCredential.Plan plan = useCase.plan(request);
            if (!request.noCache() && !verbose) {
                String cached = CacheHit.render(useCase, plan);
                if (cached != null) {
                    return CacheHit.print(out, cached);
                }
            }
            return fetch(request, env, out, err, verbose, useCase, plan);
        } catch (DoksAuthException e) {
            return ErrorReport.print(err, e, verbose);
        } catch (RuntimeException e) {
            err.println("doks-auth: unexpected " + e.getClass().getSimpleName()
                    + (verbose ? "" : "; run again with -v for details"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return DoksAuthException.FAILURE;
        }
    }

    /** The slow path, in its own method so that the JVM links the API client only when it runs. */
    private static int fetch(CredentialRequest request, Map<String, String> env, PrintStream out, PrintStream err,
                             boolean verbose, GetCredential useCase, GetCredential.Plan plan) {
        Verbose log = verbose ? Verbose.to(err) : Verbose.off();
        log.secret(plan.token().value());
        log.log("API " + plan.apiUrl() + ", token from " + plan.token().source() + ", answering "
                + plan.version().apiVersion() + ", cache " + useCase.cacheDirectory());
        Deadline deadline = Deadline.fromEnvironment(env);
        // The client is made only if a fetch happens: its HTTP and TLS set-up costs ~100 ms of CPU, and
        // the processes that wait for another's fetch (a burst of kubectl commands) never need it.
        CredentialFetcher fetcher = (clusterId, expirySeconds, until) -> {
            try (DigitalOceanClient client = new DigitalOceanClient(plan.apiUrl(), plan.token(), env, log)) {
                return client.credentials(clusterId, expirySeconds, until);
            }
        };
        Credential cached = request.noCache() ? null : useCase.fromCache(plan);
        Credential credential;
        if (cached != null && useCase.suspects(plan, cached)) {
            log.log("the client asks again for the credential it was given; asking the cluster whether it still takes it");
            credential = RejectionCheck.rejects(plan.cluster(), cached.token(), log)
                    ? useCase.replace(plan, cached, fetcher, deadline, err) : cached;
        } else {
            credential = useCase.get(request, plan, fetcher, deadline, log, err);
        }
        useCase.served(plan, credential);
        return CacheHit.print(out, ExecCredentialJson.render(plan.version(), credential));
    }
}
