package dev.doksauth.kubeconfig;

import dev.doksauth.kubeconfig.KubeconfigDocument.Entry;
import dev.doksauth.kubeconfig.KubeconfigDocument.Kind;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import io.fabric8.kubernetes.api.model.ClusterBuilder;
import io.fabric8.kubernetes.api.model.ContextBuilder;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code kubeconfig save}, {@code show}, {@code remove} and {@code migrate} do to the entries.
 *
 * <p>Which entries are doks-auth's: a user whose exec entry runs {@code doks-auth credential ID} (by the
 * launcher's name) is ours for cluster ID; a context is ours for that cluster when its user is; a cluster entry is
 * ours when a context of ours uses it or a user of ours has its name plus {@code -admin}. Nothing else is ever
 * changed or removed: not a user's own entry with a name doctl would give, not doctl's entries (until
 * {@code migrate}), not another account's cluster of the same name.
 */
public final class KubeconfigEdits {

    /** What a DigitalOcean cluster name and region can be; anything else from the API is not written. */
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    private KubeconfigEdits() {
    }

    /** A cluster to save: where it is, the CA to trust, and its names' parts. */
    public record ClusterEntry(String id, String name, String region, String server, String certificateAuthorityData) {
    }

    /**
     * Writes the cluster, user and context entries of one cluster, named as doctl names them
     * ({@code do-REGION-NAME}, user {@code do-REGION-NAME-admin}), or the context {@code alias}. When any of
     * those names belongs to an entry that is not this cluster's doks-auth entry, all three get the cluster ID's
     * first eight characters ({@code do-REGION-NAME-1a2b3c4d}), then the whole ID.
     *
     * @return the context's name
     */
    public static String save(Kubeconfigs kubeconfigs, ClusterEntry cluster, ExecEntries.Exec exec, String alias) {
        for (String part : List.of(cluster.name(), cluster.region())) {
            if (!NAME_PART.matcher(part).matches()) {
                throw DoksAuthException.failure("the DigitalOcean API gave cluster " + cluster.id() + " the name or region '"
                        + Phrases.printable(part) + "', which is not a name kubectl users can type; nothing was written");
            }
        }
        String id = cluster.id();
        if (alias != null && !isFree(kubeconfigs, Kind.CONTEXT, alias, id)) {
            throw DoksAuthException.failure("a context named '" + Phrases.printable(alias) + "' already exists and is not "
                    + "doks-auth's entry for this cluster; choose another --alias");
        }
        String doctlName = "do-" + cluster.region() + "-" + cluster.name();
        String base = null;
        for (String candidate : List.of(doctlName, doctlName + "-" + id.substring(0, 8), doctlName + "-" + id)) {
            if (isFree(kubeconfigs, Kind.CLUSTER, candidate, id) && isFree(kubeconfigs, Kind.USER, candidate + "-admin", id)
                    && (alias != null || isFree(kubeconfigs, Kind.CONTEXT, candidate, id))) {
                base = candidate;
                break;
            }
        }
        if (base == null) {
            throw DoksAuthException.failure("the names " + doctlName + " and " + doctlName + "-ID are taken by entries that are "
                    + "not doks-auth's; rename or remove them, or save with --alias; nothing was written");
        }
        String userName = base + "-admin";
        String contextName = alias != null ? alias : base;

        // Fabric8's Cluster and Context hold what doks-auth sets; the rest of an existing body is the user's.
        MappingNode clusterBody = existingBody(kubeconfigs, Kind.CLUSTER, base);
        KubeconfigModel.merge(clusterBody, new ClusterBuilder().withServer(cluster.server())
                .withCertificateAuthorityData(cluster.certificateAuthorityData()).build());
        kubeconfigs.put(Kind.CLUSTER, base, clusterBody);

        kubeconfigs.put(Kind.USER, userName, exec.userNode());

        // A context of ours keeps what the user added to it (a namespace, extensions).
        MappingNode contextBody = existingBody(kubeconfigs, Kind.CONTEXT, contextName);
        KubeconfigModel.merge(contextBody, new ContextBuilder().withCluster(base).withUser(userName).build());
        kubeconfigs.put(Kind.CONTEXT, contextName, contextBody);
        return contextName;
    }

    /** Points current-context at one of ours. */
    public static void setCurrentContext(Kubeconfigs kubeconfigs, String context) {
        kubeconfigs.setCurrentContext(context);
    }

    private static MappingNode existingBody(Kubeconfigs kubeconfigs, Kind kind, String name) {
        Optional<Entry> entry = kubeconfigs.find(kind, name);
        return entry.isPresent() && entry.get().body() instanceof MappingNode body ? body : KubeconfigYaml.mapping();
    }

