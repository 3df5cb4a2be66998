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
        return member(name, String.class, "a string");
    }

    /** The whole-number member, or null when absent or null; a member of another type is an error. */
    public Long number(String name) throws JsonException {
        return member(name, Long.class, "a whole number");
    }

    /** The boolean member, or null when absent or null; a member of another type is an error. */
    public Boolean bool(String name) throws JsonException {
        return member(name, Boolean.class, "a boolean");
    }

    /** The object member, or null when absent or null; a member of another type is an error. */
    public JsonObject object(String name) throws JsonException {
        return member(name, JsonObject.class, "an object");
    }

    private <T> T member(String name, Class<T> type, String what) throws JsonException {
        Object value = members.get(name);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw new JsonException("member '" + name + "' is not " + what);
    }
}
