package dev.doksauth.kubeconfig;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What {@code kubeconfig save}, {@code remove} and {@code migrate} do to the entries. */
public final class KubeconfigEdits {

    private KubeconfigEdits() {
    }

    /** A cluster to save: where it is, the CA to trust, and its names' parts. */
    public record ClusterEntry(String id, String name, String region, String server, String certificateAuthorityData) {
    }

    /**
     * Writes the cluster, user and context entries of one cluster, named as doctl names them
     * ({@code do-REGION-NAME}, user {@code do-REGION-NAME-admin}), or the context {@code alias}.
     * Entries of that name that belong to something else (another account's cluster of the same
     * name, a user's own entry) are not overwritten: the new names get the cluster ID's first part.
     *
     * @return the context's name
     */
    public static String save(Kubeconfigs kubeconfigs, ClusterEntry cluster, ExecConfig exec, String alias) {
        String base = "do-" + cluster.region() + "-" + cluster.name();
        if (!isFree(kubeconfigs, base, cluster.id())) {
            base = base + "-" + cluster.id().substring(0, 8);
        }
        String userName = base + "-admin";
        String contextName = alias != null ? alias : base;

        Cluster entry = kubeconfigs.cluster(base).map(NamedCluster::getCluster).orElseGet(Cluster::new);
        entry.setServer(cluster.server());
        entry.setCertificateAuthorityData(cluster.certificateAuthorityData());
        kubeconfigs.putCluster(new NamedCluster(entry, base));

        AuthInfo user = new AuthInfo();
        user.setExec(exec);
        kubeconfigs.putUser(new NamedAuthInfo(userName, user));

        Context context = kubeconfigs.context(contextName).map(NamedContext::getContext).orElseGet(Context::new);
        context.setCluster(base);
        context.setUser(userName);
        kubeconfigs.putContext(new NamedContext(context, contextName));
        return contextName;
    }

    /** A name is free for this cluster when no entry has it, or the entries that have it are this cluster's. */
    private static boolean isFree(Kubeconfigs kubeconfigs, String base, String clusterId) {
        Optional<NamedAuthInfo> user = kubeconfigs.user(base + "-admin");
        if (user.isPresent()) {
            return clusterIdOf(user.get()).map(clusterId::equals).orElse(false);
        }
        // A cluster entry of that name with no user of ours: someone else's, unless a context of ours uses it.
        return kubeconfigs.cluster(base).isEmpty();
    }

    private static Optional<String> clusterIdOf(NamedAuthInfo user) {
        Optional<String> ours = ExecEntries.doksAuthClusterId(user.getUser());
        return ours.isPresent() ? ours : ExecEntries.doctl(user.getUser()).map(ExecEntries.DoctlEntry::clusterId);
    }

    /**
     * Removes what {@link #save} wrote for a cluster: the users whose exec entry runs doks-auth for it,
     * the contexts that use them, and the clusters no remaining context uses.
     *
     * @return the names of the removed contexts; empty when there was nothing of this cluster's
     */
    public static List<String> remove(Kubeconfigs kubeconfigs, String clusterId) {
        List<String> users = new ArrayList<>();
        for (NamedAuthInfo user : kubeconfigs.users()) {
            if (ExecEntries.doksAuthClusterId(user.getUser()).map(clusterId::equals).orElse(false)) {
                users.add(user.getName());
            }
        }
        List<String> removedContexts = new ArrayList<>();
        List<String> clusters = new ArrayList<>();
        for (NamedContext context : kubeconfigs.contexts()) {
            if (context.getContext() != null && users.contains(context.getContext().getUser())) {
                removedContexts.add(context.getName());
                clusters.add(context.getContext().getCluster());
            }
        }
        String current = kubeconfigs.currentContext();
        removedContexts.forEach(kubeconfigs::removeContext);
        users.forEach(kubeconfigs::removeUser);
        for (String cluster : clusters) {
            boolean stillUsed = kubeconfigs.contexts().stream()
                    .anyMatch(c -> c.getContext() != null && cluster.equals(c.getContext().getCluster()));
            if (!stillUsed) {
                kubeconfigs.removeCluster(cluster);
            }
        }
        if (current != null && removedContexts.contains(current)) {
            kubeconfigs.clearCurrentContext();
        }
        if (removedContexts.isEmpty() && !users.isEmpty()) {
            removedContexts.addAll(users); // users without a context: say what went
        }
        return removedContexts;
    }

    /** A doctl exec entry turned into a doks-auth one. */
    public record Migrated(String user, String clusterId, String context) {
    }

    /**
     * Turns every doctl {@code exec-credential} entry into a doks-auth entry for the same cluster and
     * doctl context, keeping its apiVersion (doctl wrote v1beta1, which every kubectl reads).
     */
    public static List<Migrated> migrate(Kubeconfigs kubeconfigs, Function<ExecEntries.DoctlEntry, ExecConfig> doksAuthEntry) {
        List<Migrated> migrated = new ArrayList<>();
        for (NamedAuthInfo user : kubeconfigs.users()) {
            Optional<ExecEntries.DoctlEntry> doctl = ExecEntries.doctl(user.getUser());
            if (doctl.isPresent()) {
                ExecConfig exec = doksAuthEntry.apply(doctl.get());
                String apiVersion = user.getUser().getExec().getApiVersion();
                exec.setApiVersion(ExecEntries.V1.equals(apiVersion) ? ExecEntries.V1 : ExecEntries.V1BETA1);
                user.getUser().setExec(exec);
                kubeconfigs.touched(user);
                migrated.add(new Migrated(user.getName(), doctl.get().clusterId(), doctl.get().context()));
            }
        }
        return migrated;
    }
}
