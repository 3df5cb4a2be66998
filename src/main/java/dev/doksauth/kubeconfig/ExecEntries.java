package dev.doksauth.kubeconfig;

import dev.doksauth.credential.ClusterId;
import dev.doksauth.credential.SsoProvider;
import dev.doksauth.credential.CredentialLine;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecConfigBuilder;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The kubeconfig exec entries doks-auth writes, and the ones it recognises: its own and doctl's. */
public final class ExecEntries {

    public static final String V1 = "client.authentication.k8s.io/v1";
    public static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";

    private ExecEntries() {
    }

    /**
     * What a token entry's {@code credential} needs besides the cluster: only what differs from the defaults.
     *
     * @param context       a doctl context other than default, or null
     * @param expirySeconds 0 for DigitalOcean's default
     * @param apiUrl        null for DigitalOcean's API
     * @param doctlConfig   doctl's config file, when not the usual one (save's --doctl-config, or carried over by migrate), or null
     */
    public record Options(String context, long expirySeconds, String apiUrl, String doctlConfig) {
        public Options(String context, long expirySeconds, String apiUrl) {
            this(context, expirySeconds, apiUrl, null);
        }
    }

    /**
     * An exec entry as it is written.
     *
     * @param env the {@code env} list carried over from the entry this one replaces, or null
     */
    public record Exec(String apiVersion, String command, List<String> args, String interactiveMode, String installHint,
                       Object env) {

        /** The {@code user:} body: an {@code AuthInfo} with this exec entry, through the one seam. */
        Node userNode() {
            ExecConfig exec = new ExecConfigBuilder().withApiVersion(apiVersion).withCommand(command).withArgs(args)
                    .withInteractiveMode(interactiveMode)
                    // client-go then tells us the cluster: how a cached token the cluster rejects is noticed and replaced.
                    .withProvideClusterInfo(Boolean.TRUE)
                    .withInstallHint(installHint).build();
            MappingNode user = KubeconfigModel.node(new AuthInfoBuilder().withExec(exec).build());
            if (env != null) {
                // The env list carried over as it was written (migrate): the node, not a copy through the model.
                KubeconfigYaml.put((MappingNode) KubeconfigYaml.get(user, "exec"), "env", KubeconfigYaml.of(env));
            }
            return user;
        }
    }

    /** An exec entry that runs {@code launcher credential CLUSTER_ID} with a DigitalOcean token; no secret in it. */
    public static Exec token(Path launcher, String clusterId, Options options, String apiVersion) {
        List<String> args = CredentialLine.token(clusterId, options.context(), options.expirySeconds(), options.apiUrl(),
                options.doctlConfig()).format();
        return new Exec(apiVersion, launcher.toString(), args, "Never", installHint(launcher), null);
    }

    /**
     * An exec entry that signs in through the cluster's identity provider: no DigitalOcean token, no secret.
     * {@code IfAvailable}: kubectl then gives the sign-in a terminal when there is one, where a redirect URL can
     * be pasted; without one it still runs.
     */
    public static Exec sso(Path launcher, String clusterId, SsoProvider sso, String apiVersion) {
        List<String> args = CredentialLine.sso(clusterId, sso.issuerUrl(), sso.clientId(),
                sso.localPort() == SsoProvider.DEFAULT_PORT ? null : sso.localPort()).format();
        return new Exec(apiVersion, launcher.toString(), args, "IfAvailable", installHint(launcher), null);
    }

    private static String installHint(Path launcher) {
        return "This cluster needs doks-auth at " + launcher + ": run ./install.sh from its repository.";
    }

    /**
     * A user's exec entry as read into Fabric8's {@link ExecConfig}: its command, arguments and env list (null when
     * it is not an exec entry).
     *
     * @param env       the env list's node, carried over as it is
     * @param envValues the env list's names and values
     */
    record Read(String apiVersion, String command, List<String> args, Node env, Map<String, String> envValues) {

        static Read of(Node userBody) {
            Node execNode = KubeconfigYaml.get(userBody, "exec");
            ExecConfig exec = execNode instanceof MappingNode ? KubeconfigModel.read(execNode, ExecConfig.class) : null;
            if (exec == null || exec.getCommand() == null) {
                return null;
            }
            List<String> args = new ArrayList<>();
            for (String arg : exec.getArgs()) {
                args.add(arg == null ? "" : arg);
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (ExecEnvVar variable : exec.getEnv()) {
                if (variable != null && variable.getName() != null && variable.getValue() != null) {
                    env.put(variable.getName(), variable.getValue());
                }
            }
            Node envNode = KubeconfigYaml.get(execNode, "env");
            return new Read(exec.getApiVersion(), exec.getCommand(), args,
                    envNode == null || KubeconfigYaml.isNull(envNode) ? null : envNode, env);
        }
    }

    /**
     * An entry doks-auth wrote: its launcher ({@code doks-auth} by name) runs {@code credential CLUSTER_ID}.
     *
     * @param line its command line, or null when {@code credential} would refuse it (then whose credential it
     *             holds cannot be told)
     */
    public record Ours(String clusterId, CredentialLine line, Map<String, String> env) {

        /** What selects a token entry's cache entry; null for an SSO entry, or one whose line cannot be read. */
        public Options identity() {
            if (line == null || line.isSso()) {
                return null;
            }
            long expiry;
            try {
                expiry = line.expirySeconds() == null ? 0 : Long.parseLong(line.expirySeconds());
            } catch (NumberFormatException e) {
                expiry = 0;
            }
            return new Options(line.context(), expiry, line.apiUrl(), line.doctlConfig());
        }
    }

