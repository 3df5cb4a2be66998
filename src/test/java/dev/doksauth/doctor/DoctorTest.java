package dev.doksauth.doctor;

import dev.doksauth.api.Cluster;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.credential.Credential;
import dev.doksauth.exec.ExecInfo;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigContexts;
import dev.doksauth.kubeconfig.Kuberc;
import dev.doksauth.rejection.RejectionCheck;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.sso.ProviderFacts;
import dev.doksauth.sso.SsoIdentity;
import dev.doksauth.token.DoToken;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks, their order, statuses and exit code, against fakes of every port: no disk, clock or network. */
class DoctorTest {

    static final String ID = "11111111-1111-4111-8111-111111111111";
    static final String SECRET = "dop_v1_doctor_test_secret";
    static final String CLUSTER_TOKEN = "doks-cached-cluster-token";
    static final Path LAUNCHER = Path.of("/opt/doks/bin/doks-auth");
    static final long NOW = 1_800_000_000_000L;
    static final String ISSUER = "https://id.example.com";

    /** A healthy token context by default; each test breaks one link. */
    static final class Fake implements DoctorPorts {
        List<String> args = new ArrayList<>(List.of("credential", ID));
        String apiVersion = ExecEntries.V1;
        String interactiveMode = "Never";
        String command = LAUNCHER.toString();
        boolean launcherThere = true;
        Kuberc.Verdict kuberc = new Kuberc.Verdict(Kuberc.Outcome.ADMITS, null, "no kuberc", null);
        DoksAuthException noToken;
        ApiAnswer api = new ApiAnswer(new Cluster(ID, "web", "fra1", "1.31", "running", "https://x"), 0L, null);
        CacheEntry cached = CacheEntry.of(Credential.ofToken(CLUSTER_TOKEN, NOW / 1000 - 3600, NOW / 1000 + 6 * 86_400));
        RejectionCheck.Answer clusterAnswer = new RejectionCheck.Answer(200, null);
        int clusterAsked;
        DoksAuthException providerFailure;
        ProviderFacts provider = new ProviderFacts(List.of("S256"), List.of("sub", "email", "team_role"), true, true);
        SignIn signIn = new SignIn(new SsoIdentity.Who(ISSUER, "doks", "u1", "ana@example.com", List.of("Owner"),
                NOW / 1000 + 3000, true), -1);
        CacheDirectoryState directory = new CacheDirectoryState(Path.of("/home/u/.cache/doks-auth"), true, "drwx------", null);

        DoksAuthException unreadableKubeconfig;
        boolean noKubeconfig;

        @Override
        public KubeconfigContexts kubeconfig() {
            if (unreadableKubeconfig != null) {
                throw unreadableKubeconfig;
            }
            if (noKubeconfig) {
                return new KubeconfigContexts(List.of(), List.of(Path.of("/home/u/.kube/config")), null, List.of(), Map.of());
            }
            KubeconfigContexts.Context context = new KubeconfigContexts.Context("do-fra1-web", "do-fra1-web",
                    "do-fra1-web-admin", new ExecInfo.Cluster("https://x.k8s.example", "Q0E=", null, false), true,
                    new KubeconfigContexts.Exec(apiVersion, command, args, interactiveMode, Map.of()));
            Map<String, KubeconfigContexts.Context> contexts = new LinkedHashMap<>();
            contexts.put(context.name(), context);
            return new KubeconfigContexts(List.of(Path.of("/home/u/.kube/config")), List.of(), "do-fra1-web",
                    List.of("do-fra1-web"), contexts);
        }

        @Override
        public Path lookPath(String command) {
            return launcherThere ? LAUNCHER : null;
        }

        @Override
        public boolean isExecutable(Path file) {
            return true;
        }

        @Override
        public Kuberc.Verdict kuberc(String command) {
            return kuberc;
        }

        @Override
        public CredentialRequest credentialArguments(List<String> args) {
            int issuer = args.indexOf("--sso-issuer-url");
            SsoOptions sso = issuer < 0 ? null : new SsoOptions(args.get(issuer + 1), "doks", 8080, "auto", 180, false);
            return new CredentialRequest(args.get(1), 0, null, null, null, null, false, false, sso);
        }

        @Override
        public String apiUrl(CredentialRequest request, Map<String, String> entryEnv) {
            return "https://api.example.com";
        }

        @Override
        public DoToken token(CredentialRequest request, Map<String, String> entryEnv) {
            if (noToken != null) {
                throw noToken;
            }
            return new DoToken(SECRET, null, "DIGITALOCEAN_ACCESS_TOKEN");
        }

        @Override
        public ApiAnswer cluster(String apiUrl, DoToken token, String clusterId, Map<String, String> entryEnv) {
            return api;
        }

