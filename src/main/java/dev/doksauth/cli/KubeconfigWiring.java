package dev.doksauth.cli;

import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.core.EditKubeconfig;
import dev.doksauth.core.KubeconfigPorts;
import dev.doksauth.core.SaveKubeconfig;
import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.KubeconfigDisk;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one place the kubeconfig use cases are wired: the DigitalOcean API and token resolver, the kubeconfig
 * files, the credential cache and the deadline, all found through the command's environment, and its output.
 * The cache and the deadline are found when the use case first asks (a relative {@code DOKS_AUTH_CACHE_DIR}
 * or a bad {@code DOKS_AUTH_TIMEOUT} is refused at the same step as ever).
 */
record KubeconfigWiring(CommandContext context) {

    /** {@code save} and {@code show}, whose entries run {@code launcher}. */
    SaveKubeconfig saveKubeconfig(Path launcher) {
        return new SaveKubeconfig(ports(), launcher);
    }

    /** {@code remove} and {@code migrate}. */
    EditKubeconfig editKubeconfig() {
        return new EditKubeconfig(ports());
    }

    private KubeconfigPorts ports() {
        Map<String, String> env = context.env();
        return new KubeconfigPorts(new ApiClusterDirectory(env, context.verbose()), new KubeconfigDisk(env),
                () -> new CredentialCache(CacheLocation.find(env)), () -> Deadline.fromEnvironment(env), context.out(),
                context.err(), context.verbose());
    }
}
