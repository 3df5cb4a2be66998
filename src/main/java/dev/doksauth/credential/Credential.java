package dev.doksauth.credential;

/**
 * A cluster credential from DigitalOcean: a bearer token, or (for old clusters) a client
 * certificate and key in PEM. Times are epoch seconds.
 *
 * <p>This is the one definition of "fresh", shared by the cache-hit path and the slow path:
 * a credential is served until {@code expiresAt} minus a refresh margin of 10% of its lifetime,
 * at most five minutes and, for short lifetimes, at least two seconds (half the lifetime at most),
 * so that kubectl never holds a token that dies during a command. Times are whole seconds, read
 * down from the API's answer; freshness is judged against the millisecond clock.
 */
public record Credential(String token, String clientCertificatePem, String clientKeyPem,
                         long obtainedAt, long expiresAt) {

    static final long MAX_REFRESH_MARGIN_SECONDS = 300;
    static final long MIN_REFRESH_MARGIN_SECONDS = 2;
    /**
     * The longest token accepted from the API (printable ASCII, so characters are bytes): far above any real
     * one (a 1 MiB token works end to end), and every store that keeps a credential must take one this long.
     */
    public static final int MAX_TOKEN_LENGTH = 2 << 20;
    /**
     * What a credential has left to live, at the least, at the moment it is printed: whatever time went by
     * since it was judged fresh (a loaded machine stops a process for seconds), kubectl gets time to use it.
     */
    public static final long MIN_LIFE_WHEN_PRINTED_MILLIS = 2000;

    public Credential {
        boolean hasCertificate = clientCertificatePem != null || clientKeyPem != null;
        if (hasCertificate && (clientCertificatePem == null || clientKeyPem == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and the other way round");
        }
        if (token == null && !hasCertificate) {
            throw new IllegalArgumentException("a credential needs a token or a client certificate");
        }
    }

    public static Credential ofToken(String token, long obtainedAt, long expiresAt) {
        return new Credential(token, null, null, obtainedAt, expiresAt);
    }

    public static Credential ofCertificate(String certificatePem, String keyPem, long obtainedAt, long expiresAt) {
        return new Credential(null, certificatePem, keyPem, obtainedAt, expiresAt);
    }

    /** The same credential with its times moved by {@code seconds}: from another clock onto ours. */
    public Credential shifted(long seconds) {
        return seconds == 0 ? this
                : new Credential(token, clientCertificatePem, clientKeyPem, obtainedAt + seconds, expiresAt + seconds);
    }

    public long refreshMargin() {
        long lifetime = expiresAt - obtainedAt;
        if (lifetime <= 0) {
            return 0;
        }
        long margin = Math.max(lifetime / 10, Math.min(MIN_REFRESH_MARGIN_SECONDS, (lifetime + 1) / 2));
        return Math.min(margin, MAX_REFRESH_MARGIN_SECONDS);
    }

    /** The moment from which this credential is no longer served; kubectl gets it as expirationTimestamp. */
    public long freshUntil() {
        return expiresAt - refreshMargin();
    }

    public boolean isFreshAt(long nowEpochMillis) {
        return nowEpochMillis < freshUntil() * 1000;
    }

    /** Milliseconds until {@code expiresAt}. */
    public long millisLeftAt(long nowEpochMillis) {
        return expiresAt * 1000 - nowEpochMillis;
    }

    /** Whether it may be printed at this moment: fresh, and with {@link #MIN_LIFE_WHEN_PRINTED_MILLIS} left at the least. */
    public boolean printableAt(long nowEpochMillis) {
        return isFreshAt(nowEpochMillis) && millisLeftAt(nowEpochMillis) >= MIN_LIFE_WHEN_PRINTED_MILLIS;
    }

    @Override
    public String toString() {
        // Records print their fields; this one holds secrets.
        return "Credential[" + (token != null ? "token" : "certificate") + ", expiresAt=" + expiresAt + "]";
    }
}
