package dev.doksauth.report;

/** doks-auth's version, from its jar's manifest ("dev" when run from classes). */
public final class Version {

    private Version() {
    }

    public static String number() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** What {@code --version} prints. */
    public static String line() {
        return "doks-auth " + number() + " (Java " + Runtime.version() + ")";
    }
}
