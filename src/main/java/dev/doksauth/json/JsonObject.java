package dev.doksauth.json;

import java.util.Map;

/** A parsed JSON object with typed, shape-checking accessors. */
public final class JsonObject {

    private final Map<String, Object> members;

    JsonObject(Map<String, Object> members) {
        this.members = members;
    }

    /** The string member, or null when absent or null; a member of another type is an error. */
    public String string(String name) throws JsonException {
        Object value = members.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new JsonException("member '" + name + "' is not a string");
    }

    /** The whole-number member, or null when absent or null; a member of another type is an error. */
    public Long number(String name) throws JsonException {
        Object value = members.get(name);
        if (value == null || value instanceof Long) {
            return (Long) value;
        }
        throw new JsonException("member '" + name + "' is not a whole number");
    }

    /** The boolean member, or null when absent or null. */
    public Boolean bool(String name) throws JsonException {
        Object value = members.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new JsonException("member '" + name + "' is not a boolean");
    }

    /** The object member, or null when absent or null. */
    public JsonObject object(String name) throws JsonException {
        Object value = members.get(name);
        if (value == null || value instanceof JsonObject) {
            return (JsonObject) value;
        }
        throw new JsonException("member '" + name + "' is not an object");
    }
}
