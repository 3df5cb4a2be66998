package dev.doksauth.testing;

import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For a suite whose API stand-in is sent requests it has no stub for on purpose: WireMock's "Request was not
 * matched" table is not printed (a passing build prints none), and the suite asserts instead which requests went
 * unmatched, so an unexpected one still fails a test.
 */
public final class UnmatchedRequests implements Notifier {

    private final Notifier delegate = new Slf4jNotifier(false);

    @Override
    public void info(String message) {
        delegate.info(message);
    }

    @Override
    public void error(String message) {
        if (!message.contains("Request was not matched")) {
            delegate.error(message);
        }
    }

    @Override
    public void error(String message, Throwable t) {
        delegate.error(message, t);
    }

    /** Every request the stand-in had no stub for is one {@code expected} accepts; then forgets them. */
    public static void assertOnly(WireMockExtension api, String what, Predicate<LoggedRequest> expected) {
        List<String> unexpected = api.findAllUnmatchedRequests().stream().filter(expected.negate())
                .map(r -> r.getMethod() + " " + r.getUrl()).toList();
        api.resetRequests();
        assertEquals(List.of(), unexpected, "requests the API stand-in had no stub for, other than " + what);
    }
}
