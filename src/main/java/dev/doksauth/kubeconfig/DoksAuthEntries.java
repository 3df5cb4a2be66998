package dev.doksauth.kubeconfig;

import dev.doksauth.credential.CredentialLine;
import dev.doksauth.kubeconfig.KubeconfigDocument.Entry;
import dev.doksauth.kubeconfig.KubeconfigDocument.Kind;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The doks-auth entries of the kubeconfig files kubectl reads, and what a CLUSTER argument names among them:
 * how {@code kubeconfig remove}, {@code cache clear} and the {@code sso} commands find a cluster the kubeconfig
 * already has, with no token and no network.
 */
public final class DoksAuthEntries {

    /** {@code do-REGION-NAME}, as {@code save} names a cluster entry (a region is letters then digits). */
    private static final Pattern DOCTL_NAME = Pattern.compile("do-[a-z]+[0-9]+-(.+)");

    /**
     * One user entry of ours and the names it goes by.
     *
     * @param line           its credential command line, or null when {@code credential} would refuse it
     * @param env            its exec entry's env list
     * @param contexts       the contexts that use it
     * @param clusterEntries the cluster entries those contexts use, and the user's name without {@code -admin}
     * @param clusterNames   the DigitalOcean cluster names those cluster entries were saved for
     */
    public record Found(String user, String clusterId, CredentialLine line, Map<String, String> env, List<String> contexts,
                        List<String> clusterEntries, Set<String> clusterNames) {

        /** The entry's name for messages: its first context, else its user. */
        public String label() {
            return contexts.isEmpty() ? user : contexts.get(0);
        }
    }

    private DoksAuthEntries() {
    }

    /** Every doks-auth user entry of the files, the first of each name (as kubectl merges them). */
    public static List<Found> read(KubeconfigFiles files) {
        return in(Kubeconfigs.read(files));
    }

    static List<Found> read(KubeconfigFiles files, Kubeconfigs.Documents documents) {
        return in(Kubeconfigs.read(files, documents));
    }

    static List<Found> in(Kubeconfigs kubeconfigs) {
        List<Found> found = new ArrayList<>();
        List<Entry> contexts = kubeconfigs.entries(Kind.CONTEXT);
        for (Entry user : kubeconfigs.entries(Kind.USER)) {
            ExecEntries.ours(user.body()).ifPresent(ours -> {
                List<String> contextNames = new ArrayList<>();
                Set<String> clusterEntries = new LinkedHashSet<>();
                for (Entry context : contexts) {
                    if (user.name().equals(text(context.body(), "user"))) {
                        contextNames.add(context.name());
                        String cluster = text(context.body(), "cluster");
                        if (cluster != null) {
                            clusterEntries.add(cluster);
                        }
                    }
                }
                if (user.name().endsWith("-admin")) {
                    clusterEntries.add(user.name().substring(0, user.name().length() - "-admin".length()));
                }
                Set<String> clusterNames = new LinkedHashSet<>();
                for (String entry : clusterEntries) {
                    String name = clusterName(entry, ours.clusterId());
                    if (name != null) {
                        clusterNames.add(name);
                    }
                }
                found.add(new Found(user.name(), ours.clusterId(), ours.line(), ours.env(), List.copyOf(contextNames),
                        List.copyOf(clusterEntries), Set.copyOf(clusterNames)));
            });
        }
        return found;
    }

    /**
     * The user entries, of ours or not, whose exec entry runs {@code command} (a path, compared as written), each
     * as {@code FILE: user NAME (context CTX, ...)}: what {@code install.sh --uninstall} names, for any file kubectl
     * reads, YAML or JSON.
     */
    public static List<String> running(KubeconfigFiles files, String command) {
        List<String> lines = new ArrayList<>();
        for (java.nio.file.Path file : files.files()) {
            Kubeconfigs kubeconfigs = Kubeconfigs.read(new KubeconfigFiles(List.of(file), file, files.source()));
            List<Entry> contexts = kubeconfigs.entries(Kind.CONTEXT);
            for (Entry user : kubeconfigs.entries(Kind.USER)) {
                ExecEntries.Read exec = ExecEntries.Read.of(user.body());
                if (exec == null || !exec.command().equals(command)) {
                    continue;
                }
                List<String> names = contexts.stream().filter(c -> user.name().equals(text(c.body(), "user")))
                        .map(c -> Phrases.printable(c.name())).toList();
                lines.add(file + ": user " + Phrases.printable(user.name())
                        + (names.isEmpty() ? "" : " (context " + String.join(", ", names) + ")"));
            }
        }
        return lines;
    }

    /** The cluster name in {@code do-REGION-NAME}, {@code do-REGION-NAME-1a2b3c4d} or {@code do-REGION-NAME-ID}. */
    static String clusterName(String entryName, String clusterId) {
        String name = entryName;
        for (String suffix : List.of("-" + clusterId, "-" + clusterId.substring(0, 8))) {
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        Matcher matcher = DOCTL_NAME.matcher(name);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /**
     * The entries of the one cluster {@code argument} names, tried in this order until one kind matches: its
     * cluster ID, a context name, a cluster entry's name ({@code do-REGION-NAME}), the cluster name it was saved for.
     *
     * @return empty when no entry goes by that name
     * @throws DoksAuthException naming the candidates when the name fits entries of more than one cluster
     */
    public static List<Found> named(String argument, List<Found> entries) {
        List<Function<Found, Boolean>> kinds = List.of(
                e -> e.clusterId().equalsIgnoreCase(argument),
                e -> e.contexts().contains(argument),
                e -> e.clusterEntries().contains(argument) || e.user().equals(argument),
                e -> e.clusterNames().contains(argument));
        for (Function<Found, Boolean> kind : kinds) {
            List<Found> matches = entries.stream().filter(kind::apply).toList();
            Map<String, List<Found>> byCluster = new LinkedHashMap<>();
            matches.forEach(m -> byCluster.computeIfAbsent(m.clusterId(), id -> new ArrayList<>()).add(m));
            if (byCluster.size() > 1) {
                throw DoksAuthException.failure("'" + Phrases.printable(argument) + "' names the kubeconfig entries of "
                        + byCluster.size() + " clusters: " + describe(matches) + "; give the context or the cluster ID "
                        + "of the one you mean");
            }
            if (!matches.isEmpty()) {
                return matches;
            }
        }
        return List.of();
    }

    /** The entries as candidates for a message: each context (or user) and its cluster ID. */
    public static String describe(List<Found> entries) {
        return entries.isEmpty() ? "none" : entries.stream()
                .map(e -> Phrases.printable(e.label()) + " (cluster " + e.clusterId() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String text(Node body, String key) {
        return KubeconfigYaml.text(KubeconfigYaml.get(body, key));
    }
}
