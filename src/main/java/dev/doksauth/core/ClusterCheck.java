package dev.doksauth.core;

import dev.doksauth.credential.Credential;
import dev.doksauth.exec.ExecInfo;

/** Asks the cluster whether it still takes a credential; in production {@code rejection.RejectionCheck}. */
@FunctionalInterface
public interface ClusterCheck {

    /** True only when the cluster says for certain that it rejects the credential (a 401). */
    boolean rejects(ExecInfo.Cluster cluster, Credential credential);
}
