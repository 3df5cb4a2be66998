package dev.doksauth.api;

import dev.doksauth.credential.Credential;
import dev.doksauth.credential.Deadline;
import dev.doksauth.json.Jackson;
import dev.doksauth.json.JsonException;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The DigitalOcean API calls doks-auth makes, on the shared {@link HttpTransport}. */
public final class DigitalOceanClient implements AutoCloseable {

    /** Room for a credentials answer with the longest token accepted (a 1 MiB token is real enough), and no more. */
    static final long MAX_BODY_BYTES = 4L << 20;
    /** Our clock this far from DigitalOcean's is worth a word: the cluster judges tokens by its own. */
    public static final long CLOCK_WARNING_SECONDS = 60;

    private final String apiUrl;
    private final DoToken token;
    private final Verbose verbose;
    private final HttpTransport http;
    private final String userAgent;
    /** The {@code Date} header of the last successful answer, or null: DigitalOcean's clock. */
    private String lastAnswerDate;
    private long clockSkewSeconds;

    public DigitalOceanClient(String apiUrl, DoToken token, Map<String, String> env, Verbose verbose) {
        this.apiUrl = apiUrl;
        this.token = token;
        this.verbose = verbose;
        verbose.secret(token.value());
        this.http = new HttpTransport(env);
        this.userAgent = "doks-auth/" + dev.doksauth.report.Version.number();
    }

    /** Nothing to release: connections the JDK keeps alive end with the process. */
    @Override
    public void close() {
    }

    /** {@code GET /v2/kubernetes/clusters/{id}/credentials}: a fresh credential, minted by DigitalOcean. */
    public Credential credentials(String clusterId, long expirySeconds, Deadline deadline) {
        return access(clusterId, expirySeconds, deadline).credential();
    }

    /** The same call, with the server and CA that a kubeconfig entry needs, all of it checked. */
    public ClusterAccess access(String clusterId, long expirySeconds, Deadline deadline) {
        String path = "/v2/kubernetes/clusters/" + clusterId + "/credentials"
                + (expirySeconds > 0 ? "?expiry_seconds=" + expirySeconds : "");
        CredentialsResponse body = get(at(path), deadline, "cluster " + clusterId, clusterId, CredentialsResponse.class);
        // expires_at is on DigitalOcean's clock: judged by it, then moved onto ours, so that a local
        // clock that is wrong neither refuses a credential just issued nor serves one too long.
        long localNow = System.currentTimeMillis() / 1000;
        long serverNow = ServerClock.epochSecond(lastAnswerDate, localNow);
        if (Math.abs(serverNow - localNow) < ServerClock.IGNORED_SKEW_SECONDS) {
            serverNow = localNow; // a Date has whole seconds: a difference this small is noise, not a wrong clock
        } else if (!ServerClock.plausible(body.expiresAt(), serverNow, expirySeconds)) {
            // A Date that would make the credential outlive what was asked for is not DigitalOcean's clock.
            verbose.log("the answer's Date header is not believable; timing the credential by this computer's clock");
            serverNow = localNow;
        }
        ClusterAccess access = body.access(clusterId, serverNow, verbose);
        clockSkewSeconds = localNow - serverNow;
        return new ClusterAccess(access.server(), access.certificateAuthorityData(), access.credential().shifted(clockSkewSeconds));
    }

    /**
     * The server and CA of a single sign-on entry, from {@code GET /v2/kubernetes/clusters/{id}/kubeconfig?type=sso}
     * (what doctl's {@code --type sso} reads): no token is minted, and a cluster that requires SSO may refuse
     * {@code /credentials}. An API without that endpoint is asked {@code /credentials} instead.
     */
    public ClusterAccess ssoAccess(String clusterId, Deadline deadline) {
        String subject = "cluster " + clusterId;
        try {
            byte[] kubeconfig = fetch(at("/v2/kubernetes/clusters/" + clusterId + "/kubeconfig?type=sso"), deadline,
                    subject, clusterId, "application/yaml");
            return KubeconfigResponse.parse(kubeconfig, clusterId);
        } catch (DoksAuthException kubeconfigFailed) {
            verbose.log("the kubeconfig of " + subject + " could not be read (" + kubeconfigFailed.getMessage()
                    + "); reading its server and CA from /credentials");
            try {
                ClusterAccess access = access(clusterId, 0, deadline);
                return new ClusterAccess(access.server(), access.certificateAuthorityData(), null);
            } catch (DoksAuthException credentialsFailed) {
                throw kubeconfigFailed;
            }
        }
    }

    /** How far our clock is ahead of DigitalOcean's (negative: behind), in seconds, by the last credentials answer; 0 when unknown. */
    public long clockSkewSeconds() {
        return clockSkewSeconds;
    }

    /**
     * How far our clock is ahead of DigitalOcean's (negative: behind), in whole seconds, by the {@code Date} header of
     * the last successful answer; null when there was none or it had no readable {@code Date}.
     */
    public Long clockAheadByLastAnswer() {
        long localNow = System.currentTimeMillis() / 1000;
        long serverNow = ServerClock.epochSecond(lastAnswerDate, Long.MIN_VALUE);
        return serverNow == Long.MIN_VALUE ? null : localNow - serverNow;
    }

