package dev.doksauth.core;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.api.Cluster;
import dev.doksauth.api.ClusterAccess;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.cache.CacheEntry;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigEdits;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.kubeconfig.Kubeconfigs;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kubeconfig save}: for each cluster, fetch its server, CA and a credential; cache the
 * credential (so the first kubectl command is a cache hit); write the entries.
 */
public final class SaveKubeconfig {

    public record Request(List<String> clusters, boolean all, String kubeconfig, String context, long expirySeconds,
                          String alias, boolean setCurrentContext, String execApiVersion, String apiUrl) {
    }

    private SaveKubeconfig() {
    }

    public static void run(Request request, Map<String, String> env, Path launcher, PrintStream out, PrintStream err) {
        if (request.alias() != null && (request.all() || request.clusters().size() != 1)) {
            throw DoksAuthException.usage("--alias names one context: save one cluster with it");
        }
        if (request.all() == !request.clusters().isEmpty()) {
            throw DoksAuthException.usage("name the clusters to save, or --all, not both");
        }
        String apiUrl = ApiUrl.resolve(request.apiUrl(), env);
        DoToken token = new TokenResolver(env).resolve(request.context(), null);
        Deadline deadline = Deadline.fromEnvironment(env);
        CredentialCache cache = new CredentialCache(CacheLocation.find(env));
        ExecEntries.Options options = new ExecEntries.Options(token.namedContext(), request.expirySeconds(),
                apiUrl.equals(ApiUrl.DEFAULT) ? null : apiUrl);

        List<Cluster> clusters;
        List<KubeconfigEdits.ClusterEntry> entries = new ArrayList<>();
        try (DigitalOceanClient client = new DigitalOceanClient(apiUrl, token, env, Verbose.off())) {
            clusters = ClusterTargets.resolve(request.clusters(), request.all(), client, deadline);
            for (Cluster cluster : clusters) {
                ClusterAccess access = client.access(cluster.id(), request.expirySeconds(), deadline);
                entries.add(new KubeconfigEdits.ClusterEntry(cluster.id(), cluster.name(), cluster.region(),
                        access.server(), access.certificateAuthorityData()));
                try {
                    cache.write(CacheKey.forDoToken(apiUrl, token, cluster.id(), request.expirySeconds()), CacheEntry.of(access.credential()));
                } catch (IOException e) {
                    err.println("doks-auth: warning: cannot cache the credential of " + cluster.name() + " in "
                            + cache.directory() + " (" + e.getClass().getSimpleName() + "); kubectl will fetch one");
                }
            }
        }

        KubeconfigFiles files = KubeconfigFiles.resolve(request.kubeconfig(), env);
        List<String> contexts = Kubeconfigs.edit(files, deadline, kubeconfigs -> {
            List<String> saved = new ArrayList<>();
            for (KubeconfigEdits.ClusterEntry entry : entries) {
                saved.add(KubeconfigEdits.save(kubeconfigs, entry,
                        ExecEntries.doksAuth(launcher, entry.id(), options, request.execApiVersion()), request.alias()));
            }
            if (request.setCurrentContext()) {
                kubeconfigs.setCurrentContext(saved.get(saved.size() - 1));
            }
            return saved;
        });
        for (int i = 0; i < entries.size(); i++) {
            out.println("Saved " + entries.get(i).name() + " (" + entries.get(i).id() + ") as context " + contexts.get(i)
                    + " in " + files.defaultFile() + ".");
        }
        if (request.setCurrentContext()) {
            out.println("Current context: " + contexts.get(contexts.size() - 1) + ".");
        }
    }
}
