package dev.doksauth.doctor;

import dev.doksauth.api.Cluster;
import dev.doksauth.api.DigitalOceanClient;
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
import dev.doksauth.report.Phrases;
import dev.doksauth.sso.ProviderFacts;
import dev.doksauth.token.DoToken;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code doks-auth doctor}: walks one kubeconfig context as kubectl would, link by link (the kubeconfig, the
 * context, its user's exec entry and command, kuberc's policy, then the token, the API, the cluster, the cache and
 * the cluster's answer, or the identity provider and the sign-in, and the cache directory), and says of each
 * whether it holds. A link that fails stops the checks that need it; the cache directory is always checked.
 *
 * <p>It mints nothing: the API is asked about the cluster, not for a credential; a context with no cached
 * credential is told that the next kubectl command fetches one, and the cluster check is skipped. It signs in to
 * nothing and opens no browser.
 */
public final class Doctor {

    private static final Set<String> INTERACTIVE_MODES = Set.of("Never", "IfAvailable", "Always");

    private final DoctorPorts ports;
    private final List<Check> checks = new ArrayList<>();

    public Doctor(DoctorPorts ports) {
        this.ports = ports;
    }

    /** @param contextName the context to walk, or null for the current context */
    public Report run(String contextName) {
        String context = walk(contextName);
        cacheDirectory();
        return new Report(context, List.copyOf(checks));
    }

    /** @return the context walked, or null */
    private String walk(String contextName) {
        KubeconfigContexts kubeconfig;
        try {
            kubeconfig = ports.kubeconfig();
        } catch (DoksAuthException e) {
            problem("kubeconfig", e.getMessage(), "fix or remove that file; kubectl cannot read it either");
            return null;
        }
        if (kubeconfig.existing().isEmpty()) {
            problem("kubeconfig", "no kubeconfig file: " + paths(kubeconfig.missing()) + " does not exist",
                    "run 'doks-auth kubeconfig save CLUSTER' to write one, or set KUBECONFIG");
            return null;
        }
        ok("kubeconfig", paths(kubeconfig.existing()) + (kubeconfig.missing().isEmpty() ? ""
                : " (missing, skipped as kubectl skips them: " + paths(kubeconfig.missing()) + ")"));

        String name = contextName != null ? contextName : kubeconfig.currentContext();
        if (name == null) {
            problem("context", "no current-context is set", "name a context: 'doks-auth doctor CONTEXT' (the "
                    + "kubeconfig has " + names(kubeconfig.contextNames()) + "), or run 'kubectl config use-context CONTEXT'");
            return null;
        }
        KubeconfigContexts.Context context = kubeconfig.context(name).orElse(null);
        if (context == null) {
            problem("context", "there is no context " + quoted(name) + (contextName == null ? " (the current-context)" : ""),
                    "name one the kubeconfig has: " + names(kubeconfig.contextNames()));
            return null;
        }
        ok("context", quoted(name) + (contextName == null ? " (the current context)" : "") + ": cluster "
                + quoted(context.clusterName()) + ", user " + quoted(context.userName()));

        if (context.cluster() == null) {
            problem("cluster entry", "the context names cluster " + quoted(context.clusterName())
                    + ", which has no entry with a server", "run 'doks-auth kubeconfig save CLUSTER' again");
        } else {
            ok("cluster entry", "server " + Phrases.printable(context.cluster().server(), 200));
        }
        if (!context.userFound()) {
            problem("user", "the context names user " + quoted(context.userName()) + ", which has no entry",
                    "run 'doks-auth kubeconfig save CLUSTER' again");
            return name;
        }
        KubeconfigContexts.Exec exec = context.exec();
        if (exec == null) {
            warning("exec entry", "user " + quoted(context.userName()) + " has no exec entry: it does not run doks-auth, "
                    + "and doctor checks only doks-auth entries", "to use doks-auth, run 'doks-auth kubeconfig save CLUSTER'");
            return name;
        }
        String program = baseName(exec.command());
        if ((program.equals("doctl") || program.equals("doctl.exe")) && exec.args().contains("exec-credential")) {
            problem("exec entry", "user " + quoted(context.userName()) + " runs doctl, not doks-auth",
                    "run 'doks-auth kubeconfig migrate' to turn doctl's entries into doks-auth ones");
            return name;
        }
        if (!program.startsWith("doks-auth") || exec.args().isEmpty() || !exec.args().get(0).equals("credential")) {
            warning("exec entry", "user " + quoted(context.userName()) + " runs " + quoted(exec.command())
                    + ", not 'doks-auth credential'; doctor checks only doks-auth entries", null);
            return name;
        }
        ok("exec entry", "user " + quoted(context.userName()) + " runs doks-auth credential");

        command(exec);
        execVersion(exec);
        kuberc(exec);

        CredentialRequest request;
        try {
            request = ports.credentialArguments(exec.args());
        } catch (DoksAuthException e) {
            problem("arguments", "'doks-auth credential' refuses the entry's arguments: " + e.getMessage(),
                    "run 'doks-auth kubeconfig save CLUSTER' again to write a new entry");
            return name;
        }
        if (request == null) {
            problem("arguments", "the entry's arguments are not ones 'doks-auth credential' accepts",
                    "compare it with 'doks-auth kubeconfig show CLUSTER', or save it again");
            return name;
        }
        ok("arguments", "cluster " + request.clusterId() + (request.sso() != null
                ? ", signing in through " + Phrases.printable(request.sso().issuerUrl()) : ", with a DigitalOcean token"));

        if (request.sso() == null) {
            tokenEntry(request, context, exec.env());
        } else {
            ssoEntry(request.sso(), request.clusterId(), context, name);
        }
        return name;
    }

    /** The command kubectl runs: there, and executable. */
    private void command(KubeconfigContexts.Exec exec) {
        String command = exec.command();
        boolean bare = command.indexOf('/') < 0 && command.indexOf('\\') < 0;
        Path file = ports.lookPath(command);
        if (file == null) {
            problem("command", quoted(command) + (bare ? " is not found in PATH" : " does not exist (doks-auth was moved "
                    + "or uninstalled?)"), "install doks-auth again (./install.sh), then run 'doks-auth kubeconfig save "
                    + "CLUSTER' so that the entry names the launcher where it is now");
        } else if (!ports.isExecutable(file)) {
            problem("command", file + " is not executable", "run 'chmod +x " + file + "', or install doks-auth again");
        } else if (bare) {
            warning("command", quoted(command) + " is found in PATH at " + file + ", but programs started outside a "
                    + "shell (IDEs, dashboards) may have another PATH", "run 'doks-auth kubeconfig save CLUSTER' again: "
                    + "it writes the launcher's absolute path");
        } else {
            ok("command", file + " exists and is executable");
        }
    }

    /** apiVersion and interactiveMode as client-go requires them. */
    private void execVersion(KubeconfigContexts.Exec exec) {
        String version = exec.apiVersion();
        if (ExecEntries.V1.equals(version)) {
            if (exec.interactiveMode() == null || !INTERACTIVE_MODES.contains(exec.interactiveMode())) {
                problem("exec version", "the entry is " + ExecEntries.V1 + " without a valid interactiveMode ("
                        + (exec.interactiveMode() == null ? "none" : quoted(exec.interactiveMode())) + "), which kubectl "
                        + "refuses", "run 'doks-auth kubeconfig save CLUSTER' again (it writes interactiveMode: Never)");
            } else {
                ok("exec version", ExecEntries.V1 + ", interactiveMode " + exec.interactiveMode());
            }
        } else if (ExecEntries.V1BETA1.equals(version)) {
            ok("exec version", ExecEntries.V1BETA1 + " (what kubectl older than 1.22 needs; newer ones take it too)");
        } else {
            problem("exec version", "the entry's apiVersion is " + (version == null ? "missing" : quoted(version))
                    + "; kubectl takes " + ExecEntries.V1 + " or " + ExecEntries.V1BETA1,
                    "run 'doks-auth kubeconfig save CLUSTER' again");
        }
    }

    private void kuberc(KubeconfigContexts.Exec exec) {
        Kuberc.Verdict verdict = ports.kuberc(exec.command());
        switch (verdict.outcome()) {
            case ADMITS -> ok("kuberc", verdict.sentence());
            case REFUSES -> problem("kuberc", verdict.sentence() + " (kubectl 1.35 and newer)",
                    "put these lines into " + verdict.file() + ":\n" + verdict.snippet().stripTrailing());
            case BROKEN -> problem("kuberc", verdict.sentence(), verdict.snippet() == null
                    ? "fix " + verdict.file() + ", or move it away"
                    : "put these lines into " + verdict.file() + ":\n" + verdict.snippet().stripTrailing());
        }
    }

    private void tokenEntry(CredentialRequest request, KubeconfigContexts.Context context, Map<String, String> entryEnv) {
        String apiUrl;
        DoToken token;
        try {
            apiUrl = ports.apiUrl(request, entryEnv);
            token = ports.token(request, entryEnv);
        } catch (DoksAuthException e) {
            problem("token", e.getMessage(), "give doks-auth a DigitalOcean token: set DIGITALOCEAN_ACCESS_TOKEN, or run "
                    + "'doctl auth init'" + (request.context() == null ? "" : " --context "
                    + Phrases.printable(request.context())));
            return;
        }
        apiAndCluster(request, apiUrl, token, entryEnv);
        // The cache needs neither the API nor a token it accepts: kubectl is served from it all the same.
        CacheEntry cached;
        try {
            cached = ports.cached(CacheKey.forDoToken(apiUrl, token, request.clusterId(), request.expirySeconds()));
        } catch (DoksAuthException e) {
            warning("cached credential", "not read: the cache directory is refused", "see the cache directory below");
            return;
        }
        Credential credential = cached(cached, "credential", "the next kubectl command fetches one (doctor does not)");
        if (credential != null) {
            clusterAccepts(context, credential, "cache clear " + request.clusterId());
        }
    }

    /** What the API says of the token and the cluster, and its clock: nothing here mints a credential. */
    private void apiAndCluster(CredentialRequest request, String apiUrl, DoToken token, Map<String, String> entryEnv) {
        String source = Phrases.printable(token.source(), 300);
        DoctorPorts.ApiAnswer answer = ports.cluster(apiUrl, token, request.clusterId(), entryEnv);
        DoksAuthException failure = answer.failure();
        int status = failure == null ? 200 : failure.httpStatus();
        if (status == 401 || status == 403) {
            problem("token", failure.getMessage(),
                    status == 401 ? "replace the token in " + source + " with a valid one"
                            : "use a token with the kubernetes read scope");
            return;
        }
        if (status == 0) {
            warning("token", "from " + source + "; not checked: the API could not be reached", null);
            problem("api", failure.getMessage(), "check the network, HTTPS_PROXY/NO_PROXY and SSL_CERT_FILE, "
                    + "or --api-url in the entry");
            return;
        }
        ok("token", "from " + source + ", accepted by the API");
        if (status == 404) {
            ok("api", apiUrl + " answers");
            problem("cluster", "there is no cluster " + request.clusterId() + " in the account of the token from " + source,
                    "the cluster was deleted, or is in another account: use that account's token (doctl auth init "
                            + "--context NAME and --context in the entry), or save the cluster again");
            return;
        }
        if (failure != null) {
            problem("api", failure.getMessage(), "try again shortly; see status.digitalocean.com");
            return;
        }
        ok("api", apiUrl + " answers");
        Cluster cluster = answer.cluster();
        if (cluster.sso() != null && cluster.sso().required()) {
            problem("cluster", Phrases.printable(cluster.name()) + " (" + Phrases.printable(cluster.region())
                    + ") requires single sign-on, and this entry uses a DigitalOcean token",
                    "run 'doks-auth kubeconfig save " + cluster.id() + "' again: it writes a sign-in entry");
        } else {
            ok("cluster", Phrases.printable(cluster.name()) + " (" + Phrases.printable(cluster.region()) + ") "
                    + cluster.id() + " exists in this account" + (cluster.status() == null ? ""
                    : ", " + Phrases.printable(cluster.status())));
        }
        clock(answer.clockAheadSeconds());
    }

    private void clock(Long aheadSeconds) {
        if (aheadSeconds == null) {
            return;
        }
        long off = Math.abs(aheadSeconds);
        if (off > DigitalOceanClient.CLOCK_WARNING_SECONDS) {
            warning("clock", "this computer's clock is " + duration(off) + " " + (aheadSeconds > 0 ? "ahead of" : "behind")
                    + " DigitalOcean's; credentials are timed by DigitalOcean's clock, but tokens and other tools may fail",
                    "set the clock right (NTP)");
        } else {
            ok("clock", "within " + duration(Math.max(1, off)) + " of DigitalOcean's");
        }
    }

    /**
     * The cached credential or sign-in: fresh (for how long), stale, or none.
     *
     * @return the credential when it is fresh, for the cluster to be asked about it
     */
    private Credential cached(CacheEntry cached, String what, String whenNone) {
        String name = "cached " + what;
        long now = ports.nowMillis();
        if (cached == null) {
            ok(name, "none cached; " + whenNone);
            return null;
        }
        Credential credential = cached.credential();
        if (!credential.isFreshAt(now)) {
            ok(name, "expired at " + at(credential.freshUntil()) + "; the next kubectl command gets a new one");
            return null;
        }
        ok(name, "fresh for " + duration(credential.freshUntil() - now / 1000) + " (until " + at(credential.freshUntil()) + ")");
        return credential;
    }

    /** Asks the cluster whether it takes the cached token: a 401 means it was revoked or the cluster re-created. */
    private void clusterAccepts(KubeconfigContexts.Context context, Credential credential, String clearCommand) {
        if (context.cluster() == null || credential.token() == null) {
            return; // no server to ask, or a client certificate, which this check does not present
        }
        String server = Phrases.printable(context.cluster().server(), 200);
        RejectionCheck.Answer answer = ports.askCluster(context.cluster(), credential.token());
        if (answer.status() == 401) {
            problem("cluster accepts", "the cluster at " + server + " answers 401 Unauthorized to the cached credential: "
                    + "it was revoked, or the cluster was re-created", "run 'doks-auth " + clearCommand + "' to drop it now; "
                    + "else kubectl's next command fails once with Unauthorized, and doks-auth then replaces the credential");
        } else if (answer.status() > 0) {
            ok("cluster accepts", "the cluster at " + server + " takes the cached credential (answered " + answer.status() + ")");
        } else {
            warning("cluster accepts", "could not ask the cluster at " + server + ": " + answer.failure(),
                    "check the network to the cluster, and its CA in the kubeconfig");
        }
    }

    private void ssoEntry(SsoOptions sso, String clusterId, KubeconfigContexts.Context context, String contextName) {
        String issuer = Phrases.printable(sso.issuerUrl(), 300);
        ProviderFacts provider = null;
        try {
            provider = ports.provider(sso.issuerUrl());
            ok("provider", issuer + " answers its discovery, under its own issuer name");
        } catch (DoksAuthException e) {
            problem("provider", e.getMessage(), "check --sso-issuer-url in the entry, the network, HTTPS_PROXY and "
                    + "SSL_CERT_FILE; sign-ins fail until the provider answers");
        }
        if (provider != null) {
            providerOffers(provider, sso);
        }
        String login = "doks-auth sso login " + contextName;
        DoctorPorts.SignIn signIn;
        try {
            signIn = ports.signIn(sso, clusterId);
        } catch (DoksAuthException e) {
            warning("cached sign-in", "not read: the cache directory is refused", "see the cache directory below");
            return;
        }
        if (signIn.abandonedSecondsAgo() >= 0) {
            problem("abandoned sign-in", "a sign-in was left unfinished " + duration(Math.max(1, signIn.abandonedSecondsAgo()))
                    + " ago; kubectl commands run in the background fail at once for a few minutes",
                    "run '" + login + "'");
        }
        if (signIn.who() == null) {
            warning("cached sign-in", "not signed in: the next kubectl command signs in (a browser opens)",
                    "run '" + login + "' now");
            return;
        }
        long now = ports.nowMillis() / 1000;
        String who = signIn.who().email() != null ? signIn.who().email()
                : signIn.who().subject() != null ? "subject " + signIn.who().subject() : "someone without an email";
        String roles = signIn.who().teamRoles().isEmpty() ? "no team_role" : "roles " + String.join(", ", signIn.who().teamRoles());
        if (signIn.who().expiresAt() <= now) {
            warning("cached sign-in", "signed in as " + who + " (" + roles + "), expired at " + at(signIn.who().expiresAt())
                    + (signIn.who().refreshable() ? "; the next kubectl command refreshes it" : "; no refresh token"),
                    signIn.who().refreshable() ? null : "run '" + login + "' (the next kubectl command would open a browser)");
            return;
        }
        if (signIn.who().email() == null || signIn.who().teamRoles().isEmpty()) {
            warning("cached sign-in", "signed in as " + who + " (" + roles + ") until " + at(signIn.who().expiresAt())
                    + ", but DOKS authorises by the email and team_role claims", "have the provider application "
                    + "release the email and team_role claims, then run '" + login + "'");
        } else {
            ok("cached sign-in", "signed in as " + who + " (" + roles + ") until " + at(signIn.who().expiresAt()));
        }
    }

    /** What a sign-in needs of the provider, and what it can offer. */
    private void providerOffers(ProviderFacts provider, SsoOptions sso) {
        if (provider.pkceMethods() == null) {
            warning("pkce", "the provider does not list code_challenge_methods_supported; sign-ins send PKCE with "
                    + ProviderFacts.PKCE_METHOD + " and fail if it refuses it", null);
        } else if (provider.pkceMethods().contains(ProviderFacts.PKCE_METHOD)) {
            ok("pkce", "the provider offers PKCE with " + ProviderFacts.PKCE_METHOD);
        } else {
            problem("pkce", "the provider does not offer PKCE with " + ProviderFacts.PKCE_METHOD + " (it offers "
                    + (provider.pkceMethods().isEmpty() ? "none" : names(provider.pkceMethods()))
                    + "), which every doks-auth sign-in uses", "enable PKCE (S256) for the provider application");
        }
        if (provider.claims() == null) {
            ok("claims", "the provider does not list its claims; DOKS needs email and team_role");
        } else {
            List<String> missing = new ArrayList<>();
            for (String claim : List.of("email", "team_role")) {
                if (!provider.claims().contains(claim)) {
                    missing.add(claim);
                }
            }
            if (missing.isEmpty()) {
                ok("claims", "the provider lists the email and team_role claims");
            } else {
                warning("claims", "the provider's claims_supported lacks " + String.join(" and ", missing)
                        + ", which DOKS authorises by", "have the provider application release " + String.join(" and ", missing));
            }
        }
        if (sso.noRefresh()) {
            ok("refresh tokens", "not asked for (--sso-no-refresh): each expiry means a new sign-in");
        } else if (provider.offlineAccess()) {
            ok("refresh tokens", "offered (offline_access): an expired ID token is refreshed without a browser");
        } else {
            warning("refresh tokens", "not offered (no offline_access scope): each expiry of the ID token means a new "
                    + "sign-in in a browser", "offer offline_access in the provider application, if its policy allows");
        }
        ok("device grant", provider.deviceGrant() ? "offered: sign-ins work without a browser on this computer "
                + "(--sso-grant device)" : "not offered: sign-ins need a browser on this computer");
    }

    private void cacheDirectory() {
        DoctorPorts.CacheDirectoryState directory = ports.cacheDirectory();
        if (directory.problem() != null) {
            problem("cache directory", directory.problem(), "fix it as said, or set DOKS_AUTH_CACHE_DIR to a directory of "
                    + "your own; until then every kubectl command fails");
        } else if (!directory.exists()) {
            ok("cache directory", directory.path() + " does not exist yet; the first credential creates it (0700)");
        } else {
            ok("cache directory", directory.path() + " is yours and closed to others (" + directory.permissions() + ")");
        }
    }

    private void ok(String name, String sentence) {
        checks.add(Check.ok(name, sentence));
    }

    private void warning(String name, String sentence, String toDo) {
        checks.add(Check.warning(name, sentence, toDo));
    }

    private void problem(String name, String sentence, String toDo) {
        checks.add(Check.problem(name, sentence, toDo));
    }

    private static String quoted(String text) {
        return text == null ? "(none)" : "'" + Phrases.printable(text, 200) + "'";
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names.stream().map(n -> Phrases.printable(n, 200)).toList());
    }

    private static String paths(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }

    private static String baseName(String command) {
        String name = command.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    /** An epoch second as RFC 3339 UTC, to the second. */
    static String at(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "6 d 23 h", "59 min", "42 s": the two largest units. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        if (s >= 86_400) {
            return s / 86_400 + " d" + (s % 86_400 >= 3600 ? " " + s % 86_400 / 3600 + " h" : "");
        }
        if (s >= 3600) {
            return s / 3600 + " h" + (s % 3600 >= 60 ? " " + s % 3600 / 60 + " min" : "");
        }
        if (s >= 60) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
