package dev.doksauth.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Process environments written out in a test. */
public final class Environments {

    private Environments() {
    }

    /** The variables given as name, value, name, value…, in that order; a map the test may change. */
    public static Map<String, String> of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a name without a value");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }
}
