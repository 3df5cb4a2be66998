package dev.doksauth.kubeconfig;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kubeconfig's YAML as a node tree that reads back, through kubectl, as the file did.
 *
 * <p>Reading resolves what only the text of the file can carry: aliases become copies of their anchors and merge
 * keys ({@code <<}) are applied in document order, as the YAML library of client-go (go-yaml v2) applies them.
 * Every scalar keeps its text, style and tag, so a value kubectl read as a string, a number or a boolean is
 * written so that it reads the same. Scalars doks-auth adds are plain only where no YAML 1.1 or 1.2 resolver
 * could read them as anything but a string; otherwise double-quoted. Comments are not kept.
 *
 * <p>What cannot be carried over is refused: duplicate keys (kubectl would silently keep one of them), more than
 * one document, recursive aliases, text that is not UTF-8. Error messages give a line and column, never the text:
 * a kubeconfig holds tokens and passwords, and the YAML library's own messages quote the file.
 */
final class KubeconfigYaml {

    /** A node count past which alias expansion is a bomb, not a kubeconfig (kubectl refuses those as well). */
    private static final int MAX_NODES = 5_000_000;
    /** YAML 1.1 booleans and nulls (go-yaml v2 reads all of these), compared without case. */
    private static final Set<String> YAML11_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");
    /** How many separating tabs are made spaces before a file is refused (each costs a parse). */
    private static final int MAX_TAB_FIXES = 200;
    private static final Pattern SAFE_PLAIN = Pattern.compile("[A-Za-z/][A-Za-z0-9._/-]*");

    private KubeconfigYaml() {
    }

