package dev.doksauth.core;

import dev.doksauth.api.Cluster;
import dev.doksauth.credential.CredentialLine;
import dev.doksauth.kubeconfig.DoksAuthEntries;
import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterTargetsTest {

    static final String SAVED_ID = "11111111-1111-4111-8111-111111111111";
    static final String LISTED_ID = "22222222-2222-4222-8222-222222222222";
    static final List<DoksAuthEntries.Found> KUBECONFIG = List.of(new DoksAuthEntries.Found("do-nyc1-demo-admin", SAVED_ID,
            CredentialLine.token(SAVED_ID, null, 0, "http://127.0.0.1:1", null), Map.of(), List.of("do-nyc1-demo"),
            List.of("do-nyc1-demo"), Set.of("demo")));

    /** The account's list, counting how often it is asked for. */
    static final class FakeApi implements Supplier<List<Cluster>> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<Cluster> get() {
            calls.incrementAndGet();
            return List.of(new Cluster(LISTED_ID, "staging", "fra1", "1.31", "running", "", Cluster.Sso.NONE));
        }
    }

    @Test
    void whatTheKubeconfigKnowsNeedsNoApi() {
        FakeApi api = new FakeApi();
        for (String argument : List.of("demo", "do-nyc1-demo", SAVED_ID, "do-nyc1-demo-admin")) {
            ClusterTargets.Target target = ClusterTargets.lookUp(List.of(argument), KUBECONFIG, api).get(0);
            assertEquals(SAVED_ID, target.clusterId(), argument);
            assertEquals(KUBECONFIG, target.entries());
        }
        assertEquals(LISTED_ID, ClusterTargets.lookUp(List.of(LISTED_ID), KUBECONFIG, api).get(0).clusterId());
        assertEquals(0, api.calls.get(), "no list fetched for a name the kubeconfig has or an ID");
    }

    @Test
    void otherNamesGoToTheApiOnce() {
        FakeApi api = new FakeApi();
        List<ClusterTargets.Target> targets = ClusterTargets.lookUp(List.of("staging", "demo", "staging"), KUBECONFIG, api);
        assertEquals(List.of(LISTED_ID, SAVED_ID, LISTED_ID), targets.stream().map(ClusterTargets.Target::clusterId).toList());
        assertTrue(targets.get(0).entries().isEmpty());
        assertEquals(1, api.calls.get());
    }

    @Test
    void anUnknownNameListsTheCandidatesOfBoth() {
        DoksAuthException e = assertThrows(DoksAuthException.class,
                () -> ClusterTargets.lookUp(List.of("nosuch"), KUBECONFIG, new FakeApi()));
        assertTrue(e.getMessage().contains("do-nyc1-demo (cluster " + SAVED_ID + ")") && e.getMessage().contains("staging"),
                e.getMessage());
        DoksAuthException offline = assertThrows(DoksAuthException.class, () -> ClusterTargets.lookUp(List.of("nosuch"),
                KUBECONFIG, () -> {
                    throw DoksAuthException.failure("no DigitalOcean token");
                }));
        assertTrue(offline.getMessage().contains("do-nyc1-demo") && offline.getMessage().contains("no DigitalOcean token"),
                offline.getMessage());
        assertEquals(DoksAuthException.USAGE, assertThrows(DoksAuthException.class,
                () -> ClusterTargets.lookUp(List.of("bad/name"), KUBECONFIG, new FakeApi())).exitCode());
    }
}
