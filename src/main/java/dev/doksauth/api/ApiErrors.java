package dev.doksauth.api;

import dev.doksauth.json.Jackson;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.SnakeCase;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.token.DoToken;

import java.net.http.HttpHeaders;

/**
 * Turns an error answer into one sentence: status, DigitalOcean's {@code id} and {@code message},
 * the request id, and a hint that fits where the token came from. A proxy's HTML page yields the status
 * alone. Every piece of the answer is outside text and goes through {@link Phrases#printable}.
 */
final class ApiErrors {

    /** Longer than any message DigitalOcean writes; a longer one is cut. */
    private static final int MAX_MESSAGE = 200;

    private ApiErrors() {
    }

    /** DigitalOcean's error answer. */
    record ErrorBody(String id, String message, String requestId) implements SnakeCase {
    }

    /**
     * @param subject   what was asked for, for the sentence ("cluster ID", "the cluster list")
     * @param clusterId the cluster asked about, or null for the list
     */
    static DoksAuthException fromResponse(int status, HttpHeaders headers, byte[] body, String subject, String clusterId,
                                          DoToken token) {
        String id = null;
        String message = null;
        String requestId = headers.firstValue("x-request-id").orElse(null);
        try {
            ErrorBody error = Jackson.read(body, ErrorBody.class);
            id = error.id();
            message = error.message();
            if (error.requestId() != null) {
                requestId = error.requestId();
            }
        } catch (JsonException notOurJson) {
            // an HTML page from a proxy or load balancer, or a member of another type: the status says enough
        }
        StringBuilder sentence = new StringBuilder("the DigitalOcean API answered ").append(status);
        if (id != null && !id.isBlank()) {
            sentence.append(" ").append(Phrases.printable(id.strip()));
        }
        if (message != null && !message.isBlank()) {
            sentence.append(" (\"").append(Phrases.printable(message.strip(), MAX_MESSAGE)).append("\")");
        }
        sentence.append(" for ").append(subject);
        if (requestId != null && !requestId.isBlank()) {
            sentence.append(", request id ").append(Phrases.printable(requestId.strip()));
        }
        String hint = hint(status, clusterId, token);
        if (hint != null) {
            sentence.append(": ").append(hint);
        }
        return DoksAuthException.answered(status, sentence.toString());
    }

    private static String hint(int status, String clusterId, DoToken token) {
        switch (status) {
            case 401: return "the DigitalOcean token from " + source(token) + " is wrong or expired; " + remedy(token);
            case 403: return "the DigitalOcean token from " + source(token)
                    + " may not read Kubernetes clusters (it needs the kubernetes read scope)";
            case 404: return clusterId == null ? null : "there is no cluster " + clusterId + " in this account (token from "
                    + source(token) + "; see 'doks-auth clusters', or use --context for another account)";
            case 429: return "rate limited, and the limit did not reset within the time budget";
            default: return status >= 500 ? "DigitalOcean is having trouble; try again shortly" : null;
        }
    }

    private static String source(DoToken token) {
        return Phrases.printable(token.source(), 300);
    }

    /** What to do about a bad token, where it came from: the environment overrides doctl's config file. */
    private static String remedy(DoToken token) {
        if (token.doctlContext() == null) {
            return "unset " + token.source() + " or set it to a valid token";
        }
        String context = token.namedContext();
        return context == null ? "run 'doctl auth init'"
                : "run 'doctl auth init --context " + Phrases.printable(context) + "'";
    }
}
