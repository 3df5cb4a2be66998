package dev.doksauth.core;

import dev.doksauth.api.Cluster;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.InMemoryKubeconfigs;
import dev.doksauth.kubeconfig.KubeconfigStore;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;
import dev.doksauth.testing.FakeCredentialStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.doksauth.core.FakeClusterDirectory.API;
import static dev.doksauth.core.FakeClusterDirectory.cluster;
import static dev.doksauth.core.FakeClusterDirectory.minted;
import static dev.doksauth.core.SaveKubeconfigTest.entry;
import static dev.doksauth.core.SaveKubeconfigTest.exec;
import static dev.doksauth.core.SaveKubeconfigTest.yaml;
import static dev.doksauth.kubeconfig.InMemoryKubeconfigs.DEFAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kubeconfig remove} and {@code migrate} through fakes: no disk, network or clock. */
class EditKubeconfigTest {

    static final String PROD = SaveKubeconfigTest.PROD;
    static final String STAGING = SaveKubeconfigTest.STAGING;
    static final Path LAUNCHER = SaveKubeconfigTest.LAUNCHER;
    static final Deadline DEADLINE = Deadline.in(Duration.ofSeconds(30), "the test");
    static final DoToken DEFAULT_TOKEN = new DoToken("dop_v1_default", "default", "context 'default'");
    static final DoToken WORK_TOKEN = new DoToken("dop_v1_work", "work", "context 'work'");

    final FakeClusterDirectory api = new FakeClusterDirectory();
    final InMemoryKubeconfigs kubeconfigs = new InMemoryKubeconfigs();
    final FakeCredentialStore cache = FakeCredentialStore.withoutLocks();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    int cacheFound;

    EditKubeconfigTest() {
        api.entryTokens.put("default", DEFAULT_TOKEN);
        api.entryTokens.put("work", WORK_TOKEN);
    }

    EditKubeconfig useCase() {
        return useCase(kubeconfigs.store());
    }

    EditKubeconfig useCase(KubeconfigStore store) {
        return new EditKubeconfig(new KubeconfigPorts(api, store, () -> {
            cacheFound++;
            return cache;
        }, () -> DEADLINE, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Verbose.off()));
    }

