package dev.doksauth.core;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.api.Cluster;
import dev.doksauth.api.ClusterAccess;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CredentialStore;
import dev.doksauth.credential.Credential;
import dev.doksauth.credential.SsoProvider;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigEdits;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.kubeconfig.Kubeconfigs;
import dev.doksauth.kubeconfig.Kuberc;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.token.DoToken;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubeconfig save} and {@code kubeconfig show}: for each cluster, read it (its SSO settings), fetch its
 * server and CA, build the entries; {@code save} caches the token credential (so the first kubectl command is a
 * cache hit) and writes the entries, {@code show} prints them. It decides through {@link KubeconfigPorts}: the
 * DigitalOcean account, the kubeconfig files, the credential cache, the deadline, the output.
 */
public final class SaveKubeconfig {

    /** Which exec entry to write: null in a request means the cluster's default (SSO when it has SSO enabled). */
    public enum Type { TOKEN, SSO }

    /**
     * @param type        null for the cluster's default
     * @param ssoPort     {@code --sso-local-server-port}
     */
    public record Request(List<String> clusters, boolean all, String kubeconfig, String context, String doctlConfig,
                          long expirySeconds,
                          String alias, boolean setCurrentContext, String execApiVersion, String apiUrl, Type type,
                          int ssoPort) {
    }

    /** One cluster's entries, and the credential to cache with them (token entries only). */
    private record Planned(Cluster cluster, KubeconfigEdits.ClusterEntry entry, ExecEntries.Exec exec, Type type,
                           CacheKey cacheKey, Credential credential) {
    }

    private final KubeconfigPorts ports;
    private final Path launcher;

    /** @param launcher the installed launcher, which the entries run */
    public SaveKubeconfig(KubeconfigPorts ports, Path launcher) {
        this.ports = ports;
        this.launcher = launcher;
    }

    /**
     * {@code kubeconfig save}: refuses a bad request or kubeconfig before anything is fetched; writes the entries,
     * then caches the token entries' credentials (after the kubeconfig is written: a command that fails leaves
     * no trace), then says what it saved; warns when kuberc would keep kubectl from running the launcher.
     */
    public void save(Request request) {
        if (request.all() && !request.clusters().isEmpty()) {
            throw DoksAuthException.usage("name clusters or use --all, not both");
        }
        if (!request.all() && request.clusters().isEmpty()) {
            throw DoksAuthException.usage("name a cluster or use --all");
        }
        if (request.alias() != null && (request.all() || request.clusters().size() != 1)) {
            throw DoksAuthException.usage("--alias names one context: save one cluster with it");
        }
        Deadline until = ports.deadline().get();
        KubeconfigFiles files = ports.kubeconfigs().files(request.kubeconfig());
        ports.kubeconfigs().checkReadable(files);
        ports.verbose().log("kubeconfig " + files.files() + "; new entries go to " + files.defaultFile());
        List<Planned> plan = plan(request, until);

        List<String> contexts = ports.kubeconfigs().edit(files, true, until, edited -> write(edited, plan, request));
        CredentialStore store = ports.cache().get();
        for (Planned planned : plan) {
            if (planned.credential() == null) {
                continue; // an SSO entry: its credential comes from signing in, at the first kubectl command
            }
            try {
                store.write(planned.cacheKey(), CacheEntry.of(planned.credential()));
            } catch (IOException e) {
                ports.err().println("doks-auth: warning: cannot cache the credential of "
                        + Phrases.printable(planned.cluster().name()) + " in " + store.directory() + " (" + e.getClass().getSimpleName() + "); kubectl will fetch one");
            }
        }

        for (int i = 0; i < plan.size(); i++) {
            Planned planned = plan.get(i);
            ports.out().println("Saved " + Phrases.printable(planned.cluster().name()) + " (" + planned.cluster().id()
                    + ") as context " + Phrases.printable(contexts.get(i)) + " in " + files.defaultFile()
                    + (planned.type() == Type.SSO ? ", signing in through " + Phrases.printable(
                    planned.cluster().sso().issuerUrl()) + " at the first kubectl command" : "") + ".");
        }
        if (request.setCurrentContext()) {
            ports.out().println("Current context: " + Phrases.printable(contexts.get(contexts.size() - 1)) + ".");
        }
        // Saved all the same: the entry is right, and kuberc is the user's to change.
        Kuberc.Verdict kuberc = ports.kubeconfigs().kuberc(launcher.toString());
        if (kuberc.outcome() != Kuberc.Outcome.ADMITS) {
            ports.err().println("doks-auth: warning: " + kuberc.advice());
        }
    }

