package dev.doksauth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doksauth.report.DoksAuthException;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * Turns an error answer into one sentence: status, DigitalOcean's {@code id} and {@code message},
 * the request id, and a hint where one helps. A proxy's HTML page yields the status alone.
 */
final class ApiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    static DoksAuthException fromResponse(int status, HttpHeaders headers, byte[] body, String subject) {
        String id = null;
        String message = null;
        String requestId = headers.firstValue("x-request-id").orElse(null);
        try {
            JsonNode error = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            if (error != null && error.isObject()) {
                id = textOf(error, "id");
                message = textOf(error, "message");
                if (textOf(error, "request_id") != null) {
                    requestId = textOf(error, "request_id");
                }
            }
        } catch (Exception notJson) {
            // an HTML page from a proxy or load balancer: the status says enough
        }
        StringBuilder sentence = new StringBuilder("the DigitalOcean API answered ").append(status);
        if (id != null) {
            sentence.append(" ").append(id);
        }
        if (message != null) {
            sentence.append(" (\"").append(message).append("\")");
        }
        sentence.append(" for ").append(subject);
        if (requestId != null) {
            sentence.append(", request id ").append(requestId);
        }
        String hint = hint(status);
        if (hint != null) {
            sentence.append(": ").append(hint);
        }
        return DoksAuthException.failure(sentence.toString());
    }

    private static String hint(int status) {
        switch (status) {
            case 401: return "the DigitalOcean token is wrong or expired (run 'doctl auth init', or set DIGITALOCEAN_ACCESS_TOKEN)";
            case 403: return "the DigitalOcean token may not read Kubernetes clusters (it needs the kubernetes read scope)";
            case 404: return "there is no such cluster in this account (see 'doks-auth clusters', or check --context)";
            case 429: return "rate limited, and the limit did not reset within the time budget";
            default: return status >= 500 ? "DigitalOcean is having trouble; try again shortly" : null;
        }
    }

    /** A field of the error body, cut to one printable line: it is text from outside. */
    private static String textOf(JsonNode error, String field) {
        JsonNode node = error.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        String value = node.asText().strip();
        for (int i = 0; i < value.length() && out.length() < 200; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }
}
