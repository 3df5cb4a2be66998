package dev.doksauth.sso;

import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.api.LimitedBodySubscriber;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Nimbus's requests sent on the JDK's HTTP client, with the API's trust and proxies
 * ({@link DigitalOceanClient#newHttpClient}), each call bounded by its own timeout and by the sign-in's deadline,
 * and every answer by its size.
 */
final class ProviderHttp implements HTTPRequestSender, AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    static final long MAX_BODY_BYTES = 1L << 20;
    /** Headers the JDK sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient http;
    private final Deadline deadline;
    private final Verbose verbose;

    ProviderHttp(String issuerUrl, Map<String, String> env, Deadline deadline, Verbose verbose) {
        this.http = DigitalOceanClient.newHttpClient(issuerUrl.startsWith("https://"), env);
        this.deadline = deadline;
        this.verbose = verbose;
    }

    @Override
    public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
        Duration timeout = deadline.remaining().compareTo(CALL_TIMEOUT) < 0 ? deadline.remaining() : CALL_TIMEOUT;
        if (timeout.isZero()) {
            throw new HttpTimeoutException("the time for the sign-in is over");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getURI()).timeout(timeout);
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                for (String value : header.getValue()) {
                    builder.header(header.getKey(), value);
                }
            }
        }
        String body = request.getBody();
        builder.method(request.getMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        verbose.log(request.getMethod() + " " + withoutQuery(request.getURI()));
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(builder.build(),
                LimitedBodySubscriber.handler(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new HttpTimeoutException("no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        verbose.log("answer " + response.statusCode() + " from " + withoutQuery(request.getURI()));
        HTTPResponse answer = new HTTPResponse(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                answer.setHeader(name, values.toArray(new String[0]));
            }
        });
        if (response.body() != null && response.body().length > 0) {
            answer.setBody(new String(response.body(), StandardCharsets.UTF_8));
        }
        return answer;
    }

    /** A failure to reach the provider as one sentence. */
    static DoksAuthException unreachable(String issuerUrl, String what, IOException e) {
        if (e instanceof HttpTimeoutException) {
            return DoksAuthException.failure("no answer from the identity provider " + issuerUrl + " to " + what
                    + " in time", e);
        }
        if (e instanceof javax.net.ssl.SSLHandshakeException && DigitalOceanClient.isUntrusted(e)) {
            return DoksAuthException.failure("the TLS certificate of the identity provider " + issuerUrl
                    + " is not trusted (behind a proxy that inspects TLS? add its CA to the system's store or name it "
                    + "with SSL_CERT_FILE)", e);
        }
        return DoksAuthException.failure("cannot reach the identity provider " + issuerUrl + " to " + what + ": "
                + DigitalOceanClient.describe(e), e);
    }

    /** Queries of the provider's endpoints may carry codes or tokens: verbose lines show the path only. */
    static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Stops the client's selector thread (Java 21+), so that the JVM does not wait for it at exit. */
    @Override
    public void close() {
        DigitalOceanClient.close(http, verbose);
    }
}
