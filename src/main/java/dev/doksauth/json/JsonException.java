package dev.doksauth.json;

/** Text that is not the JSON we expect. The message describes the shape, never the content. */
public final class JsonException extends Exception {
    public JsonException(String message) {
        super(message);
    }
}
