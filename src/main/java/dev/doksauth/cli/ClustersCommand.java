package dev.doksauth.cli;

import dev.doksauth.api.ApiUrl;
import dev.doksauth.api.Cluster;
import dev.doksauth.api.DigitalOceanClient;
import dev.doksauth.credential.Deadline;
import dev.doksauth.json.Jackson;
import dev.doksauth.report.Phrases;
import dev.doksauth.report.Verbose;
import dev.doksauth.token.DoToken;
import picocli.CommandLine;
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

    @CommandLine.Mixin
    TokenOptions tokenOptions = new TokenOptions();

    @Option(names = "--api-url", paramLabel = "URL", description = "DigitalOcean API base URL.")
    String apiUrl;

    private final Map<String, String> env;
    private final PrintStream out;
    private final Verbose verbose;

    ClustersCommand(Map<String, String> env, PrintStream out, Verbose verbose) {
        this.env = env;
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public Integer call() throws Exception {
        List<Cluster> clusters;
        String url = ApiUrl.resolve(apiUrl, env);
        DoToken token = tokenOptions.resolve(env);
        verbose.secret(token.value());
        verbose.log("API " + url + ", token from " + token.source());
        try (DigitalOceanClient client = new DigitalOceanClient(url, token, env, verbose)) {
            clusters = new ArrayList<>(client.clusters(Deadline.fromEnvironment(env)));
        }
        verbose.log(clusters.size() + " cluster" + (clusters.size() == 1 ? "" : "s") + " in the account");
        clusters.sort((a, b) -> a.name().compareTo(b.name()));
        if (format == Format.json) {
            out.println(json(clusters));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "NAME", "REGION", "VERSION", "STATUS", "ENDPOINT"});
        for (Cluster c : clusters) {
            rows.add(cells(c.id(), c.name(), c.region(), c.version(), c.status(), c.endpoint()));
        }
        Table.print(out, rows);
        return 0;
    }

    /** Widest a cell gets: longer values from the API are cut, as any text from outside. */
    static final int MAX_CELL = 100;

    /** The API's values made safe for a terminal: no escape sequence, control or bidi character reaches it. */
    private static String[] cells(String... values) {
        String[] cells = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = Phrases.printable(values[i], MAX_CELL);
        }
        return cells;
    }

    /** A cluster as {@code -o json} shows it. */
    record Row(String id, String name, String region, String version, String status, String endpoint) {
    }

    /**
     * The clusters as a JSON array, values complete; {@link Jackson} escapes every character a terminal
     * would act on, so printing it is safe and reading it back gives the API's values.
     */
    static String json(List<Cluster> clusters) {
        return Jackson.writeIndented(clusters.stream()
                .map(c -> new Row(c.id(), c.name(), c.region(), c.version(), c.status(), c.endpoint())).toList());
    }
}
