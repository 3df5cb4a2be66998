package dev.doksauth.core;

import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigEdits;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.kubeconfig.Kubeconfigs;
import dev.doksauth.report.DoksAuthException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code kubeconfig remove} and {@code kubeconfig migrate}. */
public final class EditKubeconfig {

    private EditKubeconfig() {
    }

    /** Removes the entries {@code save} wrote for each cluster, and its cache entries. */
    public static void remove(List<String> clusterIds, String kubeconfig, Map<String, String> env, PrintStream out) {
        KubeconfigFiles files = KubeconfigFiles.resolve(kubeconfig, env);
        List<String> missing = new ArrayList<>();
        Kubeconfigs.edit(files, Deadline.fromEnvironment(env), kubeconfigs -> {
            for (String id : clusterIds) {
                List<String> removed = KubeconfigEdits.remove(kubeconfigs, id);
                if (removed.isEmpty()) {
                    missing.add(id);
                } else {
                    out.println("Removed " + String.join(", ", removed) + " (cluster " + id + ").");
                }
            }
            return null;
        });
        CredentialCache cache = new CredentialCache(CacheLocation.find(env));
        try {
            cache.clear(clusterIds);
        } catch (IOException e) {
            throw DoksAuthException.failure("cannot clear the cache entries in " + cache.directory() + ": "
                    + e.getClass().getSimpleName(), e);
        }
        if (!missing.isEmpty()) {
            throw DoksAuthException.failure("no doks-auth entry for cluster " + String.join(", ", missing) + " in "
                    + String.join(", ", files.files().stream().map(Path::toString).toList()));
        }
    }

    /** Rewrites doctl's exec entries into doks-auth ones, keeping cluster, context and doctl auth context. */
    public static void migrate(String kubeconfig, Map<String, String> env, Path launcher, PrintStream out) {
        KubeconfigFiles files = KubeconfigFiles.resolve(kubeconfig, env);
        List<KubeconfigEdits.Migrated> migrated = Kubeconfigs.edit(files, Deadline.fromEnvironment(env),
                kubeconfigs -> KubeconfigEdits.migrate(kubeconfigs, doctl -> ExecEntries.doksAuth(launcher, doctl.clusterId(),
                        new ExecEntries.Options(doctl.context(), 0, null), ExecEntries.V1BETA1)));
        if (migrated.isEmpty()) {
            out.println("No doctl exec entries to migrate in " + String.join(", ",
                    files.files().stream().map(Path::toString).toList()) + ".");
        }
        for (KubeconfigEdits.Migrated m : migrated) {
            out.println("Migrated user " + m.user() + " (cluster " + m.clusterId()
                    + (m.context() == null ? "" : ", doctl context " + m.context()) + ") from doctl to " + launcher + ".");
        }
    }
}
