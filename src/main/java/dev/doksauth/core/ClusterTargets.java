package dev.doksauth.core;

import dev.doksauth.report.Phrases;
import dev.doksauth.api.Cluster;
import dev.doksauth.credential.ClusterId;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.DoksAuthEntries;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The CLUSTER arguments of the kubeconfig, cache and sso commands: what the kubeconfig's doks-auth entries go by,
 * a cluster ID, or a cluster name looked up in the account's list (fetched once, and only if needed).
 */
public final class ClusterTargets {

    private ClusterTargets() {
    }

    /**
     * The clusters named, or every cluster with {@code all}, each as {@code GET /v2/kubernetes/clusters/{id}}
     * describes it: the object that carries its {@code sso} settings (a list's items are not relied on for them).
     */
    public static List<Cluster> resolve(List<String> arguments, boolean all, ClusterDirectory.Session client,
                                        Deadline deadline) {
        if (all) {
            List<Cluster> clusters = new ArrayList<>();
            for (Cluster listed : client.clusters(deadline)) {
                clusters.add(client.cluster(listed.id(), deadline));
            }
            if (clusters.isEmpty()) {
                throw DoksAuthException.failure("this DigitalOcean account has no Kubernetes clusters");
            }
            return clusters;
        }
        arguments.forEach(ClusterTargets::checkSyntax);
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        List<Cluster> list = null;
        for (String argument : arguments) {
            Cluster cluster;
            if (ClusterId.isUuid(argument)) {
                cluster = client.cluster(ClusterId.check(argument), deadline);
            } else {
                if (list == null) {
                    list = client.clusters(deadline);
                }
                cluster = client.cluster(byName(argument, list).id(), deadline);
            }
            clusters.putIfAbsent(cluster.id(), cluster);
        }
        return new ArrayList<>(clusters.values());
    }

    /**
     * A CLUSTER argument as found: its ID, and the kubeconfig's doks-auth entries for that cluster (empty when it
     * was found through the API, or is an ID the kubeconfig does not have).
     */
    public record Target(String clusterId, List<DoksAuthEntries.Found> entries) {
    }

    /**
     * The account's clusters, for the names the kubeconfig does not know: fetched through {@code directory} with the
     * API and token that {@code apiUrl}, {@code context} and {@code doctlConfig} choose, when first asked for.
     */
    public static Supplier<List<Cluster>> listed(ClusterDirectory directory, String apiUrl, String context,
                                                 String doctlConfig, Supplier<Deadline> deadline, Verbose verbose) {
        return () -> {
            try (ClusterDirectory.Session api = directory.open(apiUrl, context, doctlConfig)) {
                verbose.log("looking cluster names up: API " + api.apiUrl() + ", token from " + api.token().source());
                return api.clusters(deadline.get());
            }
        };
    }

    /**
     * Each argument looked up first among the {@code known} doks-auth entries of the kubeconfig (cluster ID, context,
     * cluster entry name {@code do-REGION-NAME}, cluster name: no token, no network), then as a cluster ID, then as a
     * cluster name in the account's {@code list} (fetched once, only if needed); says which entry named each.
     */
    public static List<Target> lookUp(List<String> arguments, List<DoksAuthEntries.Found> known,
                                      Supplier<List<Cluster>> list, Verbose verbose) {
        List<Target> targets = lookUp(arguments, known, list);
        for (int i = 0; i < targets.size(); i++) {
            if (!targets.get(i).entries().isEmpty()) {
                verbose.log("'" + Phrases.printable(arguments.get(i)) + "' is cluster " + targets.get(i).clusterId()
                        + " by the kubeconfig entry " + Phrases.printable(targets.get(i).entries().get(0).label()));
            }
        }
        return targets;
    }

    static List<Target> lookUp(List<String> arguments, List<DoksAuthEntries.Found> known, Supplier<List<Cluster>> list) {
        List<Target> targets = new ArrayList<>();
        List<Cluster> clusters = null;
        for (String argument : arguments) {
            List<DoksAuthEntries.Found> found = DoksAuthEntries.named(argument, known);
            if (!found.isEmpty()) {
                targets.add(new Target(found.get(0).clusterId(), found));
                continue;
            }
            checkSyntax(argument);
            if (ClusterId.isUuid(argument)) {
                targets.add(new Target(ClusterId.check(argument), List.of()));
                continue;
            }
            try {
                if (clusters == null) {
                    clusters = list.get();
                }
                targets.add(new Target(byName(argument, clusters).id(), List.of()));
            } catch (DoksAuthException e) {
                if (e.exitCode() == DoksAuthException.USAGE) {
                    throw e;
                }
                throw DoksAuthException.failure("no doks-auth entry of the kubeconfig goes by '" + Phrases.printable(argument)
                        + "' (its entries: " + DoksAuthEntries.describe(known) + "), and as a cluster name: "
                        + e.getMessage(), e);
            }
        }
        return targets;
    }

    /**
     * A cluster ID, or something a DigitalOcean cluster name can be (letters, digits, dots, dashes and
     * underscores, at most 255): anything else is refused before a request is made.
     */
    static void checkSyntax(String argument) {
        if (ClusterId.isUuid(argument)) {
            return;
        }
        boolean name = !argument.isEmpty() && argument.length() <= 255;
        for (int i = 0; name && i < argument.length(); i++) {
            char c = argument.charAt(i);
            name = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
        }
        if (!name || argument.equals(".") || argument.equals("..")) {
            throw DoksAuthException.usage("'" + Phrases.printable(argument) + "' is neither a cluster ID (a UUID) nor a cluster name");
        }
    }

    static Cluster byName(String name, List<Cluster> clusters) {
        List<Cluster> matches = clusters.stream().filter(c -> c.name().equals(name)).collect(Collectors.toList());
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            String names = clusters.isEmpty() ? "none"
                    : clusters.stream().map(c -> Phrases.printable(c.name()) + " (" + Phrases.printable(c.region()) + ")")
                    .sorted().collect(Collectors.joining(", "));
            throw DoksAuthException.failure("no cluster named '" + Phrases.printable(name) + "' in this DigitalOcean account; "
                    + "it has: " + names);
        }
        throw DoksAuthException.failure("'" + Phrases.printable(name) + "' names " + matches.size() + " clusters: "
                + matches.stream().map(c -> c.id() + " (" + Phrases.printable(c.region()) + ")").collect(Collectors.joining(", "))
                + "; give the ID of the one you mean");
    }
}
