package dev.doksauth.kubeconfig;

import dev.doksauth.credential.Deadline;

import java.util.List;
import java.util.function.Function;

/**
 * The kubeconfig files as the kubeconfig use cases see them: which files, their doks-auth entries, and edits
 * made under the files' locks. In production {@link KubeconfigDisk}; the use-case tests use one in memory.
 */
public interface KubeconfigStore {

    /** The files a command reads and writes by kubectl's rules ({@link KubeconfigFiles#resolve}). */
    KubeconfigFiles files(String option);

    /** The files that exist ({@link KubeconfigFiles#existing}). @throws dev.doksauth.report.DoksAuthException when none does */
    KubeconfigFiles existing(KubeconfigFiles files);

    /** @throws dev.doksauth.report.DoksAuthException when an existing file would be refused */
    void checkReadable(KubeconfigFiles files);

    /** The doks-auth user entries of the files ({@link DoksAuthEntries#read}). */
    List<DoksAuthEntries.Found> doksAuthEntries(KubeconfigFiles files);

    /** Locks, reads, edits and writes what changed ({@link Kubeconfigs#edit}). */
    <T> T edit(KubeconfigFiles files, boolean create, Deadline deadline, Function<Kubeconfigs, T> edits);

    /** Whether kubectl's kuberc lets kubectl run {@code command} ({@link Kuberc#judge}). */
    Kuberc.Verdict kuberc(String command);
}
