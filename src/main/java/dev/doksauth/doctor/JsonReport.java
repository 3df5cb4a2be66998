package dev.doksauth.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The report as data: {@code {"context": ..., "checks": [{"name", "status", "message", "todo"}...],
 * "summary": {"problems", "warnings", "ok"}, "exitCode": N}}; {@code todo} only where there is one.
 */
final class JsonReport {

    /** Every character above ASCII as a {@code \\u} escape: printed, the JSON shows no bidi or terminal trickery. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private JsonReport() {
    }

    static String render(Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("context", report.context());
        ArrayNode checks = root.putArray("checks");
        for (Check check : report.checks()) {
            ObjectNode node = checks.addObject();
            node.put("name", check.name());
            node.put("status", check.status().word());
            node.put("message", check.sentence());
            if (check.toDo() != null) {
                node.put("todo", check.toDo());
            }
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("problems", report.count(Check.Status.PROBLEM));
        summary.put("warnings", report.count(Check.Status.WARNING));
        summary.put("ok", report.count(Check.Status.OK));
        root.put("exitCode", report.exitCode());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always renders", e);
        }
    }
}