    /** {@code GET /v2/kubernetes/clusters/{id}}. */
    public Cluster cluster(String clusterId, Deadline deadline) {
        String subject = "cluster " + clusterId;
        ClustersResponse.ClusterObject cluster = get(at("/v2/kubernetes/clusters/" + clusterId), deadline, subject, clusterId,
                ClustersResponse.One.class).kubernetesCluster();
        if (cluster == null) {
            throw DoksAuthException.failure("the DigitalOcean API's answer for " + subject + " has no kubernetes_cluster");
        }
        return cluster.cluster(subject);
    }

    /** Every cluster of the account: {@code GET /v2/kubernetes/clusters}, following {@code links.pages.next}. */
    public List<Cluster> clusters(Deadline deadline) {
        List<Cluster> clusters = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI page = at("/v2/kubernetes/clusters?page=1&per_page=" + ClustersResponse.PER_PAGE);
        while (page != null) {
            if (!seen.add(page)) {
                throw DoksAuthException.failure("the DigitalOcean API's cluster list links back to a page it already gave");
            }
            if (seen.size() > ClustersResponse.MAX_PAGES) {
                throw DoksAuthException.failure("the DigitalOcean API's cluster list goes on past "
                        + ClustersResponse.MAX_PAGES + " pages");
            }
            ClustersResponse body = get(page, deadline, ClustersResponse.SUBJECT, null, ClustersResponse.class);
            clusters.addAll(body.checkedClusters());
            page = body.nextPage(apiUrl);
        }
        return clusters;
    }

    /** A path of the API (with its query) as a URI on the API's origin. */
    private URI at(String pathAndQuery) {
        return URI.create(apiUrl + pathAndQuery);
    }

    /**
     * A GET with retries; returns the JSON of a 2xx answer read as {@code type}, or throws a user-facing failure.
     *
     * <p>Retries: a connection that cannot be made (refused, no route, a name that does not resolve) is tried
     * again briefly, for {@link RetryPolicy#CONNECT_RETRY_WINDOW} at most, so that a stopped API or a typo
     * answers in about two seconds; 429, 5xx other than 501, a connection lost or a connect timeout are retried
     * with backoff within the command's time budget. Every message says how many tries it took and how long.
     */
    <T> T get(URI uri, Deadline deadline, String subject, String clusterId, Class<T> type) {
        return parse(fetch(uri, deadline, subject, clusterId, "application/json"), subject, type);
    }

    /** The body of a successful {@code GET}, with the retries and messages of {@link #get}. */
    private byte[] fetch(URI uri, Deadline deadline, String subject, String clusterId, String accept) {
        if (!ApiUrl.isSameOrigin(uri, apiUrl) || uri.getRawUserInfo() != null) {
            // The one place the token is put on a request: it goes to the API's own origin, ever.
            throw new IllegalStateException("a request outside " + apiUrl);
        }
        long started = System.nanoTime();
        DoksAuthException last = null;
        int attempt = 0;
        while (attempt < RetryPolicy.MAX_ATTEMPTS) {
            Duration remaining = deadline.remaining();
            if (remaining.isZero()) {
                break;
            }
            attempt++;
            Map<String, List<String>> headers = Map.of("Authorization", List.of("Bearer " + token.value()),
                    "Accept", List.of(accept), "User-Agent", List.of(userAgent));
            verbose.log("GET " + uri + " (attempt " + attempt + ")");
            Duration pause;
            try {
                HttpTransport.Response response = http.send("GET", uri, headers, null, remaining, MAX_BODY_BYTES);
                int status = response.status();
                byte[] body = response.body();
                verbose.log("answer " + status + " (" + body.length + " bytes, request id "
                        + Phrases.printable(response.headers().firstValue("x-request-id").orElse("none")) + ")");
                if (status == 407) {
                    throw proxyWantsCredentials(null);
                }
                if (status >= 200 && status < 300) {
                    lastAnswerDate = response.headers().firstValue("date").orElse(null);
                    return body;
                }
                if (status >= 300 && status < 400) {
                    throw redirected(status, response.headers(), subject);
                }
                last = ApiErrors.fromResponse(status, response.headers(), body, subject, clusterId, token);
                if (!RetryPolicy.isRetryable(status)) {
                    throw last;
                }
                pause = RetryPolicy.serverDelay(response.headers(), System.currentTimeMillis())
                        .orElse(RetryPolicy.backoff(attempt));
            } catch (HttpTransport.TooLargeException e) {
                throw DoksAuthException.failure("the DigitalOcean API's answer for " + subject
                        + " is larger than " + (MAX_BODY_BYTES >> 20) + " MiB, which no real answer is");
            } catch (IOException cause) {
                if (cause instanceof java.net.http.HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                    break;
                }
                if (String.valueOf(cause.getMessage()).contains(" 407")) {
                    throw proxyWantsCredentials(cause);
                }
                if (cause instanceof javax.net.ssl.SSLHandshakeException) {
                    // Not transient: retrying would only spend the time budget.
                    throw DoksAuthException.failure(isUntrusted(cause)
                            ? "the TLS certificate of " + uri.getHost() + " is not trusted (behind a proxy that inspects "
                              + "TLS? add its CA to the system's store or name it with SSL_CERT_FILE)"
                            : "the TLS handshake with " + uri.getHost() + " failed: " + describe(cause), cause);
                }
                verbose.log("attempt " + attempt + " failed: " + describe(cause));
                if (cause instanceof ConnectException) {
                    pause = RetryPolicy.connectBackoff(attempt);
                    Duration spent = Duration.ofNanos(System.nanoTime() - started);
                    if (spent.plus(pause).compareTo(RetryPolicy.CONNECT_RETRY_WINDOW) > 0
                            || pause.compareTo(deadline.remaining()) >= 0) {
                        throw DoksAuthException.failure("could not connect to the DigitalOcean API at " + apiUrl
                                + through(uri) + " after " + tries(attempt) + " in " + seconds(spent) + ": "
                                + describe(cause), cause);
                    }
                    verbose.log("retrying in " + pause.toMillis() + " ms");
                    sleep(pause);
                    continue;
                }
                last = DoksAuthException.failure("cannot reach the DigitalOcean API at " + apiUrl + through(uri) + ": "
                        + describe(cause) + " (" + tries(attempt) + " in " + seconds(Duration.ofNanos(System.nanoTime() - started))
                        + ")", cause);
                pause = RetryPolicy.backoff(attempt);
            }
            if (attempt == RetryPolicy.MAX_ATTEMPTS) {
                break;
            }
            if (pause.compareTo(deadline.remaining()) >= 0) {
                verbose.log("the next attempt would come after the time budget; giving up");
                throw last;
            }
            verbose.log("retrying in " + pause.toMillis() + " ms");
            sleep(pause);
        }
        if (last != null && !deadline.passed()) {
            throw last;
        }
        throw DoksAuthException.failure("no answer from the DigitalOcean API at " + apiUrl + " (" + tries(attempt)
                + (last == null ? "" : "; last: " + last.getMessage()) + ") within " + deadline.describe());
    }

