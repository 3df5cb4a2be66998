package dev.doksauth.api;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one way doks-auth speaks HTTP: to the DigitalOcean API and to identity providers. On
 * {@link HttpsURLConnection}, which on a cold JVM makes its first request about 300 ms sooner than
 * {@code java.net.http.HttpClient} (no selector thread, no asynchronous machinery to run in cold code).
 *
 * <p>Every request: the environment's proxies ({@link EnvironmentProxySelector}, Basic credentials to the
 * proxy named there only), the API's trust ({@link SystemTrust}, set up at the first https request and
 * once per process), a connect timeout of {@link #CONNECT_TIMEOUT} within the caller's time, redirects
 * never followed (the JDK would carry our Authorization header along), a body no larger than the caller's
 * limit, and no silent second sending of a POST (an authorization code is good once).
 *
 * <p>Failures are the JDK's exceptions: {@link ConnectException} (its cause says why: DNS, no route, refused),
 * {@link HttpConnectTimeoutException}, {@link HttpTimeoutException} once the caller's time is over,
 * {@link javax.net.ssl.SSLHandshakeException}, {@link TooLargeException}, or another {@link IOException}.
 */
public final class HttpTransport {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int CHUNK = 16 * 1024;

    /** An answer larger than the caller's limit: refused before it fills the memory. */
    public static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("answer larger than " + (limit >> 20) + " MiB");
        }
    }

    /** A complete answer: any status (a 3xx is not followed), headers by case-insensitive name. */
    public record Response(int status, HttpHeaders headers, byte[] body) {
    }

    private final Map<String, String> env;
    private final EnvironmentProxySelector proxies;
    private final ProxyAuthenticator authenticator;

    public HttpTransport(Map<String, String> env) {
        this.env = env;
        this.proxies = EnvironmentProxySelector.from(env);
        if (proxies.hasCredentials()) {
            // The JDK refuses Basic for CONNECT tunnels unless told before its first connection; Go sends it, and
            // so do we, to the proxy named in the environment only (ProxyAuthenticator answers nothing else).
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
            this.authenticator = new ProxyAuthenticator(proxies);
        } else {
            this.authenticator = null;
        }
        // Read by the JDK at its first connection: a POST whose kept-alive connection failed is not sent again.
        System.setProperty("sun.net.http.retryPost", "false");
    }

    /** The proxy a request to {@code uri} goes through, or {@link Proxy#NO_PROXY}. */
    public Proxy proxyFor(URI uri) {
        return proxies.select(uri).get(0);
    }

    /**
     * Sends one request and reads the whole answer, all of it within {@code timeout}.
     *
     * @param headers   sent as given, several values of a name as several lines
     * @param body      sent with its length; null for none
     * @param maxBytes  a longer answer fails with {@link TooLargeException}
     */
    public Response send(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout,
                         long maxBytes) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SSLSocketFactory tls = "https".equalsIgnoreCase(uri.getScheme()) ? tls() : null;
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxyFor(uri));
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        if (authenticator != null) {
            connection.setAuthenticator(authenticator);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(CONNECT_TIMEOUT.compareTo(timeout) < 0 ? CONNECT_TIMEOUT : timeout));
        connection.setReadTimeout(millis(timeout));
        connection.setRequestMethod(method);
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                connection.addRequestProperty(header.getKey(), value);
            }
        }
        if (body != null) {
            // Buffered, not streamed: in streaming mode the JDK turns a 401 or 407 answer into an exception.
            connection.setDoOutput(true);
        }
        try {
            try {
                connection.connect();
            } catch (UnknownHostException | NoRouteToHostException e) {
                throw (ConnectException) new ConnectException(e.getMessage()).initCause(e);
            } catch (SocketTimeoutException e) {
                throw timedOut(deadline, true, e);
            }
            if (body != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            HttpHeaders answerHeaders = headers(connection.getHeaderFields());
            long length = connection.getContentLengthLong();
            if (length > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Response(status, answerHeaders, in == null ? new byte[0] : read(in, maxBytes, deadline));
        } catch (SocketTimeoutException e) {
            throw timedOut(deadline, false, e);
        } catch (IOException | RuntimeException e) {
            connection.disconnect(); // a connection in an unknown state is not kept for another request
            throw e;
        }
    }

    private static byte[] read(InputStream in, long maxBytes, long deadline) throws IOException {
        try (in) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[CHUNK];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (body.size() + (long) n > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                body.write(chunk, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    throw new HttpTimeoutException("the answer did not end in time");
                }
            }
            return body.toByteArray();
        }
    }

    /** A connect timeout while there is time left; otherwise the caller's time is over. */
    private static HttpTimeoutException timedOut(long deadline, boolean connecting, SocketTimeoutException e) {
        HttpTimeoutException timeout = connecting && deadline - System.nanoTime() > 0
                ? new HttpConnectTimeoutException("connection timed out")
                : new HttpTimeoutException("no answer in time");
        timeout.initCause(e);
        return timeout;
    }

    /** The answer's headers by case-insensitive name; a name sent in two spellings is one name. */
    private static HttpHeaders headers(Map<String, List<String>> fields) {
        Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            if (field.getKey() != null) { // the status line
                merged.computeIfAbsent(field.getKey(), name -> new ArrayList<>()).addAll(field.getValue());
            }
        }
        return HttpHeaders.of(merged, (name, value) -> true);
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    private static SSLSocketFactory shared;
    private static String sharedFor;

    /** The API's trust, set up once per process for the environment's certificate variables. */
    private SSLSocketFactory tls() throws IOException {
        String key = env.get("SSL_CERT_FILE") + "\0" + env.get("SSL_CERT_DIR");
        synchronized (HttpTransport.class) {
            if (shared == null || !key.equals(sharedFor)) {
                try {
                    shared = SystemTrust.context(env).getSocketFactory();
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot set up TLS: " + e.getMessage(), e);
                }
                sharedFor = key;
                // Each HttpsURLConnection takes the default factory when it is made, before ours is set on it: the
                // JDK's would set up a second SSLContext, reading the JDK's 140 roots and its key stores (~90 ms of
                // CPU on a cold JVM) for nothing.
                HttpsURLConnection.setDefaultSSLSocketFactory(shared);
            }
            return shared;
        }
    }

    /** Answers a proxy's 407 with the credentials of its URL; never anything else's challenge. */
    private static final class ProxyAuthenticator extends java.net.Authenticator {
        private final EnvironmentProxySelector proxies;

        ProxyAuthenticator(EnvironmentProxySelector proxies) {
            this.proxies = proxies;
        }

        @Override
        protected java.net.PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY ? proxies.credentials(getRequestingHost(), getRequestingPort()) : null;
        }
    }
}
