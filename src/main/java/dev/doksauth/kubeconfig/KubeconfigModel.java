package dev.doksauth.kubeconfig;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one seam between Fabric8's kubernetes-model (the typed kubeconfig entries doks-auth builds and decides on)
 * and the YAML node tree that carries the user's file (so that edits stay lossless).
 */
final class KubeconfigModel {

    private static final ObjectMapper MAPPER = new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private KubeconfigModel() {
    }

    /** A model object as a new mapping node: its fields that are set, in the model's order. */
    static MappingNode node(Object model) {
        Map<String, Object> fields = MAPPER.convertValue(model, MAP);
        return (MappingNode) KubeconfigYaml.of(fields);
    }

    /** Sets the fields of a model object on an existing mapping, leaving its other fields as they are. */
    static void merge(MappingNode body, Object model) {
        for (NodeTuple field : node(model).getValue()) {
            KubeconfigYaml.put(body, KubeconfigYaml.text(field.getKeyNode()), field.getValueNode());
        }
    }

    /** A node read into a model object; null when the node is absent or its shape is not the model's. */
    static <T> T read(Node node, Class<T> type) {
        if (node == null || KubeconfigYaml.isNull(node)) {
            return null;
        }
        try {
            return MAPPER.convertValue(KubeconfigYaml.toJava(node), type);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
