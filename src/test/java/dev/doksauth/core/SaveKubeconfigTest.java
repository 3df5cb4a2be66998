package dev.doksauth.core;

import dev.doksauth.api.Cluster;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.credential.Deadline;
import dev.doksauth.credential.SsoProvider;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.InMemoryKubeconfigs;
import dev.doksauth.kubeconfig.Kuberc;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.testing.FakeCredentialStore;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.doksauth.core.FakeClusterDirectory.API;
import static dev.doksauth.core.FakeClusterDirectory.TOKEN;
import static dev.doksauth.core.FakeClusterDirectory.cluster;
import static dev.doksauth.core.FakeClusterDirectory.minted;
import static dev.doksauth.kubeconfig.InMemoryKubeconfigs.DEFAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kubeconfig save} and {@code show} through fakes: no disk, network or clock. */
class SaveKubeconfigTest {

    static final String PROD = "11111111-1111-4111-8111-111111111111";
    static final String STAGING = "22222222-2222-4222-8222-222222222222";
    static final String TWIN = "33333333-3333-4333-8333-333333333333";
    static final Cluster.Sso SSO = new Cluster.Sso(true, false, "https://issuer.example/realms/do", "doks");
    static final Cluster.Sso SSO_REQUIRED = new Cluster.Sso(true, true, "https://issuer.example/realms/do", "doks");
    static final Path LAUNCHER = Path.of("/opt/doks-auth/bin/doks-auth");
    /** The command's deadline: an opaque value the use case hands to every port, never reads. */
    static final Deadline DEADLINE = Deadline.in(Duration.ofSeconds(30), "the test");

    final FakeClusterDirectory api = new FakeClusterDirectory()
            .with(cluster(PROD, "prod", "nyc1", Cluster.Sso.NONE))
            .with(cluster(STAGING, "staging", "fra1", SSO));
    final InMemoryKubeconfigs kubeconfigs = new InMemoryKubeconfigs();
    final FakeCredentialStore cache = FakeCredentialStore.withoutLocks();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    int cacheFound;
    int deadlinesStarted;

