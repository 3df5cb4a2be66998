package dev.doksauth.cache;

/**
 * Every file name in the cache directory, built and recognised here only. A key's files share its stem
 * ({@link CacheKey#fileStem()}: the cluster ID or {@value CacheKey#SSO_PREFIX}, a dash, a hash); what
 * follows the stem says what the file is. A file being written has a temporary name: a dot, the name it
 * will take, a unique part, {@value #TEMPORARY}.
 */
public final class CacheFileName {

    static final String ENTRY = ".json";
    static final String LOCK = ".lock";
    static final String SERVED = ".served-";
    static final String ABANDONED = ".abandoned";
    static final String TEMPORARY = ".tmp";

    private CacheFileName() {
    }

    /** The credential entry of a key. */
    public static String entry(String stem) {
        return stem + ENTRY;
    }

    /** The lock file writers of a key serialise on (locking the entry itself would break its atomic replacement). */
    public static String lock(String stem) {
        return stem + LOCK;
    }

    /** One of a key's records of which credential a client was served, in slot {@code slot}. */
    public static String served(String stem, int slot) {
        return stem + SERVED + slot;
    }

    /** The marker of a single sign-on identity's abandoned sign-in. */
    public static String abandoned(String stem) {
        return stem + ABANDONED;
    }

    /** A name for a file to be renamed to {@code name}, unique by {@code unique}. */
    static String temporary(String name, String unique) {
        return "." + name + "." + unique + TEMPORARY;
    }

    /**
     * What a file name in the cache directory is.
     *
     * @param owner what the stem starts with: the cluster ID, or {@value CacheKey#SSO_PREFIX}
     * @param entry whether it is a credential entry (not a lock, record, marker or temporary file)
     */
    public record Parsed(String owner, boolean entry) {
    }

    /** The name parsed, or null when no key's file is named so (then it is not ours). */
    public static Parsed parse(String name) {
        boolean temporary = name.startsWith(".") && name.endsWith(TEMPORARY);
        String ours = temporary ? name.substring(1, name.length() - TEMPORARY.length()) : name;
        if (temporary) {
            int unique = ours.lastIndexOf('.');
            if (unique < 0) {
                return null;
            }
            ours = ours.substring(0, unique);
        }
        String stem = stemOf(ours);
        if (stem == null) {
            return null;
        }
        int dash = stem.lastIndexOf('-');
        if (dash <= 0 || stem.length() - dash - 1 != CacheKey.STEM_HASH_LENGTH) {
            return null;
        }
        return new Parsed(stem.substring(0, dash), !temporary && ours.endsWith(ENTRY));
    }

    private static String stemOf(String name) {
        for (String suffix : new String[] {ENTRY, LOCK, ABANDONED}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        int served = name.lastIndexOf(SERVED);
        if (served > 0 && name.length() > served + SERVED.length()
                && name.substring(served + SERVED.length()).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return name.substring(0, served);
        }
        return null;
    }
}
