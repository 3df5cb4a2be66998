package dev.doksauth.core;

import dev.doksauth.cache.CredentialStore;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigEdits;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.kubeconfig.KubeconfigStore;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code kubeconfig remove} and {@code kubeconfig migrate}: they edit existing files and create none. They decide
 * through ports, wired in {@code cli.KubeconfigWiring}: the {@link KubeconfigStore}, the {@link ClusterDirectory}
 * (for names the kubeconfig does not know, and for whose cached credential a removed entry had), the
 * {@link CredentialStore}, the command's {@link Deadline}, and the output.
 */
public final class EditKubeconfig {

    /** {@code kubeconfig remove CLUSTER...}: the token options only serve looking names up in the account. */
    public record Removal(List<String> clusters, String kubeconfig, String apiUrl, String context, String doctlConfig) {
    }

    private final ClusterDirectory directory;
    private final KubeconfigStore kubeconfigs;
    private final Supplier<CredentialStore> cache;
    private final Supplier<Deadline> deadline;
    private final PrintStream out;
    private final PrintStream err;
    private final Verbose verbose;

    /**
     * @param cache    the credential cache, found when {@code remove} first needs it (after the kubeconfig is written)
     * @param deadline the command's time budget, starting when asked for
     */
    public EditKubeconfig(ClusterDirectory directory, KubeconfigStore kubeconfigs, Supplier<CredentialStore> cache,
                          Supplier<Deadline> deadline, PrintStream out, PrintStream err, Verbose verbose) {
        this.directory = directory;
        this.kubeconfigs = kubeconfigs;
        this.cache = cache;
        this.deadline = deadline;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * Removes the entries {@code save} wrote for each cluster, then the cached credential of each removed
     * entry's identity (and no other). A cluster without entries fails the command before anything changes.
     * Clusters the kubeconfig names need no token, nor the network.
     */
    public void remove(Removal removal) {
        KubeconfigFiles named = kubeconfigs.files(removal.kubeconfig());
        verbose.log("kubeconfig " + named.files() + "; removing the entries of " + removal.clusters());
        KubeconfigFiles files = kubeconfigs.existing(named);
        List<String> clusterIds = ClusterTargets.lookUp(removal.clusters(), kubeconfigs.doksAuthEntries(files),
                ClusterTargets.listed(directory, removal.apiUrl(), removal.context(), removal.doctlConfig(), deadline,
                        verbose), verbose).stream().map(ClusterTargets.Target::clusterId).toList();
        Map<String, List<KubeconfigEdits.Removed>> removed = kubeconfigs.edit(files, false, deadline.get(), edited -> {
            Map<String, List<KubeconfigEdits.Removed>> byCluster = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (String id : clusterIds) {
                List<KubeconfigEdits.Removed> entries = KubeconfigEdits.remove(edited, id);
                if (entries.isEmpty()) {
                    missing.add(id);
                }
                byCluster.put(id, entries);
            }
            if (!missing.isEmpty()) {
                throw DoksAuthException.failure("no doks-auth entry for cluster " + String.join(", ", missing)
                        + " in " + describe(files) + "; nothing was removed");
            }
            return byCluster;
        });
        CredentialStore store = cache.get();
        removed.forEach((id, entries) -> {
            List<String> names = new ArrayList<>();
            for (KubeconfigEdits.Removed entry : entries) {
                names.addAll(entry.names().stream().map(Phrases::printable).toList());
                forgetCredential(store, entry.identity());
            }
            out.println("Removed " + String.join(", ", names) + " (cluster " + id + ").");
        });
    }

    /** Deletes the cache entry of one removed token entry: its API URL, token identity, cluster and expiry. */
    private void forgetCredential(CredentialStore store, ExecEntries.Ours entry) {
        if (entry.line() != null && entry.line().isSso()) {
            return; // an SSO entry: its sign-in belongs to the identity provider's application, shared by clusters
        }
        ExecEntries.Options identity = entry.identity();
        try {
            if (identity == null) {
                throw DoksAuthException.failure("an entry credential would refuse");
            }
            store.remove(directory.tokenEntryKey(entry.clusterId(), identity, entry.env()));
        } catch (DoksAuthException | IOException e) {
            err.println("doks-auth: warning: the cached credential of cluster " + entry.clusterId()
                    + " (if any) was left in " + store.directory() + ": cannot tell whose it is; 'doks-auth cache clear "
                    + entry.clusterId() + "' removes it.");
        }
    }

    /** Rewrites doctl's exec entries (token and SSO) into doks-auth ones for the same cluster and identity. */
    public void migrate(String kubeconfig, Path launcher) {
        KubeconfigFiles named = kubeconfigs.files(kubeconfig);
        verbose.log("kubeconfig " + named.files() + "; doctl entries become entries running " + launcher);
        KubeconfigFiles files = kubeconfigs.existing(named);
        Map<Path, Integer> commentsDropped = new LinkedHashMap<>();
        List<KubeconfigEdits.Migrated> migrated = kubeconfigs.edit(files, false, deadline.get(), edited -> {
            List<KubeconfigEdits.Migrated> done = KubeconfigEdits.migrate(edited, launcher);
            commentsDropped.putAll(edited.commentsDropped());
            return done;
        });
        commentsDropped.forEach((file, count) -> err.println("doks-auth: warning: " + count + " comment"
                + (count == 1 ? "" : "s") + " of " + file + " " + (count == 1 ? "was" : "were")
                + " dropped: the migrated file is written again from its YAML, which keeps no comments."));
        if (migrated.isEmpty()) {
            out.println("No doctl exec entries to migrate in " + describe(files) + ".");
        }
        for (KubeconfigEdits.Migrated m : migrated) {
            out.println("Migrated user " + Phrases.printable(m.user()) + " (cluster " + m.clusterId()
                    + (m.sso() ? ", SSO sign-in" : m.context() == null ? "" : ", doctl context " + Phrases.printable(m.context()))
                    + ") from doctl to " + launcher + ".");
        }
    }

    private static String describe(KubeconfigFiles files) {
        return files.files().stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
