package dev.doksauth.kubeconfig;

import dev.doksauth.exec.ExecInfo;
import dev.doksauth.kubeconfig.KubeconfigDocument.Entry;
import dev.doksauth.kubeconfig.KubeconfigDocument.Kind;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contexts of the kubeconfig files as kubectl merges them, read only and without locks (files are replaced
 * atomically): the first file that names an entry or sets {@code current-context} wins. What {@code doctor} walks.
 *
 * @param existing the files of the list that exist, in order
 * @param missing  the files of the list that do not
 */
public record KubeconfigContexts(List<Path> existing, List<Path> missing, String currentContext,
                                 List<String> contextNames, Map<String, Context> contexts) {

    /** An exec entry as it is written in the kubeconfig. */
    public record Exec(String apiVersion, String command, List<String> args, String interactiveMode,
                       Map<String, String> env) {
    }

    /**
     * A context and what it points at.
     *
     * @param cluster null when the context names no cluster entry that exists (or one without a server)
     * @param userFound whether the user entry exists
     * @param exec    the user's exec entry, or null when it has none
     */
    public record Context(String name, String clusterName, String userName, ExecInfo.Cluster cluster, boolean userFound,
                          Exec exec) {
    }

    /** @throws dev.doksauth.report.DoksAuthException when a file cannot be read as a kubeconfig */
    public static KubeconfigContexts read(KubeconfigFiles files) {
        List<Path> existing = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        List<KubeconfigDocument> documents = new ArrayList<>();
        for (Path file : files.files()) {
            if (Files.exists(file)) {
                existing.add(file);
                documents.add(KubeconfigFile.read(file));
            } else {
                missing.add(file);
            }
        }
        String current = documents.stream().map(KubeconfigDocument::currentContext).filter(c -> c != null)
                .findFirst().orElse(null);
        Map<Kind, Map<String, Node>> bodies = new HashMap<>();
        for (Kind kind : Kind.values()) {
            Map<String, Node> named = new LinkedHashMap<>();
            for (KubeconfigDocument document : documents) {
                for (Entry entry : document.entries(kind)) {
                    named.putIfAbsent(entry.name(), entry.body());
                }
            }
            bodies.put(kind, named);
        }
        Map<String, Context> contexts = new LinkedHashMap<>();
        for (Map.Entry<String, Node> context : bodies.get(Kind.CONTEXT).entrySet()) {
            String clusterName = KubeconfigYaml.text(KubeconfigYaml.get(context.getValue(), "cluster"));
            String userName = KubeconfigYaml.text(KubeconfigYaml.get(context.getValue(), "user"));
            Node user = userName == null ? null : bodies.get(Kind.USER).get(userName);
            contexts.put(context.getKey(), new Context(context.getKey(), clusterName, userName,
                    clusterName == null ? null : cluster(bodies.get(Kind.CLUSTER).get(clusterName)),
                    user != null, user == null ? null : exec(user)));
        }
        return new KubeconfigContexts(List.copyOf(existing), List.copyOf(missing), current,
                List.copyOf(contexts.keySet()), contexts);
    }

    public Optional<Context> context(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    private static ExecInfo.Cluster cluster(Node body) {
        String server = body == null ? null : KubeconfigYaml.text(KubeconfigYaml.get(body, "server"));
        if (server == null) {
            return null;
        }
        String caData = KubeconfigYaml.text(KubeconfigYaml.get(body, "certificate-authority-data"));
        String caFile = KubeconfigYaml.text(KubeconfigYaml.get(body, "certificate-authority"));
        if (caData == null && caFile != null) {
            try {
                caData = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(caFile)));
            } catch (IOException | RuntimeException e) {
                caData = null; // the check then trusts the system's roots, and says what the cluster answered
            }
        }
        return new ExecInfo.Cluster(server, caData, KubeconfigYaml.text(KubeconfigYaml.get(body, "tls-server-name")),
                "true".equals(KubeconfigYaml.text(KubeconfigYaml.get(body, "insecure-skip-tls-verify"))));
    }

    private static Exec exec(Node user) {
        ExecEntries.Read read = ExecEntries.Read.of(user);
        if (read == null) {
            return null;
        }
        return new Exec(read.apiVersion(), read.command(), read.args(),
                KubeconfigYaml.text(KubeconfigYaml.get(KubeconfigYaml.get(user, "exec"), "interactiveMode")),
                read.envValues());
    }
}
