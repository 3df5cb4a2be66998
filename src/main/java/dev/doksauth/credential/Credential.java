package dev.doksauth.credential;

/**
 * A cluster credential from DigitalOcean: a bearer token, or (for old clusters) a client
 * certificate and key in PEM. Times are epoch seconds.
 *
 * <p>This is the one definition of "fresh", shared by the cache-hit path and the slow path:
 * a credential is served until {@code expiresAt} minus a refresh margin of 10% of its lifetime,
 * at most five minutes, so that kubectl never holds a token that dies during a command.
 */
public record Credential(String token, String clientCertificatePem, String clientKeyPem,
                         long obtainedAt, long expiresAt) {

    static final long MAX_REFRESH_MARGIN_SECONDS = 300;

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

    public long refreshMargin() {
        long lifetime = expiresAt - obtainedAt;
        return Math.max(0, Math.min(lifetime / 10, MAX_REFRESH_MARGIN_SECONDS));
    }

    /** The moment from which this credential is no longer served; kubectl gets it as expirationTimestamp. */
    public long freshUntil() {
        return expiresAt - refreshMargin();
    }

    public boolean isFreshAt(long nowEpochSecond) {
        return nowEpochSecond < freshUntil();
    }

    @Override
    public String toString() {
        // Records print their fields; this one holds secrets.
        return "Credential[" + (token != null ? "token" : "certificate") + ", expiresAt=" + expiresAt + "]";
    }
}
