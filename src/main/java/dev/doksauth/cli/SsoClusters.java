package dev.doksauth.cli;

import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.kubeconfig.ExecEntries;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SSO identities the kubeconfig's doks-auth entries name ({@code doks-auth credential ID --sso-issuer-url URL
 * --sso-client-id ID ...}), found by cluster ID, context name or cluster entry name ({@code do-REGION-NAME}):
 * the {@code sso} commands need no DigitalOcean token for a cluster the kubeconfig already has.
 *
 * <p>Only reads, as kubectl does (files are replaced atomically, so no lock), and only the few fields it needs:
 * an entry's arguments are read by {@link CredentialArguments}, exactly as kubectl's run of them would be.
 */
final class SsoClusters {

    /** One SSO exec entry: the cluster it serves, the names it goes by, and the options it runs {@code credential} with. */
    record Entry(String clusterId, List<String> names, SsoOptions options) {
    }

    static final long MAX_SIZE = 16L << 20;

    private SsoClusters() {
    }

    /** Every doks-auth SSO entry of the kubeconfig files kubectl would read; a file that cannot be read has none. */
    static List<Entry> inKubeconfig(Map<String, String> env) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : KubeconfigFiles.resolve(null, env).files()) {
            try {
                if (Files.size(file) <= MAX_SIZE) {
                    // Plain maps, lists and scalars only (SafeConstructor): nothing in the file can choose a type.
                    Object config = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
                    entries.addAll(entries(config));
                }
            } catch (NoSuchFileException e) {
                // kubectl skips a missing file of the list, and so do we
            } catch (YAMLException | ClassCastException e) {
                throw DoksAuthException.failure("the kubeconfig " + file + " is not YAML kubectl can read");
            } catch (IOException e) {
                throw DoksAuthException.failure("cannot read the kubeconfig " + file + ": " + Phrases.describe(e));
            }
        }
        return entries;
    }

    /** The entry that {@code cluster} names (ID, context or cluster entry), or empty; several identities: an error. */
    static Optional<Entry> find(String cluster, List<Entry> entries) {
        Map<String, Entry> identities = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry.clusterId().equalsIgnoreCase(cluster) || entry.names().contains(cluster)) {
                identities.putIfAbsent(entry.options().issuerUrl() + "\n" + entry.options().clientId(), entry);
            }
        }
        if (identities.size() > 1) {
            throw DoksAuthException.usage("'" + Phrases.printable(cluster) + "' names kubeconfig entries of "
                    + identities.size() + " sign-ins (" + identities.values().stream()
                    .map(entry -> entry.options().issuerUrl() + " for " + entry.options().clientId())
                    .collect(Collectors.joining(", ")) + "); name one by its context");
        }
        return identities.values().stream().findFirst();
    }

    static List<Entry> entries(Object config) {
        List<Entry> entries = new ArrayList<>();
        for (Object user : list(field(config, "users"))) {
            Object exec = field(field(user, "user"), "exec");
            entry(exec, names(config, text(field(user, "name")))).ifPresent(entries::add);
        }
        return entries;
    }

    /** The contexts that use this user, and their cluster entries' names. */
    private static List<String> names(Object config, String userName) {
        List<String> names = new ArrayList<>();
        for (Object context : list(field(config, "contexts"))) {
            Object body = field(context, "context");
            if (userName != null && userName.equals(text(field(body, "user")))) {
                addText(names, field(context, "name"));
                addText(names, field(body, "cluster"));
            }
        }
        return names;
    }

    private static Object field(Object node, String name) {
        return node instanceof Map<?, ?> map ? map.get(name) : null;
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    private static String text(Object node) {
        return node instanceof String text ? text : null;
    }

    private static void addText(List<String> names, Object node) {
        if (node instanceof String text) {
            names.add(text);
        }
    }

    static Optional<Entry> entry(Object exec, List<String> names) {
        String command = text(field(exec, "command"));
        List<String> args = new ArrayList<>();
        for (Object arg : list(field(exec, "args"))) {
            args.add(arg == null ? "" : arg.toString());
        }
        if (!ExecEntries.isCredentialCommand(command, args)) {
            return Optional.empty();
        }
        try {
            CredentialRequest request = CredentialArguments.parse(args.toArray(String[]::new));
            return request == null || request.sso() == null ? Optional.empty()
                    : Optional.of(new Entry(request.clusterId(), names, request.sso()));
        } catch (DoksAuthException e) {
            return Optional.empty(); // an entry that credential itself would refuse: not one we can sign in for
        }
    }
}
