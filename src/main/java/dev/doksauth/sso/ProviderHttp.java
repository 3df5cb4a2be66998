package dev.doksauth.sso;

import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.api.HttpTransport;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Nimbus's requests sent on the shared {@link HttpTransport} (the API's trust and proxies, no redirects), each
 * call bounded by its own timeout and by the sign-in's deadline, and every answer by its size.
 */
final class ProviderHttp implements HTTPRequestSender, AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    static final long MAX_BODY_BYTES = 1L << 20;
    /** Headers the JDK sets itself and drops when given. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpTransport http;
    private final Deadline deadline;
    private final Verbose verbose;

    ProviderHttp(Map<String, String> env, Deadline deadline, Verbose verbose) {
        this.http = new HttpTransport(env);
        this.deadline = deadline;
        this.verbose = verbose;
    }

    @Override
    public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
        Duration timeout = deadline.remaining().compareTo(CALL_TIMEOUT) < 0 ? deadline.remaining() : CALL_TIMEOUT;
        if (timeout.isZero()) {
            throw new HttpTimeoutException("the time for the sign-in is over");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(header.getKey(), header.getValue());
            }
        }
        String body = request.getBody();
        verbose.log(request.getMethod() + " " + withoutQuery(request.getURI()));
        HttpTransport.Response response = http.send(request.getMethod().name(), request.getURI(), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), timeout, MAX_BODY_BYTES);
        verbose.log("answer " + response.status() + " from " + withoutQuery(request.getURI()));
        HTTPResponse answer = new HTTPResponse(response.status());
        response.headers().map().forEach((name, values) -> answer.setHeader(name, values.toArray(new String[0])));
        if (response.body().length > 0) {
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

    /** Nothing to release: connections the JDK keeps alive end with the process. */
    @Override
    public void close() {
    }
}
