package dev.doksauth.core;

import dev.doksauth.credential.Credential;
import dev.doksauth.exec.ExecInfo;

/**
 * What a suspicion leads to: the client asks again for the credential it was given, which client-go
 * does after the cluster answered 401 (it cannot tell us why). The full JVM asks the cluster
 * ({@code rejection.RejectionCheck}); the first JVM, which has no HTTP client loaded, hands over ({@link #HAND_OVER}).
 */
public interface Suspicion {

    enum Verdict {
        /** The cluster still takes the credential: serve it. */
        ACCEPTED,
        /** The cluster said for certain it rejects it (a 401): replace it. */
        REJECTED,
        /** Not judged here: the launcher runs the full JVM, which asks. */
        HAND_OVER
    }

    Verdict judge(ExecInfo.Cluster cluster, Credential credential);

    /** Leaves every suspicion to the full JVM (a constant, not a lambda: bootstrapping one costs milliseconds). */
    Suspicion HAND_OVER = new Suspicion() {
        @Override
        public Verdict judge(ExecInfo.Cluster cluster, Credential credential) {
            return Verdict.HAND_OVER;
        }
    };
}