    /** A name is free for this cluster's entry when no entry has it, or the entry that has it is this cluster's. */
    private static boolean isFree(Kubeconfigs kubeconfigs, Kind kind, String name, String clusterId) {
        Optional<Entry> entry = kubeconfigs.find(kind, name);
        if (entry.isEmpty()) {
            return true;
        }
        return switch (kind) {
            case USER -> isOurs(entry.get().body(), clusterId);
            case CONTEXT -> isOurContext(kubeconfigs, entry.get().body(), clusterId);
            case CLUSTER -> isOurUser(kubeconfigs, name + "-admin", clusterId) || kubeconfigs.entries(Kind.CONTEXT).stream()
                    .anyMatch(c -> name.equals(field(c.body(), "cluster")) && isOurContext(kubeconfigs, c.body(), clusterId));
        };
    }

    private static boolean isOurs(Node userBody, String clusterId) {
        return ExecEntries.ours(userBody).map(o -> o.clusterId().equals(clusterId)).orElse(false);
    }

    private static boolean isOurUser(Kubeconfigs kubeconfigs, String name, String clusterId) {
        return kubeconfigs.find(Kind.USER, name).map(u -> isOurs(u.body(), clusterId)).orElse(false);
    }

    private static boolean isOurContext(Kubeconfigs kubeconfigs, Node contextBody, String clusterId) {
        String user = field(contextBody, "user");
        return user != null && isOurUser(kubeconfigs, user, clusterId);
    }

    private static String field(Node body, String key) {
        return KubeconfigYaml.text(KubeconfigYaml.get(body, key));
    }

    /**
     * What {@link #remove} took out for one user of ours.
     *
     * @param names    the contexts removed with it, or the user's name when no context used it
     * @param identity what selects its cached credential
     */
    public record Removed(List<String> names, ExecEntries.Ours identity) {
    }

    /**
     * Removes what {@link #save} wrote for a cluster: the users whose exec entry runs doks-auth for it, the
     * contexts that use them, and the clusters of theirs no remaining context uses; current-context is cleared
     * where it names one of them.
     *
     * @return one item per removed user; empty when there was nothing of this cluster's
     */
    public static List<Removed> remove(Kubeconfigs kubeconfigs, String clusterId) {
        List<Removed> removed = new ArrayList<>();
        Set<String> removedContexts = new LinkedHashSet<>();
        Set<String> clusters = new LinkedHashSet<>();
        for (Entry user : kubeconfigs.entries(Kind.USER)) {
            Optional<ExecEntries.Ours> ours = ExecEntries.ours(user.body());
            if (ours.isEmpty() || !ours.get().clusterId().equals(clusterId)) {
                continue;
            }
            List<String> contexts = new ArrayList<>();
            for (Entry context : kubeconfigs.entries(Kind.CONTEXT)) {
                if (user.name().equals(field(context.body(), "user"))) {
                    contexts.add(context.name());
                    String cluster = field(context.body(), "cluster");
                    if (cluster != null) {
                        clusters.add(cluster);
                    }
                }
            }
            if (user.name().endsWith("-admin")) {
                clusters.add(user.name().substring(0, user.name().length() - "-admin".length()));
            }
            removedContexts.addAll(contexts);
            removed.add(new Removed(contexts.isEmpty() ? List.of(user.name()) : contexts, ours.get()));
            kubeconfigs.remove(Kind.USER, user.name());
        }
        removedContexts.forEach(name -> kubeconfigs.remove(Kind.CONTEXT, name));
        for (String cluster : clusters) {
            boolean stillUsed = kubeconfigs.entries(Kind.CONTEXT).stream()
                    .anyMatch(c -> cluster.equals(field(c.body(), "cluster")));
            if (!stillUsed) {
                kubeconfigs.remove(Kind.CLUSTER, cluster);
            }
        }
        kubeconfigs.clearCurrentContext(removedContexts);
        return removed;
    }

    /** A doctl exec entry turned into a doks-auth one. */
    public record Migrated(String user, String clusterId, String context, boolean sso) {
    }

    /**
     * Turns every doctl {@code exec-credential} entry (token or SSO) into a doks-auth entry for the same cluster
     * and identity, keeping its apiVersion, its env list and every other field of the user. An entry that cannot
     * be carried over whole stops the command before anything is written.
     */
    public static List<Migrated> migrate(Kubeconfigs kubeconfigs, Path launcher) {
        Map<String, ExecEntries.FromDoctl> converted = new LinkedHashMap<>();
        for (Entry user : kubeconfigs.entries(Kind.USER)) {
            ExecEntries.fromDoctl(user.name(), user.body(), launcher).ifPresent(c -> converted.put(user.name(), c));
        }
        List<Migrated> migrated = new ArrayList<>();
        converted.forEach((name, entry) -> {
            MappingNode body = existingBody(kubeconfigs, Kind.USER, name);
            KubeconfigYaml.put(body, "exec", KubeconfigYaml.get(entry.exec().userNode(), "exec"));
            kubeconfigs.put(Kind.USER, name, body);
            migrated.add(new Migrated(name, entry.clusterId(), entry.doctlContext(), entry.sso()));
        });
        return migrated;
    }
}
