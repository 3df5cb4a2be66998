package dev.doksauth.cli;

import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.kubeconfig.KubeconfigFile;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SSO identities the kubeconfig's doks-auth entries name ({@code doks-auth credential ID --sso-issuer-url URL
 * --sso-client-id ID ...}), found by cluster ID, context name or cluster entry name ({@code do-REGION-NAME}):
 * the {@code sso} commands need no DigitalOcean token for a cluster the kubeconfig already has.
 */
final class SsoClusters {

    /** One SSO exec entry: the cluster it serves and the options it runs {@code credential} with. */
    record Entry(String clusterId, List<String> names, SsoOptions options) {
    }

    private SsoClusters() {
    }

    /** Every doks-auth SSO entry of the kubeconfig files kubectl would read. */
    static List<Entry> inKubeconfig(Map<String, String> env) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : KubeconfigFiles.resolve(null, env).files()) {
            entries.addAll(entries(KubeconfigFile.read(file)));
        }
        return entries;
    }

    /** The entry that {@code cluster} names (ID, context or cluster entry), or empty; several identities: an error. */
    static Optional<Entry> find(String cluster, List<Entry> entries) {
        List<Entry> matches = entries.stream()
                .filter(entry -> entry.clusterId().equalsIgnoreCase(cluster) || entry.names().contains(cluster))
                .collect(Collectors.toList());
        Map<String, Entry> identities = new LinkedHashMap<>();
        for (Entry entry : matches) {
            identities.putIfAbsent(entry.options().issuerUrl() + "\n" + entry.options().clientId(), entry);
        }
        if (identities.size() > 1) {
            throw DoksAuthException.usage("'" + Phrases.printable(cluster) + "' names kubeconfig entries of "
                    + identities.size() + " sign-ins (" + identities.values().stream()
                    .map(entry -> entry.options().issuerUrl() + " for " + entry.options().clientId())
                    .collect(Collectors.joining(", ")) + "); name one by its context");
        }
        return identities.values().stream().findFirst();
    }

    static List<Entry> entries(Config config) {
        List<Entry> entries = new ArrayList<>();
        if (config.getUsers() == null) {
            return entries;
        }
        for (NamedAuthInfo user : config.getUsers()) {
            ExecConfig exec = user.getUser() == null ? null : user.getUser().getExec();
            Optional<Entry> entry = entry(exec, names(config, user.getName()));
            entry.ifPresent(entries::add);
        }
        return entries;
    }

    /** The contexts that use this user, and their cluster entries' names. */
    private static List<String> names(Config config, String userName) {
        List<String> names = new ArrayList<>();
        if (config.getContexts() != null) {
            for (NamedContext context : config.getContexts()) {
                if (context.getContext() != null && userName != null && userName.equals(context.getContext().getUser())) {
                    names.add(context.getName());
                    if (context.getContext().getCluster() != null) {
                        names.add(context.getContext().getCluster());
                    }
                }
            }
        }
        return names;
    }

    static Optional<Entry> entry(ExecConfig exec, List<String> names) {
        if (exec == null || exec.getCommand() == null || exec.getArgs() == null || exec.getArgs().size() < 2) {
            return Optional.empty();
        }
        String command = Path.of(exec.getCommand().replace('\\', '/')).getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> args = exec.getArgs();
        if (!(command.equals("doks-auth") || command.equals("doks-auth.exe")) || !args.get(0).equals("credential")) {
            return Optional.empty();
        }
        try {
            // the entry's arguments read exactly as kubectl's run of them would be
            CredentialRequest request = CredentialArguments.parse(args.toArray(String[]::new));
            return request == null || request.sso() == null ? Optional.empty()
                    : Optional.of(new Entry(request.clusterId(), names, request.sso()));
        } catch (DoksAuthException e) {
            return Optional.empty(); // an entry credential itself would refuse: not one we can sign in for
        }
    }
}
