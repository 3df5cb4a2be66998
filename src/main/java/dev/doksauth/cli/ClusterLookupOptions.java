package dev.doksauth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of a command whose CLUSTER arguments the kubeconfig may not name ({@code kubeconfig remove},
 * {@code cache clear}): the API and the token that look names up in the account.
 */
final class ClusterLookupOptions {

    @Option(names = "--api-url", paramLabel = "URL", description = "DigitalOcean API base URL, to look names up.")
    String apiUrl;

    @CommandLine.Mixin
    TokenOptions token = new TokenOptions();
}
