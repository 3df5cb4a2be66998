package dev.doksauth.core;

import dev.doksauth.api.Cluster;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigEdits;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.kubeconfig.Kubeconfigs;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code kubeconfig remove} and {@code kubeconfig migrate}: they edit existing files and create none. They decide
 * through {@link KubeconfigPorts}: the kubeconfig files, the DigitalOcean account (for names the kubeconfig does not
 * know, and for whose cached credential a removed entry had), the credential cache, the deadline, the output.
 */
public final class EditKubeconfig {

    /** {@code kubeconfig remove CLUSTER...}: the token options only serve looking names up in the account. */
    public record Removal(List<String> clusters, String kubeconfig, String apiUrl, String context, String doctlConfig) {
    }

    private final KubeconfigPorts ports;

    public EditKubeconfig(KubeconfigPorts ports) {
        this.ports = ports;
    }

    /**
     * Removes the entries {@code save} wrote for each cluster, then the cached credential of each removed
     * entry's identity (and no other). A cluster without entries fails the command before anything changes.
     * Clusters the kubeconfig names need no token, nor the network.
     */
    public void remove(Removal removal) {
        KubeconfigFiles named = ports.kubeconfigs().files(removal.kubeconfig());
        ports.verbose().log("kubeconfig " + named.files() + "; removing the entries of " + removal.clusters());
        KubeconfigFiles files = ports.kubeconfigs().existing(named);
        Supplier<List<Cluster>> account = ClusterTargets.listed(ports.directory(), removal.apiUrl(), removal.context(),
                removal.doctlConfig(), ports.deadline(), ports.verbose());
        List<String> clusterIds = ClusterTargets.lookUp(removal.clusters(), ports.kubeconfigs().doksAuthEntries(files),
                account, ports.verbose()).stream().map(ClusterTargets.Target::clusterId).toList();
        Deadline deadline = ports.deadline().get();
        Map<String, List<KubeconfigEdits.Removed>> removed = ports.kubeconfigs().edit(files, false, deadline,
                edited -> removeEntries(edited, clusterIds, files));
        CredentialStore store = ports.cache().get();
        removed.forEach((id, entries) -> {
            List<String> names = new ArrayList<>();
            for (KubeconfigEdits.Removed entry : entries) {
                names.addAll(entry.names().stream().map(Phrases::printable).toList());
                forgetCredential(store, entry.identity());
            }
            ports.out().println("Removed " + String.join(", ", names) + " (cluster " + id + ").");
        });
    }

    /** Each cluster's entries taken out; a cluster without any fails the edit, so that nothing is written. */
    private static Map<String, List<KubeconfigEdits.Removed>> removeEntries(Kubeconfigs kubeconfigs, List<String> clusterIds,
                                                                          KubeconfigFiles files) {
        Map<String, List<KubeconfigEdits.Removed>> byCluster = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : clusterIds) {
            List<KubeconfigEdits.Removed> entries = KubeconfigEdits.remove(kubeconfigs, id);
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
            store.remove(ports.directory().tokenEntryKey(entry.clusterId(), identity, entry.env()));
        } catch (DoksAuthException | IOException e) {
            ports.err().println("doks-auth: warning: the cached credential of cluster " + entry.clusterId()
                    + " (if any) was left in " + store.directory() + ": cannot tell whose it is; 'doks-auth cache clear "
                    + entry.clusterId() + "' removes it.");
        }
    }

    /** Rewrites doctl's exec entries (token and SSO) into doks-auth ones for the same cluster and identity. */
    public void migrate(String kubeconfig, Path launcher) {
        KubeconfigFiles named = ports.kubeconfigs().files(kubeconfig);
        ports.verbose().log("kubeconfig " + named.files() + "; doctl entries become entries running " + launcher);
        KubeconfigFiles files = ports.kubeconfigs().existing(named);
        Map<Path, Integer> commentsDropped = new LinkedHashMap<>();
        Deadline deadline = ports.deadline().get();
        List<KubeconfigEdits.Migrated> migrated = ports.kubeconfigs().edit(files, false, deadline, edited -> {
            List<KubeconfigEdits.Migrated> done = KubeconfigEdits.migrate(edited, launcher);
            commentsDropped.putAll(edited.commentsDropped());
            return done;
        });
        commentsDropped.forEach((file, count) -> ports.err().println("doks-auth: warning: " + count + " comment"
                + (count == 1 ? "" : "s") + " of " + file + " " + (count == 1 ? "was" : "were")
                + " dropped: the migrated file is written again from its YAML, which keeps no comments."));
        if (migrated.isEmpty()) {
            ports.out().println("No doctl exec entries to migrate in " + describe(files) + ".");
        }
        for (KubeconfigEdits.Migrated m : migrated) {
            ports.out().println("Migrated user " + Phrases.printable(m.user()) + " (cluster " + m.clusterId()
                    + (m.sso() ? ", SSO sign-in" : m.context() == null ? "" : ", doctl context " + Phrases.printable(m.context()))
                    + ") from doctl to " + launcher + ".");
        }
    }

    private static String describe(KubeconfigFiles files) {
        return files.files().stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