    /**
     * {@code kubeconfig show}: prints a kubeconfig with the entries {@code save} would write for one cluster. It
     * touches no file, the cache included: the credential fetched for the server and CA is not stored.
     */
    public void show(Request request) {
        List<Planned> plan = plan(request, ports.deadline().get());
        Kubeconfigs kubeconfig = Kubeconfigs.inMemory();
        write(kubeconfig, plan, request);
        ports.out().print(kubeconfig.render());
    }

    private static List<String> write(Kubeconfigs kubeconfigs, List<Planned> plan, Request request) {
        List<String> saved = new ArrayList<>();
        for (Planned planned : plan) {
            saved.add(KubeconfigEdits.save(kubeconfigs, planned.entry(), planned.exec(), request.alias()));
        }
        if (request.setCurrentContext()) {
            KubeconfigEdits.setCurrentContext(kubeconfigs, saved.get(saved.size() - 1));
        }
        return saved;
    }

    /**
     * Reads the clusters, decides each one's entry type (refusing a token entry for a cluster that requires SSO
     * before anything is fetched), then fetches servers and CAs.
     */
    private List<Planned> plan(Request request, Deadline until) {
        try (ClusterDirectory.Session api = ports.directory().open(request.apiUrl(), request.context(),
                request.doctlConfig())) {
            String apiUrl = api.apiUrl();
            DoToken token = api.token();
            // The entry reads the token from the same file: a --doctl-config kubectl's credential could not see would
            // make every kubectl command fail.
            ExecEntries.Options options = new ExecEntries.Options(token.namedContext(), request.expirySeconds(),
                    apiUrl.equals(ApiUrl.DEFAULT) ? null : apiUrl,
                    request.doctlConfig() == null ? null : Path.of(request.doctlConfig()).toAbsolutePath().toString());
            ports.verbose().log("API " + apiUrl + ", token from " + token.source() + ", launcher " + launcher);
            List<Cluster> clusters = ClusterTargets.resolve(request.clusters(), request.all(), api, until);
            List<Type> types = new ArrayList<>();
            List<SsoProvider> ssos = new ArrayList<>();
            for (Cluster cluster : clusters) {
                Type type = typeOf(cluster, request.type());
                types.add(type);
                ssos.add(type == Type.SSO ? sso(cluster, request.ssoPort()) : null);
            }
            List<Planned> plan = new ArrayList<>();
            for (int i = 0; i < clusters.size(); i++) {
                Cluster cluster = clusters.get(i);
                Type type = types.get(i);
                long expiry = type == Type.TOKEN ? request.expirySeconds() : 0;
                ClusterAccess access = type == Type.SSO ? api.ssoAccess(cluster.id(), until)
                        : api.access(cluster.id(), expiry, until);
                KubeconfigEdits.ClusterEntry entry = new KubeconfigEdits.ClusterEntry(cluster.id(), cluster.name(),
                        cluster.region(), access.server(), access.certificateAuthorityData());
                ExecEntries.Exec exec = type == Type.SSO
                        ? ExecEntries.sso(launcher, cluster.id(), ssos.get(i), request.execApiVersion())
                        : ExecEntries.token(launcher, cluster.id(), options, request.execApiVersion());
                plan.add(type == Type.SSO
                        ? new Planned(cluster, entry, exec, type, null, null)
                        : new Planned(cluster, entry, exec, type, CacheKey.forDoToken(apiUrl, token, cluster.id(), expiry),
                        access.credential()));
            }
            return plan;
        }
    }

    private static Type typeOf(Cluster cluster, Type asked) {
        String which = Phrases.printable(cluster.name()) + " (" + cluster.id() + ")";
        if (asked == Type.TOKEN && cluster.sso().required()) {
            throw DoksAuthException.usage("cluster " + which + " requires SSO (sso.required): it refuses DigitalOcean "
                    + "tokens, so a token entry would never work; save it with --type sso or without --type");
        }
        if (asked == Type.SSO && !cluster.sso().enabled()) {
            throw DoksAuthException.usage("cluster " + which + " does not have SSO enabled; save it with --type token "
                    + "or without --type");
        }
        if (asked != null) {
            return asked;
        }
        return cluster.sso().enabled() ? Type.SSO : Type.TOKEN;
    }

    private static SsoProvider sso(Cluster cluster, int port) {
        return SsoProvider.from(cluster.sso().issuerUrl(), cluster.sso().clientId(), port,
                "the SSO settings of cluster " + cluster.id() + " in the DigitalOcean API's answer (nothing was written)");
    }
}
