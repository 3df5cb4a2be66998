package dev.doksauth.sso;

import dev.doksauth.cache.CacheEntry;
import dev.doksauth.core.CredentialPlan;
import dev.doksauth.core.CredentialSource;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.Verbose;

import java.io.PrintStream;
import java.util.Map;

/**
 * Single sign-on as a {@link CredentialSource}: the use case holds the identity's lock and the cache; this
 * refreshes or signs in, and hands back the verified ID token with the state to keep beside it.
 */
public final class SsoSource implements CredentialSource {

    private final SsoSignIn engine;

    private SsoSource(SsoSignIn engine) {
        this.engine = engine;
    }

    /** The source for a {@code credential --sso-...} plan; the terminal is ours only when kubectl says so. */
    public static CredentialSource create(CredentialPlan plan, Map<String, String> env, Verbose log, PrintStream err) {
        SsoContext context = SsoContext.at(env, err, plan.interactive(), log, plan.request().clusterId());
        return new SsoSource(new SsoSignIn(plan.request().sso(), context, plan.key().fileStem()));
    }

    @Override
    public CacheEntry obtain(CacheEntry previous, Deadline deadline) {
        return engine.obtain(previous, deadline);
    }
}
