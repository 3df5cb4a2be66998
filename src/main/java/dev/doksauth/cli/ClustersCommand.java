package dev.doksauth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.doksauth.api.ApiUrl;
import dev.doksauth.api.Cluster;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.credential.Deadline;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.TokenResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "clusters", mixinStandardHelpOptions = true, description = "List the account's Kubernetes clusters.")
final class ClustersCommand implements Callable<Integer> {

    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table or json.")
    Format format;

    @Option(names = "--context", paramLabel = "NAME", description = "doctl auth context whose token to use.")
    String context;

    @Option(names = "--api-url", paramLabel = "URL", description = "DigitalOcean API base URL.")
    String apiUrl;

    private final Map<String, String> env;
    private final PrintStream out;

    ClustersCommand(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        List<Cluster> clusters;
        try (DigitalOceanClient client = new DigitalOceanClient(ApiUrl.resolve(apiUrl, env),
                new TokenResolver(env).resolve(context, null), env, Verbose.off())) {
            clusters = new ArrayList<>(client.clusters(Deadline.fromEnvironment(env)));
        }
        clusters.sort((a, b) -> a.name().compareTo(b.name()));
        if (format == Format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(clusters));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "NAME", "REGION", "VERSION", "STATUS", "ENDPOINT"});
        for (Cluster c : clusters) {
            rows.add(new String[] {c.id(), c.name(), c.region(), c.version(), c.status(), c.endpoint()});
        }
        Table.print(out, rows);
        return 0;
    }
}