    SaveKubeconfig useCase() {
        return new SaveKubeconfig(new KubeconfigPorts(api, kubeconfigs.store(), () -> {
            cacheFound++;
            return cache;
        }, () -> {
            deadlinesStarted++;
            return DEADLINE;
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Verbose.off()), LAUNCHER);
    }

    /** A request as the command line builds it, each option at its default. */
    static final class Ask {
        List<String> clusters = new ArrayList<>();
        boolean all;
        String kubeconfig;
        String context;
        String doctlConfig;
        long expirySeconds;
        String alias;
        boolean setCurrentContext = true;
        String apiUrl;
        SaveKubeconfig.Type type;

        Ask(String... clusters) {
            this.clusters = List.of(clusters);
        }

        SaveKubeconfig.Request request() {
            return new SaveKubeconfig.Request(clusters, all, kubeconfig, context, doctlConfig, expirySeconds, alias,
                    setCurrentContext, ExecEntries.V1, apiUrl, type, SsoProvider.DEFAULT_PORT);
        }
    }

    void save(Ask ask) {
        useCase().save(ask.request());
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml().load(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> entry(Map<String, Object> config, String list, String name) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) config.get(list);
        return entries == null ? null
                : entries.stream().filter(e -> name.equals(e.get("name"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> exec(Map<String, Object> config, String user) {
        return (Map<String, Object>) ((Map<String, Object>) entry(config, "users", user).get("user")).get("exec");
    }

    Map<String, Object> saved() {
        return yaml(kubeconfigs.text(DEFAULT));
    }

    @Test
    void aClusterWithoutSsoGetsATokenEntryAndItsCredentialIsCached() {
        save(new Ask("prod"));

        Map<String, Object> config = saved();
        assertEquals(List.of("credential", PROD), exec(config, "do-nyc1-prod-admin").get("args"));
        assertEquals("Never", exec(config, "do-nyc1-prod-admin").get("interactiveMode"));
        assertEquals(LAUNCHER.toString(), exec(config, "do-nyc1-prod-admin").get("command"));
        assertEquals("do-nyc1-prod", config.get("current-context"));
        // Cached under the identity kubectl's credential will look for, as the API minted it: the first kubectl
        // command is a cache hit.
        CacheKey key = CacheKey.forDoToken(API, TOKEN, PROD, 0);
        assertEquals(Map.of(key, CacheEntry.of(minted(PROD, 0))), cache.entries);
        assertEquals(List.of("open null null null", "list", "get " + PROD, "credentials " + PROD + " 0"), api.calls);
        assertEquals("Saved prod (" + PROD + ") as context do-nyc1-prod in " + DEFAULT + ".\n"
                + "Current context: do-nyc1-prod.\n", out());
        assertEquals("", err());
        assertTrue(api.closed);
        assertEquals(List.of(DEFAULT), kubeconfigs.locked);
    }

    @Test
    void aClusterWithSsoGetsAnSsoEntryByDefaultAndNothingIsCached() {
        save(new Ask(STAGING));

        Map<String, Object> exec = exec(saved(), "do-fra1-staging-admin");
        assertEquals(List.of("credential", STAGING, "--sso-issuer-url", SSO.issuerUrl(), "--sso-client-id", SSO.clientId()),
                exec.get("args"));
        assertEquals("IfAvailable", exec.get("interactiveMode"));
        assertEquals(Map.of(), cache.entries);
        assertEquals(List.of("open null null null", "get " + STAGING, "sso " + STAGING), api.calls, "no credential minted");
        assertEquals("Saved staging (" + STAGING + ") as context do-fra1-staging in " + DEFAULT + ", signing in through "
                + SSO.issuerUrl() + " at the first kubectl command.\nCurrent context: do-fra1-staging.\n", out());
    }

    @Test
    void typeTokenOverridesSsoUnlessTheClusterRequiresIt() {
        Ask ask = new Ask(STAGING);
        ask.type = SaveKubeconfig.Type.TOKEN;
        ask.expirySeconds = 3600;
        save(ask);
        assertEquals(List.of("credential", STAGING, "--expiry-seconds", "3600"),
                exec(saved(), "do-fra1-staging-admin").get("args"));
        assertEquals(CacheEntry.of(minted(STAGING, 3600)), cache.entries.get(CacheKey.forDoToken(API, TOKEN, STAGING, 3600)));

        api.with(cluster(TWIN, "locked", "ams3", SSO_REQUIRED));
        Ask required = new Ask(TWIN);
        required.type = SaveKubeconfig.Type.TOKEN;
        List<String> before = List.copyOf(api.calls);
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> save(required));
        assertEquals(DoksAuthException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("requires SSO (sso.required)"), e.getMessage());
        assertFalse(api.calls.subList(before.size(), api.calls.size()).stream().anyMatch(c -> c.startsWith("credentials")),
                "refused before a credential is minted");
    }

    @Test
    void typeSsoIsRefusedForAClusterWithoutSso() {
        Ask ask = new Ask(PROD);
        ask.type = SaveKubeconfig.Type.SSO;
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> save(ask));
        assertEquals(DoksAuthException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("does not have SSO enabled"), e.getMessage());
        assertNull(kubeconfigs.text(DEFAULT));
        assertEquals(0, cacheFound);
    }

    @Test
    void allSavesEveryClusterAsTheApiDescribesEachAndTheLastBecomesCurrent() {
        Ask ask = new Ask();
        ask.all = true;
        save(ask);

        Map<String, Object> config = saved();
        assertEquals(List.of("credential", PROD), exec(config, "do-nyc1-prod-admin").get("args"));
        assertTrue(((List<?>) exec(config, "do-fra1-staging-admin").get("args")).contains("--sso-issuer-url"));
        assertEquals("do-fra1-staging", config.get("current-context"));
        assertEquals(List.of("open null null null", "list", "get " + PROD, "get " + STAGING, "credentials " + PROD + " 0",
                "sso " + STAGING), api.calls);
        assertEquals(1, cache.entries.size());
        assertTrue(out().endsWith("Current context: do-fra1-staging.\n"), out());
    }

    @Test
    void allInAnEmptyAccountFails() {
        api.clusters.clear();
        Ask ask = new Ask();
        ask.all = true;
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> save(ask));
        assertEquals("this DigitalOcean account has no Kubernetes clusters", e.getMessage());
        assertNull(kubeconfigs.text(DEFAULT));
    }

    @Test
    void requestsThatCannotBeMetAreRefusedBeforeAnythingIsAsked() {
        Ask both = new Ask("prod");
        both.all = true;
        Ask neither = new Ask();
        Ask aliasForTwo = new Ask("prod", "staging");
        aliasForTwo.alias = "work";
        Ask aliasForAll = new Ask();
        aliasForAll.all = true;
        aliasForAll.alias = "work";
        for (Ask ask : List.of(both, neither, aliasForTwo, aliasForAll)) {
            DoksAuthException e = assertThrows(DoksAuthException.class, () -> save(ask));
            assertEquals(DoksAuthException.USAGE, e.exitCode(), e.getMessage());
        }
        assertEquals(List.of(), api.calls);
        assertEquals(0, deadlinesStarted);
        assertEquals(List.of(), kubeconfigs.locked);
    }

    @Test
    void anAliasNamesTheContextAndNoSetCurrentContextLeavesItAlone() {
        kubeconfigs.put(DEFAULT, """
                apiVersion: v1
                kind: Config
                clusters: [{name: other, cluster: {server: 'https://other.example'}}]
                users: [{name: other, user: {token: theirs}}]
                contexts: [{name: other, context: {cluster: other, user: other}}]
                current-context: other
                """);
        Ask ask = new Ask("prod");
        ask.alias = "work";
        ask.setCurrentContext = false;
        save(ask);

        Map<String, Object> config = saved();
        assertEquals(Map.of("cluster", "do-nyc1-prod", "user", "do-nyc1-prod-admin"),
                entry(config, "contexts", "work").get("context"));
        assertNull(entry(config, "contexts", "do-nyc1-prod"));
        assertEquals("other", config.get("current-context"));
        assertEquals("Saved prod (" + PROD + ") as context work in " + DEFAULT + ".\n", out());
    }

    @Test
    void entriesWeDidNotWriteAreNeverTakenOverTheTwinGetsTheIdInItsNames() {
        String theirs = """
                apiVersion: v1
                kind: Config
                clusters: [{name: do-nyc1-prod, cluster: {server: 'https://mine.example:6443'}}]
                users: [{name: do-nyc1-prod-admin, user: {token: mine}}]
                contexts: [{name: do-nyc1-prod, context: {cluster: do-nyc1-prod, user: do-nyc1-prod-admin}}]
                """;
        kubeconfigs.put(DEFAULT, theirs);
        save(new Ask("prod"));

        Map<String, Object> config = saved();
        assertEquals(Map.of("token", "mine"), entry(config, "users", "do-nyc1-prod-admin").get("user"));
        assertEquals(Map.of("server", "https://mine.example:6443"), entry(config, "clusters", "do-nyc1-prod").get("cluster"));
        String twin = "do-nyc1-prod-" + PROD.substring(0, 8);
        assertEquals(List.of("credential", PROD), exec(config, twin + "-admin").get("args"));
        assertEquals(twin, config.get("current-context"));

        // A twin of the same name in the same region, saved beside it.
        api.with(cluster(TWIN, "prod", "nyc1", Cluster.Sso.NONE));
        save(new Ask(TWIN));
        assertEquals(List.of("credential", TWIN), exec(saved(), "do-nyc1-prod-" + TWIN.substring(0, 8) + "-admin").get("args"));
        assertEquals(List.of("credential", PROD), exec(saved(), twin + "-admin").get("args"));
    }

    @Test
    void anAliasTakenByAnEntryNotOursIsRefusedAndNothingIsWrittenOrCached() {
        kubeconfigs.put(DEFAULT, """
                contexts: [{name: work, context: {cluster: x, user: y}}]
                """);
        Ask ask = new Ask("prod");
        ask.alias = "work";
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> save(ask));
        assertTrue(e.getMessage().contains("choose another --alias"), e.getMessage());
        assertEquals(List.of(), kubeconfigs.written);
        assertEquals(Map.of(), cache.entries);
    }

    @Test
    void savingAgainUpdatesOurEntryInPlaceKeepingWhatTheUserAdded() {
        save(new Ask("prod"));
        kubeconfigs.put(DEFAULT, kubeconfigs.text(DEFAULT).replace("user: do-nyc1-prod-admin",
                "user: do-nyc1-prod-admin\n    namespace: team"));
        Ask again = new Ask(PROD, "prod");
        again.expirySeconds = 600;
        save(again);

        Map<String, Object> config = saved();
        assertEquals(1, ((List<?>) config.get("users")).size(), "the same cluster twice is saved once");
        assertEquals(List.of("credential", PROD, "--expiry-seconds", "600"), exec(config, "do-nyc1-prod-admin").get("args"));
        assertEquals(Map.of("cluster", "do-nyc1-prod", "user", "do-nyc1-prod-admin", "namespace", "team"),
                entry(config, "contexts", "do-nyc1-prod").get("context"));
    }

    @Test
    void theTokensContextApiUrlAndDoctlConfigGoIntoTheEntry() {
        Ask ask = new Ask("prod");
        ask.context = "work";
        ask.apiUrl = "http://127.0.0.1:8080";
        ask.doctlConfig = "/etc/doctl/config.yaml";
        save(ask);

        assertEquals(List.of("credential", PROD, "--context", "work", "--api-url", "http://127.0.0.1:8080",
                        "--doctl-config", "/etc/doctl/config.yaml"), exec(saved(), "do-nyc1-prod-admin").get("args"));
        assertEquals("open http://127.0.0.1:8080 work /etc/doctl/config.yaml", api.calls.get(0));
    }

    @Test
    void anApiErrorFailsTheCommandAndLeavesNoTrace() {
        api.apiFailure = DoksAuthException.failure("the DigitalOcean API answered 500");
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> save(new Ask(PROD)));
        assertEquals("the DigitalOcean API answered 500", e.getMessage());
        assertEquals(List.of(), kubeconfigs.locked);
        assertEquals(0, cacheFound);
        assertEquals("", out());
        assertTrue(api.closed);
    }