    /**
     * Whether an exec entry runs doks-auth's {@code credential} command: its program is named {@code doks-auth}
     * (wherever it is installed) and its first argument is {@code credential}. The one test of "ours".
     */
    public static boolean isCredentialCommand(String command, List<String> args) {
        return command != null && args.size() >= 2 && baseName(command).equals("doks-auth")
                && args.get(0).equals(CredentialLine.COMMAND);
    }

    /** The cluster ID and command line of a doks-auth entry, if this user body is one. */
    static Optional<Ours> ours(Node userBody) {
        Read exec = Read.of(userBody);
        if (exec == null || !isCredentialCommand(exec.command(), exec.args()) || !ClusterId.isUuid(exec.args().get(1))) {
            return Optional.empty();
        }
        return Optional.of(new Ours(exec.args().get(1).toLowerCase(Locale.ROOT), CredentialLine.parse(exec.args()),
                exec.envValues()));
    }

    /** A doctl entry turned into a doks-auth one. */
    record FromDoctl(String clusterId, Exec exec, String doctlContext, boolean sso) {
    }

    private static final Set<String> DOCTL_SWITCHES = Set.of("--trace", "--verbose", "-v", "--interactive");
    private static final Set<String> DOCTL_HARMLESS_VALUES = Set.of("--version", "--output", "-o", "--http-retry-max",
            "--http-retry-wait-max", "--http-retry-wait-min");

    /**
     * The doks-auth entry for a doctl {@code kubernetes cluster kubeconfig exec-credential ... ID} entry, keeping
     * everything that selects the identity: {@code --context}, {@code --api-url}/{@code -u},
     * {@code --config}/{@code -c} (as {@code --doctl-config}), the SSO flags, the {@code env} list (which may hold
     * another account's token) and the apiVersion. Empty when the entry is not doctl's.
     *
     * @throws DoksAuthException when the entry has something that cannot be carried over: a token on the command
     *                           line (doks-auth writes no secret into a kubeconfig), or an option it does not know
     */
    static Optional<FromDoctl> fromDoctl(String userName, Node userBody, Path launcher) {
        Read exec = Read.of(userBody);
        if (exec == null) {
            return Optional.empty();
        }
        String command = baseName(exec.command());
        if (!(command.equals("doctl") || command.equals("doctl.exe")) || !exec.args().contains("exec-credential")) {
            return Optional.empty();
        }
        String clusterId = null;
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> args = exec.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (ClusterId.isUuid(arg)) {
                    clusterId = arg.toLowerCase(Locale.ROOT);
                }
                continue;
            }
            String name;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (!arg.startsWith("--") && arg.length() > 2) {
                name = arg.substring(0, 2); // pflag's -uVALUE
                value = arg.substring(2);
            } else {
                name = arg;
            }
            name = switch (name) {
                case "-t" -> "--access-token";
                case "-u" -> "--api-url";
                case "-c" -> "--config";
                default -> name;
            };
            if (name.equals("--access-token")) {
                throw DoksAuthException.failure("user " + Phrases.printable(userName) + " passes a DigitalOcean token on "
                        + "doctl's command line, and doks-auth writes no token into a kubeconfig: store it with 'doctl auth "
                        + "init --context NAME', put --context=NAME in its place, and migrate again; nothing was changed");
            }
            if (DOCTL_SWITCHES.contains(name)) {
                continue;
            }
            boolean known = DOCTL_HARMLESS_VALUES.contains(name) || Set.of("--context", "--api-url", "--config",
                    "--sso-issuer-url", "--sso-client-id", "--sso-local-server-port").contains(name);
            if (!known) {
                throw DoksAuthException.failure("user " + Phrases.printable(userName) + " runs doctl with the option "
                        + Phrases.printable(name) + ", which doks-auth cannot carry over; nothing was changed");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw DoksAuthException.failure("user " + Phrases.printable(userName) + " runs doctl with "
                            + Phrases.printable(name) + " and no value; nothing was changed");
                }
                value = args.get(++i);
            }
            flags.put(name, value);
        }
        if (clusterId == null) {
            return Optional.empty();
        }
        String apiVersion = V1.equals(exec.apiVersion()) ? V1 : V1BETA1;
        if (flags.containsKey("--sso-issuer-url") || flags.containsKey("--sso-client-id")) {
            int port = SsoProvider.DEFAULT_PORT;
            if (flags.containsKey("--sso-local-server-port")) {
                try {
                    port = Integer.parseInt(flags.get("--sso-local-server-port"));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            SsoProvider sso = SsoProvider.from(flags.get("--sso-issuer-url"), flags.get("--sso-client-id"), port,
                    "the doctl entry of user " + Phrases.printable(userName) + " (nothing was changed)");
            Exec ours = sso(launcher, clusterId, sso, apiVersion);
            return Optional.of(new FromDoctl(clusterId, withEnv(ours, exec.env()), null, true));
        }
        String context = flags.get("--context");
        boolean contextInEnv = exec.envValues().containsKey("DIGITALOCEAN_CONTEXT");
        // An explicit default context overrides DIGITALOCEAN_CONTEXT in doctl, and in doks-auth: keep it then.
        if (context != null && (context.isEmpty() || (context.equals("default") && !contextInEnv))) {
            context = null;
        }
        Options options = new Options(context, 0, flags.get("--api-url"), flags.get("--config"));
        Exec ours = token(launcher, clusterId, options, apiVersion);
        return Optional.of(new FromDoctl(clusterId, withEnv(ours, exec.env()), context, false));
    }

    private static Exec withEnv(Exec exec, Node env) {
        return new Exec(exec.apiVersion(), exec.command(), exec.args(), exec.interactiveMode(), exec.installHint(), env);
    }

    private static String baseName(String command) {
        String name = command.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }
}
