package dev.doksauth.cli;

import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.core.EditKubeconfig;
import dev.doksauth.core.SaveKubeconfig;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.KubeconfigDisk;
import dev.doksauth.report.Verbose;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one place the kubeconfig use cases are wired: the DigitalOcean API and token resolver, the kubeconfig
 * files, the credential cache and the deadline, all found through the command's environment, and its output.
 */
record KubeconfigWiring(Map<String, String> env, PrintStream out, PrintStream err, Verbose verbose) {

    /** {@code save} and {@code show}, whose entries run {@code launcher}. */
    SaveKubeconfig saveKubeconfig(Path launcher) {
        return new SaveKubeconfig(new ApiClusterDirectory(env, verbose), new KubeconfigDisk(env),
                () -> new CredentialCache(CacheLocation.find(env)), () -> Deadline.fromEnvironment(env), launcher,
                out, err, verbose);
    }

    /** {@code remove} and {@code migrate}. */
    EditKubeconfig editKubeconfig() {
        return new EditKubeconfig(new ApiClusterDirectory(env, verbose), new KubeconfigDisk(env),
                () -> new CredentialCache(CacheLocation.find(env)), () -> Deadline.fromEnvironment(env), out, err, verbose);
    }
}
