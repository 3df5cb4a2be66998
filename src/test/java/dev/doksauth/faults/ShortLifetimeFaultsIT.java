package dev.doksauth.faults;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.doksauth.testing.ApiStandIn;
import dev.doksauth.testing.Launcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, class 4: a credential is never served nearly dead. Many kubectl commands at once, on a loaded
 * machine, with credentials that live seconds: whatever time a process loses between judging a credential
 * fresh and printing it, what it prints has at least 2 s left before the API's {@code expires_at}, measured
 * at the moment its line arrives; and an API whose credentials cannot have that much life is refused in one
 * sentence, never served.
 */
class ShortLifetimeFaultsIT {

    static final String CLUSTER = "8d91899c-0739-4a1a-acc5-deadbeef5eca";
    static final long LEAST_LIFE_MILLIS = 2000;
    static final Pattern TOKEN = Pattern.compile("\"token\":\"(doks-[A-Za-z0-9]+)\"");

    @RegisterExtension
    static WireMockExtension api = ApiStandIn.server();

    @TempDir
    Path home;
    Launcher launcher;

    @BeforeEach
    void setUp() {
        launcher = ApiStandIn.launcher(api, home, "dop_v1_short").env("DOKS_AUTH_TIMEOUT", "20");
    }

    /** Every call mints a token living {@code seconds} on the API's clock, which is {@code offsetSeconds} off ours. */
    private static void issues(long seconds, long offsetSeconds) {
        api.stubFor(get(urlPathMatching(ApiStandIn.CREDENTIALS)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withHeader("Date", "{{now offset='" + offsetSeconds + " seconds' timezone='GMT' format='EEE, dd MMM yyyy HH:mm:ss z'}}")
                .withBody("{\"server\":\"https://127.0.0.1:6443\",\"certificate_authority_data\":\"\","
                        + "\"token\":\"doks-{{randomValue length=32 type='ALPHANUMERIC'}}\","
                        + "\"expires_at\":\"{{now offset='" + (seconds + offsetSeconds) + " seconds'}}\"}")
                .withTransformers("response-template")));
    }

    /** The API's expires_at of every token it issued, in epoch milliseconds, whole seconds as doks-auth reads them. */
    private static Map<String, Long> issued() {
        Map<String, Long> issued = new HashMap<>();
        Pattern expires = Pattern.compile("\"expires_at\":\"([^\"]+)\"");
        for (ServeEvent event : api.getAllServeEvents()) {
            String body = event.getResponse().getBodyAsString();
            Matcher token = TOKEN.matcher(body);
            Matcher at = expires.matcher(body);
            assertTrue(token.find() && at.find(), body);
            issued.put(token.group(1), Instant.parse(at.group(1)).getEpochSecond() * 1000);
        }
        return issued;
    }

    /** One run: what it printed, when its line arrived (epoch ms), how it ended. */
    record Run(String stdout, long printedAt, Launcher.Result result) {
    }

    /** Runs {@code credential} and notes the moment its line arrives, on a thread of its own (bounded by the caller). */
    private Run timedRun() throws Exception {
        Process process = launcher.start("credential", CLUSTER);
        InputStream out = process.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = out.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        long printedAt = System.currentTimeMillis();
        return new Run(line.toString(StandardCharsets.UTF_8), printedAt, Launcher.finish(process));
    }

    /** {@code runs} runs of {@code credential}, {@code parallel} at a time, each bounded. */
    private List<Run> runs(int runs, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Run>> started = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                started.add(pool.submit(this::timedRun));
            }
            List<Run> done = new ArrayList<>();
            for (Future<Run> run : started) {
                done.add(run.get(Launcher.LIMIT.toSeconds(), TimeUnit.SECONDS));
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyCommandsAtOnceWithFiveSecondCredentialsNeverPrintOneWithLessThanTwoSecondsLeft() throws Exception {
        issues(5, 0);
        List<Run> runs = runs(120, 6);
        Map<String, Long> issued = issued();
        for (Run run : runs) {
            assertEquals(0, run.result().exitCode(), run.result().toString());
            Matcher token = TOKEN.matcher(run.stdout());
            assertTrue(token.find(), run.stdout());
            long left = issued.get(token.group(1)) - run.printedAt();
            assertTrue(left >= LEAST_LIFE_MILLIS, "printed with " + left + " ms left: " + run.stdout());
        }
        assertTrue(runs.size() > issued.size(), "some runs were hits: " + issued.size() + " fetches for " + runs.size() + " runs");
    }

    @Test
    void credentialsThatCannotLiveTwoSecondsOnOurClockAreRefusedInOneSentence() throws Exception {
        // The API's clock is 3 s behind ours, too little to be taken for a wrong clock: on ours, its 5-second
        // credentials have less than 2 s to live.
        issues(5, -3);
        for (Run run : runs(4, 2)) {
            assertEquals(1, run.result().exitCode(), run.result().toString());
            assertEquals("", run.stdout(), "nothing printed");
            assertTrue(run.result().stderr().startsWith("doks-auth: the credential of cluster " + CLUSTER + " came with ")
                    && run.result().stderr().contains(" s of life left, less than the 2 s kubectl needs to use it; check "
                    + "this computer's clock"), run.result().toString());
            assertEquals(1, run.result().stderr().lines().count(), run.result().toString());
        }
    }
}
