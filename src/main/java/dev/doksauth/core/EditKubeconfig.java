package dev.doksauth.core;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigEdits;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.kubeconfig.Kubeconfigs;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** {@code kubeconfig remove} and {@code kubeconfig migrate}: they edit existing files and create none. */
public final class EditKubeconfig {

    private EditKubeconfig() {
    }

    /**
     * Removes the entries {@code save} wrote for each cluster, then the cached credential of each removed
     * entry's identity (and no other). A cluster without entries fails the command before anything changes.
     */
    public static void remove(List<String> clusters, String apiUrl, Supplier<DoToken> token, String kubeconfig,
                              Map<String, String> env, PrintStream out, PrintStream err, Verbose verbose) {
        KubeconfigFiles named = KubeconfigFiles.resolve(kubeconfig, env);
        verbose.log("kubeconfig " + named.files() + "; removing the entries of " + clusters);
        KubeconfigFiles files = named.existing();
        List<String> clusterIds = ClusterTargets.ids(clusters, files, apiUrl, token, env, verbose);
        Map<String, List<KubeconfigEdits.Removed>> removed = Kubeconfigs.edit(files, false, Deadline.fromEnvironment(env),
                kubeconfigs -> {
                    Map<String, List<KubeconfigEdits.Removed>> byCluster = new java.util.LinkedHashMap<>();
                    List<String> missing = new ArrayList<>();
                    for (String id : clusterIds) {
                        List<KubeconfigEdits.Removed> entries = KubeconfigEdits.remove(kubeconfigs, id);
                        if (entries.isEmpty()) {
                            missing.add(id);
                        }
                        byCluster.put(id, entries);
                    }
                    if (!missing.isEmpty()) {
                        throw DoksAuthException.failure("no doks-auth entry for cluster " + String.join(", ", missing)
                                + " in " + files.files().stream().map(Path::toString).collect(Collectors.joining(", "))
                                + "; nothing was removed");
                    }
                    return byCluster;
                });
        CredentialCache cache = new CredentialCache(CacheLocation.find(env));
        removed.forEach((id, entries) -> {
            List<String> names = new ArrayList<>();
            for (KubeconfigEdits.Removed entry : entries) {
                names.addAll(entry.names().stream().map(Phrases::printable).toList());
                forgetCredential(cache, entry.identity(), env, err);
            }
            out.println("Removed " + String.join(", ", names) + " (cluster " + id + ").");
        });
    }

    /** Deletes the cache entry of one removed token entry: its API URL, token identity, cluster and expiry. */
    private static void forgetCredential(CredentialCache cache, ExecEntries.Ours entry, Map<String, String> env,
                                         PrintStream err) {
        if (entry.line() != null && entry.line().isSso()) {
            return; // an SSO entry: its sign-in belongs to the identity provider's application, shared by clusters
        }
        ExecEntries.Options identity = entry.identity();
        // The entry runs with kubectl's environment plus its own env list: the same token and API it would use.
        Map<String, String> entryEnv = new HashMap<>(env);
        entryEnv.putAll(entry.env());
        try {
            if (identity == null) {
                throw DoksAuthException.failure("an entry credential would refuse");
            }
            DoToken token = new TokenResolver(entryEnv).resolve(identity.context(), identity.doctlConfig());
            String apiUrl = ApiUrl.resolve(identity.apiUrl(), entryEnv);
            cache.remove(CacheKey.forDoToken(apiUrl, token, entry.clusterId(), identity.expirySeconds()));
        } catch (DoksAuthException | IOException e) {
            err.println("doks-auth: warning: the cached credential of cluster " + entry.clusterId()
                    + " (if any) was left in " + cache.directory() + ": cannot tell whose it is; 'doks-auth cache clear "
                    + entry.clusterId() + "' removes it.");
        }
    }

    /** Rewrites doctl's exec entries (token and SSO) into doks-auth ones for the same cluster and identity. */
    public static void migrate(String kubeconfig, Map<String, String> env, Path launcher, PrintStream out,
                               PrintStream err, Verbose verbose) {
        KubeconfigFiles named = KubeconfigFiles.resolve(kubeconfig, env);
        verbose.log("kubeconfig " + named.files() + "; doctl entries become entries running " + launcher);
        KubeconfigFiles files = named.existing();
        Map<Path, Integer> commentsDropped = new java.util.LinkedHashMap<>();
        List<KubeconfigEdits.Migrated> migrated = Kubeconfigs.edit(files, false, Deadline.fromEnvironment(env),
                kubeconfigs -> {
                    List<KubeconfigEdits.Migrated> done = KubeconfigEdits.migrate(kubeconfigs, launcher);
                    commentsDropped.putAll(kubeconfigs.commentsDropped());
                    return done;
                });
        commentsDropped.forEach((file, count) -> err.println("doks-auth: warning: " + count + " comment"
                + (count == 1 ? "" : "s") + " of " + file + " " + (count == 1 ? "was" : "were")
                + " dropped: the migrated file is written again from its YAML, which keeps no comments."));
        if (migrated.isEmpty()) {
            out.println("No doctl exec entries to migrate in " + files.files().stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + ".");
        }
        for (KubeconfigEdits.Migrated m : migrated) {
            out.println("Migrated user " + Phrases.printable(m.user()) + " (cluster " + m.clusterId()
                    + (m.sso() ? ", SSO sign-in" : m.context() == null ? "" : ", doctl context " + Phrases.printable(m.context()))
                    + ") from doctl to " + launcher + ".");
        }
    }
}