    private static String tries(int attempts) {
        return attempts == 1 ? "1 try" : attempts + " tries";
    }

    private static String seconds(Duration spent) {
        return String.format(Locale.ROOT, "%.1f s", spent.toMillis() / 1000.0);
    }

    /** ", through the proxy HOST:PORT" when the request goes through one: then it is the proxy that cannot be reached. */
    private String through(URI uri) {
        java.net.Proxy proxy = http.proxyFor(uri);
        if (proxy.type() == java.net.Proxy.Type.DIRECT || !(proxy.address() instanceof java.net.InetSocketAddress address)) {
            return "";
        }
        return " through the proxy " + address.getHostString() + ":" + address.getPort();
    }

    /** A redirect is not followed: the token would go with it, perhaps elsewhere. */
    private DoksAuthException redirected(int status, HttpHeaders headers, String subject) {
        String where = headers.firstValue("location").map(location -> {
            try {
                URI target = URI.create(apiUrl + "/").resolve(location.strip());
                return target.getHost() == null ? "" : " to " + Phrases.printable(target.getScheme() + "://" + target.getRawAuthority());
            } catch (IllegalArgumentException e) {
                return "";
            }
        }).orElse("");
        return DoksAuthException.failure("the DigitalOcean API answered " + status + " for " + subject + " with a redirect"
                + where + ", which doks-auth does not follow: the token goes to " + apiUrl + " only (check --api-url "
                + "or DIGITALOCEAN_API_URL)");
    }

    private static <T> T parse(byte[] body, String subject, Class<T> type) {
        try {
            return Jackson.read(body, type);
        } catch (JsonException e) {
            // "not UTF-8 text", "not JSON (...)", a member of the wrong type, or a limit passed: never the text itself.
            String what = e.getMessage().startsWith("not ") ? e.getMessage() : "malformed: " + e.getMessage();
            throw DoksAuthException.failure("the DigitalOcean API's answer for " + subject + " is " + what);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DoksAuthException.failure("interrupted while waiting to retry the DigitalOcean API");
        }
    }

    private static DoksAuthException proxyWantsCredentials(Throwable cause) {
        return DoksAuthException.failure("the proxy asks for a user name and password (407); put them in HTTPS_PROXY "
                + "as http://USER:PASSWORD@HOST:PORT, or check the ones there", cause);
    }

    public static boolean isUntrusted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    /** A failure in a few words; for a connection that could not be made, why, from the whole chain of causes. */
    public static String describe(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (cause instanceof ConnectException) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                    return "the host name does not resolve (DNS)";
                }
                if (t instanceof java.net.NoRouteToHostException || message.contains("no route")) {
                    return "no route to host";
                }
                if (message.contains("network is unreachable")) {
                    return "network unreachable";
                }
            }
            return "connection refused";
        }
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : Phrases.printable(message, 200);
    }
}