        @Override
        public CacheEntry cached(CacheKey key) {
            return cached;
        }

        @Override
        public RejectionCheck.Answer askCluster(ExecInfo.Cluster cluster, String token) {
            clusterAsked++;
            return clusterAnswer;
        }

        @Override
        public ProviderFacts provider(String issuerUrl) {
            if (providerFailure != null) {
                throw providerFailure;
            }
            return provider;
        }

        @Override
        public SignIn signIn(SsoOptions options, String cluster) {
            return signIn;
        }

        @Override
        public CacheDirectoryState cacheDirectory() {
            return directory;
        }

        @Override
        public long nowMillis() {
            return NOW;
        }

        Fake sso() {
            args = new ArrayList<>(List.of("credential", ID, "--sso-issuer-url", ISSUER, "--sso-client-id", "doks"));
            interactiveMode = "IfAvailable";
            return this;
        }
    }

    private static Report run(Fake fake) {
        Report report = new Doctor(fake).run(null);
        for (Check check : report.checks()) {
            assertFalse((check.sentence() + check.toDo()).contains(SECRET), check.toString());
            assertFalse((check.sentence() + check.toDo()).contains(CLUSTER_TOKEN), check.toString());
            assertTrue(check.status() == Check.Status.OK || check.toDo() != null || check.status() == Check.Status.WARNING,
                    "a problem says what to do: " + check);
        }
        return report;
    }