    void remove(String... clusters) {
        useCase().remove(new EditKubeconfig.Removal(List.of(clusters), null, null, null, null));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A kubeconfig with the entries save writes for prod (a token entry with {@code args}) and staging (SSO). */
    static String saved(String prodArgs) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: do-nyc1-prod, cluster: {server: 'https://prod.example'}}
                - {name: do-fra1-staging, cluster: {server: 'https://staging.example'}}
                - {name: mine, cluster: {server: 'https://mine.example'}}
                users:
                - name: do-nyc1-prod-admin
                  user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /opt/doks-auth/bin/doks-auth,
                    args: %s}}
                - name: do-fra1-staging-admin
                  user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /opt/doks-auth/bin/doks-auth,
                    args: [credential, %s, --sso-issuer-url, 'https://issuer.example', --sso-client-id, doks]}}
                - {name: mine, user: {token: mine}}
                contexts:
                - {name: do-nyc1-prod, context: {cluster: do-nyc1-prod, user: do-nyc1-prod-admin}}
                - {name: do-fra1-staging, context: {cluster: do-fra1-staging, user: do-fra1-staging-admin}}
                - {name: mine, context: {cluster: mine, user: mine}}
                current-context: do-nyc1-prod
                """.formatted(prodArgs, STAGING);
    }

    static final String PROD_ENTRY = saved("[credential, " + PROD + "]");

    Map<String, Object> config() {
        return yaml(kubeconfigs.text(DEFAULT));
    }

    @Test
    void removingWhatTheKubeconfigNamesNeedsNoTokenAndForgetsOnlyThatIdentitysCredential() {
        kubeconfigs.put(DEFAULT, PROD_ENTRY);
        api.token = null; // offline: no DigitalOcean token at all
        CacheKey ours = CacheKey.forDoToken(API, DEFAULT_TOKEN, PROD, 0);
        CacheKey otherIdentity = CacheKey.forDoToken(API, WORK_TOKEN, PROD, 0);
        cache.entries.put(ours, CacheEntry.of(minted(PROD, 0)));
        cache.entries.put(otherIdentity, CacheEntry.of(minted(PROD, 0)));

        remove("do-nyc1-prod");

        Map<String, Object> config = config();
        assertNull(entry(config, "users", "do-nyc1-prod-admin"));
        assertNull(entry(config, "contexts", "do-nyc1-prod"));
        assertNull(entry(config, "clusters", "do-nyc1-prod"));
        assertEquals(Map.of("token", "mine"), entry(config, "users", "mine").get("user"));
        assertTrue(entry(config, "users", "do-fra1-staging-admin") != null);
        assertEquals("", config.get("current-context"), "current-context named a removed context");
        assertEquals(Map.of(otherIdentity, CacheEntry.of(minted(PROD, 0))), cache.entries);
        assertEquals(List.of("key " + PROD), api.calls, "no token, no API call");
        assertEquals("Removed do-nyc1-prod (cluster " + PROD + ").\n", out());
        assertEquals("", err());
    }

    @Test
    void theCredentialForgottenIsTheOneTheEntrysOwnContextAndExpirySelect() {
        kubeconfigs.put(DEFAULT, saved("[credential, " + PROD + ", --context, work, --expiry-seconds, '600']"));
        CacheKey work = CacheKey.forDoToken(API, WORK_TOKEN, PROD, 600);
        CacheKey otherExpiry = CacheKey.forDoToken(API, WORK_TOKEN, PROD, 0);
        cache.entries.put(work, CacheEntry.of(minted(PROD, 600)));
        cache.entries.put(otherExpiry, CacheEntry.of(minted(PROD, 0)));

        remove(PROD);

        assertEquals(List.of(otherExpiry), List.copyOf(cache.entries.keySet()));
    }

    @Test
    void anSsoEntrysSignInIsLeftInTheCache() {
        kubeconfigs.put(DEFAULT, PROD_ENTRY);
        CacheKey signIn = CacheKey.forSso("https://issuer.example", "doks", "openid");
        cache.entries.put(signIn, CacheEntry.of(minted(STAGING, 0)));

        remove("do-fra1-staging");

        assertEquals(List.of(signIn), List.copyOf(cache.entries.keySet()));
        assertEquals(List.of(), api.calls, "no token needed to tell whose it is");
        assertEquals("Removed do-fra1-staging (cluster " + STAGING + ").\n", out());
        assertEquals("", err(), "nothing to warn of: the sign-in is the provider application's, kept on purpose");
        assertEquals("do-nyc1-prod", config().get("current-context"));
    }

    @Test
    void aCredentialWhoseTokenCannotBeFoundIsLeftWithAWarningTheEntryIsRemoved() {
        kubeconfigs.put(DEFAULT, saved("[credential, " + PROD + ", --context, gone]"));
        remove(PROD);
        assertNull(entry(config(), "users", "do-nyc1-prod-admin"));
        assertEquals("doks-auth: warning: the cached credential of cluster " + PROD + " (if any) was left in "
                + "/fake/cache: cannot tell whose it is; 'doks-auth cache clear " + PROD + "' removes it.\n", err());
    }

    @Test
    void anEntryCredentialWouldRefuseLeavesItsCredentialWithAWarning() {
        kubeconfigs.put(DEFAULT, saved("[credential, " + PROD + ", --no-such-option]"));
        remove(PROD);
        assertNull(entry(config(), "users", "do-nyc1-prod-admin"));
        assertTrue(err().contains("cannot tell whose it is"), err());
        assertEquals(List.of(), api.calls);
    }

    @Test
    void aCacheThatCannotBeChangedIsAWarning() {
        kubeconfigs.put(DEFAULT, PROD_ENTRY);
        cache.writeFails = cache.removeFails = new IOException("read-only file system");
        remove(PROD);
        assertNull(entry(config(), "users", "do-nyc1-prod-admin"));
        assertTrue(err().contains("cannot tell whose it is"), err());
    }

    @Test
    void aNameTheKubeconfigDoesNotKnowIsLookedUpInTheAccount() {
        kubeconfigs.put(DEFAULT, PROD_ENTRY);
        api.with(cluster(PROD, "renamed", "nyc1", Cluster.Sso.NONE));

        remove("renamed");

        assertEquals(List.of("open null null null", "list"), api.calls.subList(0, 2));
        assertEquals(List.of(DEADLINE), api.deadlines);
        assertTrue(api.closed);
        assertNull(entry(config(), "users", "do-nyc1-prod-admin"));
    }

    @Test
    void anEntryNotOursIsNeverRemovedNotEvenByItsName() {
        kubeconfigs.put(DEFAULT, PROD_ENTRY);
        api.token = null;
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> remove("mine"));
        assertTrue(e.getMessage().startsWith("no doks-auth entry of the kubeconfig goes by 'mine'"), e.getMessage());
        assertEquals(PROD_ENTRY, kubeconfigs.text(DEFAULT));
        assertEquals(0, cacheFound);
    }

    @Test
    void aClusterWithoutEntriesFailsTheCommandBeforeAnythingChanges() {
        kubeconfigs.put(DEFAULT, PROD_ENTRY);
        String unknown = "44444444-4444-4444-8444-444444444444";
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> remove(PROD, unknown));
        assertEquals("no doks-auth entry for cluster " + unknown + " in " + DEFAULT + "; nothing was removed", e.getMessage());
        assertEquals(List.of(), kubeconfigs.written);
        assertEquals(0, cacheFound);
        assertEquals("", out());
    }

    @Test
    void aMissingKubeconfigIsAFailureAndNothingIsCreated() {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> remove(PROD));
        assertEquals("the kubeconfig " + DEFAULT + " does not exist", e.getMessage());
        assertEquals(List.of(), kubeconfigs.locked);
        assertNull(kubeconfigs.text(DEFAULT));
    }

    @Test
    void removeEditsTheFileOfAKubeconfigListThatHasTheEntry() {
        Path first = Path.of("/work/a.yaml");
        Path second = Path.of("/work/b.yaml");
        kubeconfigs.put(first, "apiVersion: v1\nkind: Config\ncurrent-context: mine\n");
        kubeconfigs.put(second, PROD_ENTRY);
        useCase(kubeconfigs.store(first + ":" + second + ":/work/missing.yaml"))
                .remove(new EditKubeconfig.Removal(List.of("do-nyc1-prod"), null, null, null, null));
        assertEquals(List.of(first, second), kubeconfigs.locked, "existing files only, in list order");
        assertEquals(List.of(second), kubeconfigs.written);
        assertNull(entry(yaml(kubeconfigs.text(second)), "users", "do-nyc1-prod-admin"));
    }

    static String doctl(String args, String env) {
        return """
                apiVersion: v1
                kind: Config
                # doctl wrote this
                users:
                - name: do-nyc1-prod-admin
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: doctl
                      args: %s
                %s
                - {name: mine, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks]}}}
                """.formatted(args, env);
    }

    @Test
    void migrateRewritesDoctlsTokenEntryKeepingItsIdentityAndEnv() {
        kubeconfigs.put(DEFAULT, doctl("[kubernetes, cluster, kubeconfig, exec-credential, --version=v1beta1, "
                + "--context=work, " + PROD + "]", "      env: [{name: DIGITALOCEAN_CONTEXT, value: work}]"));

        useCase().migrate(null, LAUNCHER);

        Map<String, Object> exec = exec(config(), "do-nyc1-prod-admin");
        assertEquals(LAUNCHER.toString(), exec.get("command"));
        assertEquals(List.of("credential", PROD, "--context", "work"), exec.get("args"));
        assertEquals(ExecEntries.V1BETA1, exec.get("apiVersion"));
        assertEquals(List.of(Map.of("name", "DIGITALOCEAN_CONTEXT", "value", "work")), exec.get("env"));
        assertEquals(List.of("eks"), exec(config(), "mine").get("args"), "an entry not doctl's stays as it is");
        assertEquals("Migrated user do-nyc1-prod-admin (cluster " + PROD + ", doctl context work) from doctl to "
                + LAUNCHER + ".\n", out());
        assertEquals("doks-auth: warning: 1 comment of " + DEFAULT + " was dropped: the migrated file is written again "
                + "from its YAML, which keeps no comments.\n", err());
        assertEquals(0, cacheFound, "migrate leaves the cache alone");
        assertEquals(List.of(), api.calls, "and needs no token");
    }

    @Test
    void migrateRewritesDoctlsSsoEntry() {
        kubeconfigs.put(DEFAULT, doctl("[kubernetes, cluster, kubeconfig, exec-credential, " + PROD
                + ", --sso-issuer-url, 'https://issuer.example', --sso-client-id, doks]", ""));

        useCase().migrate(null, LAUNCHER);

        assertEquals(List.of("credential", PROD, "--sso-issuer-url", "https://issuer.example", "--sso-client-id", "doks"),
                exec(config(), "do-nyc1-prod-admin").get("args"));
        assertEquals("Migrated user do-nyc1-prod-admin (cluster " + PROD + ", SSO sign-in) from doctl to " + LAUNCHER
                + ".\n", out());
    }

    @Test
    void migrateWithNothingOfDoctlsWritesNothing() {
        kubeconfigs.put(DEFAULT, PROD_ENTRY);
        useCase().migrate(null, LAUNCHER);
        assertEquals("No doctl exec entries to migrate in " + DEFAULT + ".\n", out());
        assertEquals(List.of(), kubeconfigs.written);
        assertEquals("", err());
    }

    @Test
    void migrateOfAnEntryThatCannotBeCarriedOverChangesNothing() {
        String text = doctl("[kubernetes, cluster, kubeconfig, exec-credential, --access-token=dop_v1_x, " + PROD + "]", "");
        kubeconfigs.put(DEFAULT, text);
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> useCase().migrate(null, LAUNCHER));
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertTrue(!e.getMessage().contains("dop_v1_x"), "no secret in the message");
        assertEquals(text, kubeconfigs.text(DEFAULT));
    }

    @Test
    void migrateOfAMissingKubeconfigFails() {
        Path named = Path.of("/work/nosuch.yaml");
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> useCase().migrate(named.toString(), LAUNCHER));
        assertEquals("the kubeconfig " + named + " (--kubeconfig) does not exist", e.getMessage());
        assertEquals(List.of(), kubeconfigs.locked);
    }
}
