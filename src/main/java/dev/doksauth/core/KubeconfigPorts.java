package dev.doksauth.core;

import dev.doksauth.cache.CredentialStore;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.KubeconfigStore;
import dev.doksauth.report.Verbose;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * What the kubeconfig use cases ({@link SaveKubeconfig}, {@link EditKubeconfig}) ask of the world. In production
 * {@code cli.KubeconfigWiring} puts them together; the use-case tests give fakes.
 *
 * @param directory   the DigitalOcean account: clusters, server and CA, which token an entry uses
 * @param kubeconfigs the kubeconfig files: which, their doks-auth entries, edits under their locks
 * @param cache       the credential cache, found when first needed (after the kubeconfig is written)
 * @param deadline    the command's time budget, starting when asked for
 * @param out         what the command says it did
 * @param err         warnings
 * @param verbose     what {@code -v} shows
 */
public record KubeconfigPorts(ClusterDirectory directory, KubeconfigStore kubeconfigs, Supplier<CredentialStore> cache,
                              Supplier<Deadline> deadline, PrintStream out, PrintStream err, Verbose verbose) {
}
