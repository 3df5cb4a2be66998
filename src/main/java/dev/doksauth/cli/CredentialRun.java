package dev.doksauth.cli;

import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.CredentialPlan;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.CredentialSource;
import dev.doksauth.core.FetchHere;
import dev.doksauth.core.GetCredential;
import dev.doksauth.core.Suspicion;
import dev.doksauth.credential.Credential;
import dev.doksauth.exec.ExecCredential;
import dev.doksauth.launcher.CredentialWiring;
import dev.doksauth.launcher.LauncherProtocol;
import dev.doksauth.rejection.RejectionCheck;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.ErrorReport;
import dev.doksauth.report.Verbose;
import dev.doksauth.sso.SsoSource;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code doks-auth credential} in the full JVM: {@link GetCredential} with the real adapters (the
 * DigitalOcean API or the identity provider as the source, the cluster as the check), and what it
 * comes to printed.
 */
public final class CredentialRun {

    private CredentialRun() {
    }

    public static int run(CredentialRequest request, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean verbose = request.verbose() || Verbose.requested(env);
        Verbose log = verbose ? Verbose.to(err) : Verbose.off();
        try {
            CredentialWiring wiring = CredentialWiring.read(request, env);
            CredentialPlan plan = wiring.plan();
            if (plan.token() != null) {
                log.secret(plan.token().value());
                log.log("API " + plan.apiUrl() + ", token from " + plan.token().source());
            }
            log.log("answering " + plan.version().apiVersion() + "; cache " + wiring.cache()
                    + (wiring.handedOver() ? "; the first JVM holds the lock for us" : ""));
            Suspicion askTheCluster = (cluster, credential) -> RejectionCheck.rejects(cluster, credential.token(), log)
                    ? Suspicion.Verdict.REJECTED : Suspicion.Verdict.ACCEPTED;
            GetCredential useCase = wiring.fullJvm(new FetchHere(source(plan, env, log, err)), askTheCluster, log, err);
            GetCredential.Outcome outcome = useCase.run(plan.wanted(), wiring.deadline());
            if (outcome instanceof GetCredential.Served served) {
                return ExecCredential.print(out, plan.version(), served.credential());
            }
            throw new IllegalStateException("the full JVM came to " + outcome);
        } catch (RuntimeException e) {
            return ErrorReport.print(err, e, "doks-auth credential", log);
        }
    }

    /** Where a new credential comes from: the identity provider for a sign-on entry, else the DigitalOcean API. */
    static CredentialSource source(CredentialPlan plan, Map<String, String> env, Verbose log, PrintStream err) {
        if (plan.request().sso() != null) {
            return singleSignOn(plan, env, log, err);
        }
        // The client is made only when a credential is obtained: its HTTP and TLS set-up costs ~100 ms of CPU,
        // and the processes that wait for another's fetch never need it.
        return (previous, deadline) -> {
            try (DigitalOceanClient client = new DigitalOceanClient(plan.apiUrl(), plan.token(), env, log)) {
                Credential credential = client.credentials(plan.request().clusterId(), plan.request().expirySeconds(), deadline);
                long skew = client.clockSkewSeconds();
                if (Math.abs(skew) > DigitalOceanClient.CLOCK_WARNING_SECONDS) {
                    err.println("doks-auth: warning: this computer's clock is " + Math.abs(skew) + " s "
                            + (skew > 0 ? "ahead of" : "behind") + " DigitalOcean's; credentials are timed by "
                            + "DigitalOcean's clock, but other tools may fail.");
                }
                return CacheEntry.of(credential);
            }
        };
    }

    private static CredentialSource singleSignOn(CredentialPlan plan, Map<String, String> env, Verbose log, PrintStream err) {
        return SsoSource.create(plan, LauncherProtocol.withoutProtocolVariables(env), log, err);
    }
}
