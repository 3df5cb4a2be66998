package dev.doksauth.json;

/**
 * Marks a record whose JSON spells each member as the component's name in snake_case ({@code expiresAt} is
 * {@code expires_at}), as the DigitalOcean API does: {@link Jackson}'s mapper names them so. A marker instead of
 * an annotation on each member because reading an annotation makes the JDK generate a proxy class for its
 * type, 15 ms of a cold JVM's time for the first few.
 */
public interface SnakeCase {
}
