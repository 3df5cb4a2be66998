package dev.doksauth.kubeconfig;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One kubeconfig as a YAML tree ({@link KubeconfigYaml}): its named lists of clusters, users and contexts and
 * its current context. Only the entries an edit names are touched; every other node stays as it was read.
 */
final class KubeconfigDocument {

    /** The three named lists of a kubeconfig: the list's key and the key of an item's body. */
    enum Kind {
        CLUSTER("clusters", "cluster"), USER("users", "user"), CONTEXT("contexts", "context");

        final String list;
        final String body;

        Kind(String list, String body) {
            this.list = list;
            this.body = body;
        }
    }

    /** A named item of a list: its name and body (the {@code cluster:}, {@code user:} or {@code context:} mapping). */
    record Entry(String name, Node body) {
    }

    private final MappingNode root;

    private KubeconfigDocument(MappingNode root) {
        this.root = root;
    }

    static KubeconfigDocument empty() {
        MappingNode root = KubeconfigYaml.mapping();
        KubeconfigYaml.put(root, "apiVersion", KubeconfigYaml.string("v1"));
        KubeconfigYaml.put(root, "kind", KubeconfigYaml.string("Config"));
        for (Kind kind : Kind.values()) {
            KubeconfigYaml.put(root, kind.list, KubeconfigYaml.sequence());
        }
        return new KubeconfigDocument(root);
    }

    /**
     * A parsed file as a kubeconfig, or a refusal when its shape is not one kubectl reads (then nothing in it
     * can be edited safely).
     */
    static KubeconfigDocument of(Node parsed) throws KubeconfigYaml.Refusal {
        if (parsed == null) {
            return empty();
        }
        if (!(parsed instanceof MappingNode root)) {
            throw new KubeconfigYaml.Refusal("is not a kubeconfig (its top level is not a mapping)");
        }
        for (Kind kind : Kind.values()) {
            Node list = KubeconfigYaml.get(root, kind.list);
            if (list == null || KubeconfigYaml.isNull(list)) {
                continue;
            }
            if (!(list instanceof SequenceNode sequence)) {
                throw new KubeconfigYaml.Refusal("is not a kubeconfig kubectl could read ('" + kind.list + "' is not a list)");
            }
            for (Node item : sequence.getValue()) {
                if (!(item instanceof MappingNode)) {
                    throw new KubeconfigYaml.Refusal("is not a kubeconfig kubectl could read (an item of '" + kind.list
                            + "' is not a mapping)");
                }
            }
        }
        return new KubeconfigDocument(root);
    }

    String render() {
        return KubeconfigYaml.render(root);
    }

    List<Entry> entries(Kind kind) {
        List<Entry> entries = new ArrayList<>();
        for (Node item : items(kind)) {
            String name = KubeconfigYaml.text(KubeconfigYaml.get(item, "name"));
            if (name != null) {
                entries.add(new Entry(name, KubeconfigYaml.get(item, kind.body)));
            }
        }
        return entries;
    }

    Optional<Entry> find(Kind kind, String name) {
        return entries(kind).stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Replaces the body of the item of that name, or appends a new item. */
    void put(Kind kind, String name, Node body) {
        for (Node item : items(kind)) {
            if (name.equals(KubeconfigYaml.text(KubeconfigYaml.get(item, "name")))) {
                KubeconfigYaml.put((MappingNode) item, kind.body, body);
                return;
            }
        }
        Node existing = KubeconfigYaml.get(root, kind.list);
        SequenceNode list;
        if (existing instanceof SequenceNode sequence) {
            list = sequence;
        } else {
            list = KubeconfigYaml.sequence();
            KubeconfigYaml.put(root, kind.list, list);
        }
        list.getValue().add(item(kind, name, body));
    }

    private static MappingNode item(Kind kind, String name, Node body) {
        MappingNode item = KubeconfigYaml.mapping();
        item.getValue().add(new NodeTuple(KubeconfigYaml.string("name"), KubeconfigYaml.string(name)));
        item.getValue().add(new NodeTuple(KubeconfigYaml.string(kind.body), body));
        return item;
    }

    /** @return whether there was an item of that name */
    boolean remove(Kind kind, String name) {
        return items(kind).removeIf(item -> name.equals(KubeconfigYaml.text(KubeconfigYaml.get(item, "name"))));
    }

    /** The current context, or null when none is set. */
    String currentContext() {
        String current = KubeconfigYaml.text(KubeconfigYaml.get(root, "current-context"));
        return current == null || current.isEmpty() ? null : current;
    }

    void setCurrentContext(String name) {
        KubeconfigYaml.put(root, "current-context", KubeconfigYaml.string(name));
    }

    private List<Node> items(Kind kind) {
        Node list = KubeconfigYaml.get(root, kind.list);
        return list instanceof SequenceNode sequence ? sequence.getValue() : new ArrayList<>();
    }
}
