package dev.doksauth.cli;

import dev.doksauth.core.ClusterTargets;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.KubeconfigDisk;
import dev.doksauth.kubeconfig.KubeconfigStore;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The options of a command whose CLUSTER arguments the kubeconfig may not name ({@code kubeconfig remove},
 * {@code cache clear}): the API and the token that look names up in the account.
 */
final class ClusterLookupOptions {

    @Option(names = "--api-url", paramLabel = "URL", description = "DigitalOcean API base URL, to look names up.")
    String apiUrl;

    @CommandLine.Mixin
    TokenOptions token = new TokenOptions();

    /** The IDs of the clusters the arguments name. */
    List<String> ids(List<String> arguments, CommandContext context) {
        return lookUp(arguments, apiUrl, token, context).stream().map(ClusterTargets.Target::clusterId).toList();
    }

    /**
     * Each argument among the doks-auth entries of the kubeconfig files kubectl reads (no token, no network),
     * else through the API ({@link ClusterTargets}).
     */
    static List<ClusterTargets.Target> lookUp(List<String> arguments, String apiUrl, TokenOptions token,
                                              CommandContext context) {
        KubeconfigStore kubeconfigs = new KubeconfigDisk(context.env());
        return ClusterTargets.lookUp(arguments, kubeconfigs.doksAuthEntries(kubeconfigs.files(null)),
                ClusterTargets.listed(new ApiClusterDirectory(context.env(), context.verbose()), apiUrl, token.context,
                        token.doctlConfig, () -> Deadline.fromEnvironment(context.env()), context.verbose()),
                context.verbose());
    }
}
