package dev.doksauth.report;

/**
 * doks-auth's version, compiled in from the project's (templating-maven-plugin fills it in): {@code --version}
 * runs in the launcher's small first JVM, where reading the jar's manifest or {@link Runtime#version()}'s
 * parse would load some 60 classes from outside its archive and double what the line costs.
 */
public final class Version {

    private static final String NUMBER = "${project.version}";

    private Version() {
    }

    public static String number() {
        return NUMBER;
    }

    /** What {@code --version} prints. */
    public static String line() {
        return "doks-auth " + NUMBER + " (Java " + System.getProperty("java.runtime.version") + ")";
    }
}
