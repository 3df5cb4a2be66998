package dev.doksauth.report;

/**
 * A failure the user is told about: one sentence on stderr and an exit code.
 * The message must never hold a secret; it is printed as {@code doks-auth: MESSAGE}.
 */
public final class DoksAuthException extends RuntimeException {

    /** Exit 2: the command line or environment asks for something that cannot be. */
    public static final int USAGE = 2;
    /** Exit 1: the API, the network or a file let us down. */
    public static final int FAILURE = 1;

    private final int exitCode;
    private final int httpStatus;

    private DoksAuthException(int exitCode, String message, Throwable cause, int httpStatus) {
        super(message, cause);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    private DoksAuthException(int exitCode, String message, Throwable cause) {
        this(exitCode, message, cause, 0);
    }

    public static DoksAuthException usage(String message) {
        return new DoksAuthException(USAGE, message, null);
    }

    public static DoksAuthException failure(String message) {
        return new DoksAuthException(FAILURE, message, null);
    }

    public static DoksAuthException failure(String message, Throwable cause) {
        return new DoksAuthException(FAILURE, message, cause);
    }

    /** A failure that is a server's error answer, with its HTTP status (what {@code doctor} tells apart). */
    public static DoksAuthException answered(int httpStatus, String message) {
        return new DoksAuthException(FAILURE, message, null, httpStatus);
    }

    /** The HTTP status of the error answer this failure reports, or 0 when it is not one. */
    public int httpStatus() {
        return httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }
}
