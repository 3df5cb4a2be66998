package dev.doksauth.doctor;

import dev.doksauth.core.CredentialRequest;
import dev.doksauth.report.Verbose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check every link a kubeconfig context's credential depends on, as kubectl would use it:",
                "the exec entry and its command, kubectl's kuberc policy, the token, the API, the cluster, the cached",
                "credential and whether the cluster takes it, the clock, the identity provider and the sign-in of SSO",
                "entries, the cache directory. Prints no secret, signs in to nothing, mints nothing; ends within 15 s.",
                "Exit 0 when nothing is a problem, 1 otherwise."})
public final class DoctorCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(paramLabel = "CONTEXT", arity = "0..1", description = "Kubeconfig context (default: the current context).")
    String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "File (default: KUBECONFIG, ~/.kube/config).")
    String kubeconfig;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    Format format;

    private final Map<String, String> env;
    private final PrintStream out;
    private final Verbose verbose;
    private final Function<List<String>, CredentialRequest> credentialArguments;

    /** @param credentialArguments reads an entry's arguments exactly as {@code credential} reads them */
    public DoctorCommand(Map<String, String> env, PrintStream out, Verbose verbose,
                         Function<List<String>, CredentialRequest> credentialArguments) {
        this.env = env;
        this.out = out;
        this.verbose = verbose;
        this.credentialArguments = credentialArguments;
    }

    @Override
    public Integer call() {
        Report report = new Doctor(new SystemPorts(env, kubeconfig, credentialArguments, verbose)).run(context);
        if (format == Format.json) {
            out.println(JsonReport.render(report));
        } else {
            TextReport.print(report, out);
        }
        return report.exitCode();
    }
}