    private static Check check(Report report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.checks()));
    }

    private static List<String> names(Report report) {
        return report.checks().stream().map(Check::name).toList();
    }

    @Test
    void aHealthyTokenContextIsOkLinkByLinkInOrder() {
        Fake fake = new Fake();
        Report report = run(fake);
        assertEquals(List.of("kubeconfig", "context", "cluster entry", "exec entry", "command", "exec version", "kuberc",
                "arguments", "token", "api", "cluster", "clock", "cached credential", "cluster accepts", "cache directory"),
                names(report));
        assertEquals(0, report.count(Check.Status.PROBLEM) + report.count(Check.Status.WARNING), report.checks().toString());
        assertEquals(0, report.exitCode());
        assertEquals("do-fra1-web", report.context());
        assertTrue(check(report, "token").sentence().contains("DIGITALOCEAN_ACCESS_TOKEN"));
        assertTrue(check(report, "cached credential").sentence().startsWith("fresh for 5 d 23 h"),
                check(report, "cached credential").sentence());
        assertEquals("0 problems, 0 warnings, 15 ok.", report.summary());
    }

    @Test
    void aCredentialTheClusterRejectsIsAProblemThatSaysWhy() {
        Fake fake = new Fake();
        fake.clusterAnswer = new RejectionCheck.Answer(401, null);
        Report report = run(fake);
        Check check = check(report, "cluster accepts");
        assertEquals(Check.Status.PROBLEM, check.status());
        assertTrue(check.sentence().contains("revoked") && check.sentence().contains("re-created"), check.sentence());
        assertTrue(check.toDo().contains("doks-auth cache clear " + ID), check.toDo());
        assertEquals(1, report.exitCode());
    }

    @Test
    void withoutACachedCredentialNothingIsMintedAndTheClusterIsNotAsked() {
        Fake fake = new Fake();
        fake.cached = null;
        Report report = run(fake);
        assertTrue(check(report, "cached credential").sentence().contains("none cached"));
        assertEquals(0, fake.clusterAsked);
        assertFalse(names(report).contains("cluster accepts"));
        assertEquals(0, report.exitCode());
    }

    @Test
    void aStaleCachedCredentialIsNotPresentedToTheCluster() {
        Fake fake = new Fake();
        fake.cached = CacheEntry.of(Credential.ofToken(CLUSTER_TOKEN, NOW / 1000 - 7200, NOW / 1000 - 10));
        Report report = run(fake);
        assertTrue(check(report, "cached credential").sentence().startsWith("expired at"));
        assertEquals(0, fake.clusterAsked);
    }

    @Test
    void noTokenIsAProblemThatStopsTheApiChecks() {
        Fake fake = new Fake();
        fake.noToken = DoksAuthException.failure("no DigitalOcean API token found (looked in DIGITALOCEAN_ACCESS_TOKEN)");
        Report report = run(fake);
        assertEquals(Check.Status.PROBLEM, check(report, "token").status());
        assertFalse(names(report).contains("api"));
        assertEquals("cache directory", names(report).get(names(report).size() - 1));
        assertEquals(1, report.exitCode());
    }

    @Test
    void aTokenTheApiRefusesNamesItsSource() {
        Fake fake = new Fake();
        fake.api = new DoctorPorts.ApiAnswer(null, null, DoksAuthException.answered(401,
                "the DigitalOcean API answered 401 unauthorized for cluster " + ID + ": the DigitalOcean token from "
                + "DIGITALOCEAN_ACCESS_TOKEN is wrong or expired"));
        Report report = run(fake);
        Check token = check(report, "token");
        assertEquals(Check.Status.PROBLEM, token.status());
        assertTrue(token.sentence().contains("DIGITALOCEAN_ACCESS_TOKEN") && token.sentence().contains("401"), token.sentence());
        assertFalse(names(report).contains("api"));
        // kubectl is served from the cache all the same, while the cluster takes the cached credential
        assertEquals(Check.Status.OK, check(report, "cluster accepts").status());
    }

    @Test
    void anUnreachableApiIsAProblemAndTheTokenIsUnchecked() {
        Fake fake = new Fake();
        fake.api = new DoctorPorts.ApiAnswer(null, null, DoksAuthException.failure(
                "could not connect to the DigitalOcean API at https://api.example.com through the proxy p:3128"));
        Report report = run(fake);
        assertEquals(Check.Status.WARNING, check(report, "token").status());
        assertEquals(Check.Status.PROBLEM, check(report, "api").status());
        assertTrue(check(report, "api").sentence().contains("proxy"));
        assertEquals(1, fake.clusterAsked, "the cache and the cluster need no API");
    }

    @Test
    void aClusterMissingFromTheAccountIsAProblem() {
        Fake fake = new Fake();
        fake.api = new DoctorPorts.ApiAnswer(null, null, DoksAuthException.answered(404, "the DigitalOcean API answered 404"));
        Report report = run(fake);
        assertEquals(Check.Status.OK, check(report, "token").status());
        assertEquals(Check.Status.PROBLEM, check(report, "cluster").status());
        assertTrue(check(report, "cluster").sentence().contains(ID));
    }

    @Test
    void aClockFarFromTheApisIsAWarningOnly() {
        Fake fake = new Fake();
        fake.api = new DoctorPorts.ApiAnswer(fake.api.cluster(), -600L, null);
        Report report = run(fake);
        assertEquals(Check.Status.WARNING, check(report, "clock").status());
        assertTrue(check(report, "clock").sentence().contains("10 min behind"), check(report, "clock").sentence());
        assertEquals(0, report.exitCode());
    }

    @Test
    void aMovedLauncherIsAProblemThatSaysToSaveAgain() {
        Fake fake = new Fake();
        fake.launcherThere = false;
        Report report = run(fake);
        Check command = check(report, "command");
        assertEquals(Check.Status.PROBLEM, command.status());
        assertTrue(command.sentence().contains("does not exist"), command.sentence());
        assertTrue(command.toDo().contains("kubeconfig save"), command.toDo());
    }

    @Test
    void aKubercThatRefusesTheLauncherGivesTheLinesToAdd() {
        Fake fake = new Fake();
        fake.kuberc = new Kuberc.Verdict(Kuberc.Outcome.REFUSES, Path.of("/home/u/.kube/kuberc"),
                "kuberc sets credentialPluginPolicy: DenyAll", "credentialPluginPolicy: Allowlist\n"
                + "credentialPluginAllowlist:\n  - name: " + LAUNCHER + "\n");
        Report report = run(fake);
        Check kuberc = check(report, "kuberc");
        assertEquals(Check.Status.PROBLEM, kuberc.status());
        assertTrue(kuberc.toDo().contains("- name: " + LAUNCHER), kuberc.toDo());
    }

    @Test
    void anOpenCacheDirectoryIsAProblem() {
        Fake fake = new Fake();
        fake.directory = new DoctorPorts.CacheDirectoryState(Path.of("/tmp/c"), true, "drwxrwxrwx",
                "the cache directory /tmp/c is writable by others (rwxrwxrwx); run 'chmod 700 /tmp/c'");
        Report report = run(fake);
        assertEquals(Check.Status.PROBLEM, check(report, "cache directory").status());
        assertEquals(1, report.exitCode());
    }

    @Test
    void aV1EntryWithoutInteractiveModeIsAProblem() {
        Fake fake = new Fake();
        fake.interactiveMode = null;
        assertEquals(Check.Status.PROBLEM, check(run(fake), "exec version").status());
        fake.interactiveMode = "Never";
        fake.apiVersion = "client.authentication.k8s.io/v1alpha1";
        assertEquals(Check.Status.PROBLEM, check(run(fake), "exec version").status());
    }

    @Test
    void aDoctlEntryIsToldToMigrate() {
        Fake fake = new Fake();
        fake.command = "doctl";
        fake.args = new ArrayList<>(List.of("kubernetes", "cluster", "kubeconfig", "exec-credential", ID));
        Report report = run(fake);
        assertTrue(check(report, "exec entry").toDo().contains("kubeconfig migrate"));
        assertFalse(names(report).contains("token"));
    }

    @Test
    void anUnknownContextListsTheOnesThereAre() {
        Report report = new Doctor(new Fake()).run("nosuch");
        Check context = check(report, "context");
        assertEquals(Check.Status.PROBLEM, context.status());
        assertTrue(context.toDo().contains("do-fra1-web"));
        assertNull(report.context());
        assertEquals(List.of("kubeconfig", "context", "cache directory"), names(report));
    }

    @Test
    void noKubeconfigOrOneKubectlCannotReadStopsAtOnce() {
        Fake fake = new Fake();
        fake.noKubeconfig = true;
        Report none = run(fake);
        assertEquals(List.of("kubeconfig", "cache directory"), names(none));
        assertTrue(check(none, "kubeconfig").toDo().contains("kubeconfig save"));
        fake.noKubeconfig = false;
        fake.unreadableKubeconfig = DoksAuthException.failure("the kubeconfig /home/u/.kube/config is not YAML");
        Report unreadable = run(fake);
        assertEquals(Check.Status.PROBLEM, check(unreadable, "kubeconfig").status());
        assertEquals(1, unreadable.exitCode());
    }

    @Test
    void aHealthySsoContext() {
        Fake fake = new Fake().sso();
        Report report = run(fake);
        assertEquals(List.of("kubeconfig", "context", "cluster entry", "exec entry", "command", "exec version", "kuberc",
                "arguments", "provider", "pkce", "claims", "refresh tokens", "device grant", "cached sign-in",
                "cache directory"), names(report));
        assertEquals(0, report.count(Check.Status.PROBLEM) + report.count(Check.Status.WARNING), report.checks().toString());
        assertTrue(check(report, "cached sign-in").sentence().contains("ana@example.com"));
    }

    @Test
    void aProviderWithoutPkceS256IsAProblem() {
        Fake fake = new Fake().sso();
        fake.provider = new ProviderFacts(List.of("plain"), null, false, false);
        Report report = run(fake);
        assertEquals(Check.Status.PROBLEM, check(report, "pkce").status());
        assertEquals(Check.Status.WARNING, check(report, "refresh tokens").status());
        assertEquals(1, report.exitCode());
    }

    @Test
    void claimsListedWithoutTeamRoleAreAWarning() {
        Fake fake = new Fake().sso();
        fake.provider = new ProviderFacts(List.of("S256"), List.of("sub", "email"), true, false);
        Check claims = check(run(fake), "claims");
        assertEquals(Check.Status.WARNING, claims.status());
        assertTrue(claims.sentence().contains("team_role"));
    }

    @Test
    void anUnreachableProviderIsAProblem() {
        Fake fake = new Fake().sso();
        fake.providerFailure = DoksAuthException.failure("cannot reach the identity provider " + ISSUER
                + " to fetch its discovery document: connection refused");
        Report report = run(fake);
        assertEquals(Check.Status.PROBLEM, check(report, "provider").status());
        assertFalse(names(report).contains("pkce"));
    }

    @Test
    void anAbandonedSignInIsAProblemAndNoSignInAWarning() {
        Fake fake = new Fake().sso();
        fake.signIn = new DoctorPorts.SignIn(null, 42);
        Report report = run(fake);
        assertEquals(Check.Status.PROBLEM, check(report, "abandoned sign-in").status());
        assertTrue(check(report, "abandoned sign-in").toDo().contains("doks-auth sso login do-fra1-web"));
        assertEquals(Check.Status.WARNING, check(report, "cached sign-in").status());
    }

    @Test
    void durationsAndTimes() {
        assertEquals("6 d 23 h", Doctor.duration(6 * 86_400 + 23 * 3600 + 59));
        assertEquals("2 h 5 min", Doctor.duration(2 * 3600 + 5 * 60));
        assertEquals("59 min", Doctor.duration(3599));
        assertEquals("0 s", Doctor.duration(-3));
        assertEquals("2027-01-15T08:00:00Z", Doctor.at(1_800_000_000));
    }

    @Test
    void jsonHasEveryCheckAndTheSummary() throws Exception {
        Fake fake = new Fake();
        fake.clusterAnswer = new RejectionCheck.Answer(401, null);
        String json = JsonReport.render(run(fake));
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals("do-fra1-web", tree.get("context").asText());
        assertEquals(15, tree.get("checks").size());
        assertEquals(1, tree.get("summary").get("problems").asInt());
        assertEquals(1, tree.get("exitCode").asInt());
        assertEquals("problem", tree.get("checks").get(13).get("status").asText());
        assertTrue(tree.get("checks").get(13).has("todo"));
        assertFalse(tree.get("checks").get(0).has("todo"));
    }
}