    /** Why a file cannot be edited without loss; the message holds no text of the file. */
    static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason);
        }
    }

    /**
     * The file's single document, resolved; null when it holds none (empty, only comments).
     *
     * @throws Refusal when the file cannot be read back identically after an edit
     */
    static Node parse(byte[] bytes) throws Refusal {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal("is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Node document = null;
        for (int attempt = 0; ; attempt++) {
            try {
                document = compose(text);
                break;
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String retried = attempt < MAX_TAB_FIXES ? separatingTabAsSpace(text, mark) : null;
                if (retried == null) {
                    throw new Refusal("is not a kubeconfig doks-auth can read (" + where(mark) + ")");
                }
                text = retried;
            } catch (RuntimeException | StackOverflowError e) {
                // YAMLException and whatever else the library throws: its message may quote the file.
                throw new Refusal("is not YAML doks-auth can read");
            }
        }
        if (document == null || isNull(document)) {
            return null;
        }
        Node resolved = new Resolution().resolve(document);
        checkDuplicateKeys(resolved);
        return resolved;
    }

    /**
     * How many comments the text holds (blank lines aside): what a rewrite drops, since the document is edited
     * as a tree without them. 0 when the text cannot be read with its comments.
     */
    static int comments(byte[] bytes) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        options.setCodePointLimit(Integer.MAX_VALUE); // the file's size is bounded by KubeconfigFile
        int comments = 0;
        try {
            for (org.yaml.snakeyaml.events.Event event : new Yaml(options).parse(
                    new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
                if (event instanceof org.yaml.snakeyaml.events.CommentEvent comment
                        && comment.getCommentType() != org.yaml.snakeyaml.comments.CommentType.BLANK_LINE) {
                    comments++;
                }
            }
        } catch (RuntimeException e) {
            return 0;
        }
        return comments;
    }

    /** The single document of the text; null when there is none. */
    private static Node compose(String text) throws Refusal {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // checked below, with a position and without quoting the file
        options.setMaxAliasesForCollections(Integer.MAX_VALUE); // bounded below by the expanded size
        options.setCodePointLimit(Integer.MAX_VALUE); // the file's size is bounded by KubeconfigFile
        options.setAllowRecursiveKeys(false);
        Node document = null;
        Iterator<Node> documents = new Yaml(options).composeAll(new java.io.StringReader(text)).iterator();
        while (documents.hasNext()) {
            Node next = documents.next();
            if (document != null && next != null && !isNull(next)) {
                throw new Refusal("holds more than one YAML document (kubectl reads only the first)");
            }
            if (document == null) {
                document = next;
            }
        }
        return document;
    }

    /**
     * The text with the tab at {@code mark} made a space, when that tab separates a value from its {@code :},
     * {@code ,} or opening bracket: go-yaml (kubectl) takes a tab there as white space, SnakeYAML does not. The
     * tab is white space either way, and the tree is written without it. Null for any other tab or error.
     */
    static String separatingTabAsSpace(String text, Mark mark) {
        if (mark == null) {
            return null;
        }
        int offset = 0;
        for (int line = 0; line < mark.getLine(); line++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return null;
            }
        }
        offset = text.offsetByCodePoints(offset, Math.min(mark.getColumn(), text.codePointCount(offset, text.length())));
        if (offset >= text.length() || text.charAt(offset) != '\t') {
            return null;
        }
        int before = offset - 1;
        while (before >= 0 && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
            before--;
        }
        if (before < 0 || ":,[{".indexOf(text.charAt(before)) < 0) {
            return null;
        }
        return text.substring(0, offset) + ' ' + text.substring(offset + 1);
    }

    private static String where(Mark mark) {
        return mark == null ? "position unknown" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** Aliases copied, anchors dropped, merge keys applied: the tree kubectl's reader sees, every node its own. */
    private static final class Resolution {
        private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();
        private int nodes;

        Node resolve(Node node) throws Refusal {
            if (inProgress.containsKey(node)) {
                throw new Refusal("holds an alias that refers to itself (" + where(node.getStartMark()) + ")");
            }
            if (++nodes > MAX_NODES) {
                throw new Refusal("expands its aliases to more than " + MAX_NODES + " values");
            }
            inProgress.put(node, Boolean.TRUE);
            try {
                if (node instanceof ScalarNode scalar) {
                    return new ScalarNode(scalar.getTag(), scalar.getValue(), scalar.getStartMark(), scalar.getEndMark(),
                            scalar.getScalarStyle());
                }
                if (node instanceof SequenceNode sequence) {
                    List<Node> items = new ArrayList<>();
                    for (Node item : sequence.getValue()) {
                        items.add(resolve(item));
                    }
                    return new SequenceNode(sequence.getTag(), true, items, sequence.getStartMark(), sequence.getEndMark(),
                            sequence.getFlowStyle());
                }
                MappingNode mapping = (MappingNode) node;
                List<NodeTuple> tuples = new ArrayList<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    tuples.add(new NodeTuple(resolve(tuple.getKeyNode()), resolve(tuple.getValueNode())));
                }
                return new MappingNode(mapping.getTag(), true, merge(tuples), mapping.getStartMark(), mapping.getEndMark(),
                        mapping.getFlowStyle());
            } finally {
                inProgress.remove(node);
            }
        }
    }

    /**
     * Applies merge keys as go-yaml v2 does: in document order, each {@code <<} sets its mapping's keys and each
     * explicit key sets its own, the later winning; in a sequence of mappings the earlier ones win.
     */
    private static List<NodeTuple> merge(List<NodeTuple> tuples) throws Refusal {
        boolean merges = tuples.stream().anyMatch(t -> isMergeKey(t.getKeyNode()));
        if (!merges) {
            return tuples;
        }
        Map<Object, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple tuple : tuples) {
            if (isMergeKey(tuple.getKeyNode())) {
                Node value = tuple.getValueNode();
                if (value instanceof MappingNode mapping) {
                    putAll(result, mapping);
                } else if (value instanceof SequenceNode sequence) {
                    for (int i = sequence.getValue().size() - 1; i >= 0; i--) {
                        if (!(sequence.getValue().get(i) instanceof MappingNode mapping)) {
                            throw new Refusal("merges something that is not a mapping (" + where(value.getStartMark()) + ")");
                        }
                        putAll(result, mapping);
                    }
                } else {
                    throw new Refusal("merges something that is not a mapping (" + where(value.getStartMark()) + ")");
                }
            } else {
                result.put(keyOf(tuple.getKeyNode()), tuple);
            }
        }
        return new ArrayList<>(result.values());
    }

    private static void putAll(Map<Object, NodeTuple> result, MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
            // Every node is its own after resolution: the merged mapping is dropped, so its nodes move here.
            result.put(keyOf(tuple.getKeyNode()), tuple);
        }
    }

    private static boolean isMergeKey(Node key) {
        return key instanceof ScalarNode scalar && scalar.getTag().equals(Tag.MERGE);
    }

    /** What makes two keys the same key: a scalar's tag and text; any other key is unique. */
    private static Object keyOf(Node key) {
        return key instanceof ScalarNode scalar ? List.of(scalar.getTag().getValue(), scalar.getValue()) : new Object();
    }

    private static void checkDuplicateKeys(Node node) throws Refusal {
        if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                checkDuplicateKeys(item);
            }
        } else if (node instanceof MappingNode mapping) {
            Set<Object> keys = new java.util.HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!keys.add(keyOf(tuple.getKeyNode()))) {
                    throw new Refusal("has a key twice in one mapping (" + where(tuple.getKeyNode().getStartMark())
                            + "), which kubectl reads as the last one only");
                }
                checkDuplicateKeys(tuple.getValueNode());
            }
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** The tree as YAML text: block style for what doks-auth adds, every existing node in its own style. */
    static String render(Node root) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        options.setAllowUnicode(true);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        StringWriter out = new StringWriter();
        new Yaml(options).serialize(root, out);
        return out.toString();
    }

    // Nodes doks-auth adds.

    /** A string that reads back as this string under YAML 1.1 and 1.2 alike. */
    static ScalarNode string(String value) {
        boolean plain = SAFE_PLAIN.matcher(value).matches() && !YAML11_WORDS.contains(value.toLowerCase(Locale.ROOT));
        return new ScalarNode(Tag.STR, value, null, null,
                plain ? DumperOptions.ScalarStyle.PLAIN : DumperOptions.ScalarStyle.DOUBLE_QUOTED);
    }

    static ScalarNode bool(boolean value) {
        return new ScalarNode(Tag.BOOL, Boolean.toString(value), null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    static MappingNode mapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    static SequenceNode sequence() {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    /**
     * A node for a value made of strings, booleans, lists and maps (in their order); existing nodes are used
     * as they are.
     */
    static Node of(Object value) {
        if (value instanceof Node node) {
            return node;
        }
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Boolean flag) {
            return bool(flag);
        }
        if (value instanceof List<?> list) {
            SequenceNode sequence = sequence();
            list.forEach(item -> sequence.getValue().add(of(item)));
            return sequence;
        }
        if (value instanceof Map<?, ?> map) {
            MappingNode mapping = mapping();
            map.forEach((k, v) -> mapping.getValue().add(new NodeTuple(string((String) k), of(v))));
            return mapping;
        }
        throw new IllegalArgumentException("no YAML node for " + value.getClass().getSimpleName());
    }

    /** The value of {@code key} in a mapping, or null. */
    static Node get(Node mapping, String key) {
        if (!(mapping instanceof MappingNode map)) {
            return null;
        }
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    /** Sets {@code key}, in its place if it is there, else at the end. */
    static void put(MappingNode mapping, String key, Node value) {
        List<NodeTuple> tuples = mapping.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                return;
            }
        }
        tuples.add(new NodeTuple(string(key), value));
    }

    /** A scalar's text, or null for anything else (a missing value, null, a list or a mapping). */
    static String text(Node node) {
        return node instanceof ScalarNode scalar && !isNull(scalar) ? scalar.getValue() : null;
    }

    /** A value as plain Java: strings (a scalar's text), lists and maps; null for YAML's null. */
    static Object toJava(Node node) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            sequence.getValue().forEach(item -> list.add(toJava(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = text(tuple.getKeyNode());
            if (key != null) {
                map.put(key, toJava(tuple.getValueNode()));
            }
        }
        return map;
    }
}
