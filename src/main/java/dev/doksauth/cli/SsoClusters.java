package dev.doksauth.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.doksauth.core.CredentialRequest;
import dev.doksauth.core.SsoOptions;
import dev.doksauth.kubeconfig.KubeconfigFiles;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 *
 * <p>Only reads, as kubectl does (files are replaced atomically, so no lock), and only the few fields it needs:
 * an entry's arguments are read by {@link CredentialArguments}, exactly as kubectl's run of them would be.
 */
final class SsoClusters {

    /** One SSO exec entry: the cluster it serves, the names it goes by, and the options it runs {@code credential} with. */
    record Entry(String clusterId, List<String> names, SsoOptions options) {
    }

    static final long MAX_SIZE = 16L << 20;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SsoClusters() {
    }

    /** Every doks-auth SSO entry of the kubeconfig files kubectl would read; a file that cannot be read has none. */
    static List<Entry> inKubeconfig(Map<String, String> env) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : KubeconfigFiles.resolve(null, env).files()) {
            try {
                if (Files.size(file) <= MAX_SIZE) {
                    entries.addAll(entries(YAML.readTree(Files.readAllBytes(file))));
                }
            } catch (NoSuchFileException e) {
                // kubectl skips a missing file of the list, and so do we
            } catch (JacksonException e) {
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

    static List<Entry> entries(JsonNode config) {
        List<Entry> entries = new ArrayList<>();
        if (config == null) {
            return entries;
        }
        for (JsonNode user : config.path("users")) {
            JsonNode exec = user.path("user").path("exec");
            entry(exec, names(config, user.path("name").asText(null))).ifPresent(entries::add);
        }
        return entries;
    }

    /** The contexts that use this user, and their cluster entries' names. */
    private static List<String> names(JsonNode config, String userName) {
        List<String> names = new ArrayList<>();
        for (JsonNode context : config.path("contexts")) {
            if (userName != null && userName.equals(context.path("context").path("user").asText(null))) {
                addText(names, context.path("name"));
                addText(names, context.path("context").path("cluster"));
            }
        }
        return names;
    }

    private static void addText(List<String> names, JsonNode node) {
        if (node.isTextual()) {
            names.add(node.asText());
        }
    }

    static Optional<Entry> entry(JsonNode exec, List<String> names) {
        JsonNode command = exec.path("command");
        JsonNode argsNode = exec.path("args");
        if (!command.isTextual() || !argsNode.isArray() || argsNode.size() < 2) {
            return Optional.empty();
        }
        String program = Path.of(command.asText().replace('\\', '/')).getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> args = new ArrayList<>();
        argsNode.forEach(arg -> args.add(arg.asText()));
        if (!program.startsWith("doks-auth") || !args.get(0).equals("credential")) {
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
