package dev.doksauth.kubeconfig;

import dev.doksauth.credential.ClusterId;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.ExecConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kubeconfig exec entries doks-auth writes, and the ones it recognises: its own and doctl's. */
public final class ExecEntries {

    public static final String V1 = "client.authentication.k8s.io/v1";
    public static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";

    private ExecEntries() {
    }

    /**
     * What {@code credential} needs besides the cluster: only what differs from the defaults goes into the entry.
     *
     * @param context       a doctl context other than default, or null
     * @param expirySeconds 0 for DigitalOcean's default
     * @param apiUrl        null for DigitalOcean's API
     */
    public record Options(String context, long expirySeconds, String apiUrl) {
    }

    /** An exec entry that runs {@code launcher credential CLUSTER_ID}; no secret in it. */
    public static ExecConfig doksAuth(Path launcher, String clusterId, Options options, String apiVersion) {
        List<String> args = new ArrayList<>(List.of("credential", clusterId));
        if (options.context() != null) {
            args.addAll(List.of("--context", options.context()));
        }
        if (options.expirySeconds() > 0) {
            args.addAll(List.of("--expiry-seconds", Long.toString(options.expirySeconds())));
        }
        if (options.apiUrl() != null) {
            args.addAll(List.of("--api-url", options.apiUrl()));
        }
        ExecConfig exec = new ExecConfig();
        exec.setApiVersion(apiVersion);
        exec.setCommand(launcher.toString());
        exec.setArgs(args);
        exec.setInteractiveMode("Never");
        // client-go then tells us the cluster: how a cached token the cluster rejects is noticed and replaced.
        exec.setProvideClusterInfo(true);
        exec.setInstallHint("This cluster needs doks-auth at " + launcher + ": run ./install.sh from its repository.");
        return exec;
    }

    /** The cluster ID of a doks-auth entry ({@code doks-auth credential ID ...}), if this is one. */
    public static Optional<String> doksAuthClusterId(AuthInfo user) {
        ExecConfig exec = user == null ? null : user.getExec();
        if (exec == null || exec.getCommand() == null || exec.getArgs() == null || exec.getArgs().size() < 2) {
            return Optional.empty();
        }
        if (!baseName(exec.getCommand()).equals("doks-auth") || !exec.getArgs().get(0).equals("credential")
                || !ClusterId.isUuid(exec.getArgs().get(1))) {
            return Optional.empty();
        }
        return Optional.of(exec.getArgs().get(1).toLowerCase(Locale.ROOT));
    }

    /** A doctl entry: {@code doctl kubernetes cluster kubeconfig exec-credential [--context=CTX] ID}. */
    public record DoctlEntry(String clusterId, String context) {
    }

    public static Optional<DoctlEntry> doctl(AuthInfo user) {
        ExecConfig exec = user == null ? null : user.getExec();
        if (exec == null || exec.getCommand() == null || exec.getArgs() == null) {
            return Optional.empty();
        }
        String command = baseName(exec.getCommand());
        List<String> args = exec.getArgs();
        if (!(command.equals("doctl") || command.equals("doctl.exe")) || !args.contains("exec-credential")
                || !args.contains("kubeconfig")) {
            return Optional.empty();
        }
        String clusterId = null;
        String context = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--context=")) {
                context = arg.substring("--context=".length());
            } else if (arg.equals("--context") && i + 1 < args.size()) {
                context = args.get(++i);
            } else if (ClusterId.isUuid(arg)) {
                clusterId = arg.toLowerCase(Locale.ROOT);
            }
        }
        if (clusterId == null) {
            return Optional.empty();
        }
        boolean defaultContext = context == null || context.isBlank() || context.equals("default");
        return Optional.of(new DoctlEntry(clusterId, defaultContext ? null : context));
    }

    private static String baseName(String command) {
        String name = Path.of(command.replace('\\', '/')).getFileName().toString();
        return name.toLowerCase(Locale.ROOT);
    }
}