    @Test
    void withoutATokenNothingIsAskedOrWritten() {
        api.token = null;
        assertThrows(DoksAuthException.class, () -> save(new Ask("prod")));
        assertEquals(List.of(), kubeconfigs.locked);
        assertEquals(0, cacheFound);
    }

    @Test
    void aKubeconfigThatWouldBeRefusedIsRefusedBeforeTheApiIsAsked() {
        kubeconfigs.put(DEFAULT, "- a list, not a kubeconfig\n");
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> save(new Ask("prod")));
        assertTrue(e.getMessage().contains("is not a kubeconfig"), e.getMessage());
        assertEquals(List.of(), api.calls);
    }

    @Test
    void aCacheThatCannotBeWrittenIsAWarningTheEntryIsSaved() {
        cache.writeFails = cache.removeFails = new IOException("read-only file system");
        save(new Ask("prod"));
        assertEquals("doks-auth: warning: cannot cache the credential of prod in /fake/cache (IOException); "
                + "kubectl will fetch one\n", err());
        assertTrue(out().startsWith("Saved prod"), out());
        assertEquals(List.of("credential", PROD), exec(saved(), "do-nyc1-prod-admin").get("args"));
    }

    @Test
    void aKubercThatKeepsKubectlFromRunningTheLauncherIsAWarning() {
        kubeconfigs.kuberc = new Kuberc.Verdict(Kuberc.Outcome.REFUSES, Path.of("/home/u/.kube/kuberc"),
                "kuberc's credential plugin policy refuses " + LAUNCHER, null);
        save(new Ask("prod"));
        assertEquals("doks-auth: warning: kuberc's credential plugin policy refuses " + LAUNCHER + "\n", err());
        assertTrue(out().startsWith("Saved prod"), out());
    }

    @Test
    void everyCallRunsWithinTheOneDeadlineStartedOnce() {
        Ask ask = new Ask();
        ask.all = true;
        save(ask);
        assertEquals(1, deadlinesStarted);
        assertTrue(api.deadlines.stream().allMatch(d -> d == DEADLINE));
    }

    @Test
    void showPrintsWhatSaveWouldWriteAndTouchesNoFileNorTheCache() {
        useCase().show(new Ask(PROD).request());

        Map<String, Object> shown = yaml(out());
        assertEquals(List.of("credential", PROD), exec(shown, "do-nyc1-prod-admin").get("args"));
        assertEquals(Map.of("server", FakeClusterDirectory.server(PROD), "certificate-authority-data", "Q0E="),
                entry(shown, "clusters", "do-nyc1-prod").get("cluster"));
        assertEquals("do-nyc1-prod", shown.get("current-context"));
        assertEquals(List.of(), kubeconfigs.locked);
        assertEquals(0, cacheFound);
        assertEquals(1, deadlinesStarted);
    }

    @Test
    void showOfAnSsoClusterMintsNothing() {
        useCase().show(new Ask("staging").request());
        assertEquals("IfAvailable", exec(yaml(out()), "do-fra1-staging-admin").get("interactiveMode"));
        assertFalse(api.calls.stream().anyMatch(c -> c.startsWith("credentials")), api.calls.toString());
    }
}
