package dev.doksauth.cli;

import dev.doksauth.api.Cluster;
import dev.doksauth.core.ClusterDirectory;
import dev.doksauth.credential.Deadline;
import dev.doksauth.json.Jackson;
import dev.doksauth.report.Phrases;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "clusters", mixinStandardHelpOptions = true, description = "List the account's Kubernetes clusters.")
final class ClustersCommand extends ContextCommand {

    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table or json.")
    Format format;

    @CommandLine.Mixin
    TokenOptions tokenOptions = new TokenOptions();

    @Option(names = "--api-url", paramLabel = "URL", description = "DigitalOcean API base URL.")
    String apiUrl;

    ClustersCommand(CommandContext context) {
        super(context);
    }

    @Override
    void run() throws Exception {
        List<Cluster> clusters;
        try (ClusterDirectory.Session api = new ApiClusterDirectory(context.env(), context.verbose())
                .open(apiUrl, tokenOptions.context, tokenOptions.doctlConfig)) {
            context.verbose().log("API " + api.apiUrl() + ", token from " + api.token().source());
            clusters = new ArrayList<>(api.clusters(Deadline.fromEnvironment(context.env())));
        }
        context.verbose().log(clusters.size() + " cluster" + (clusters.size() == 1 ? "" : "s") + " in the account");
        clusters.sort((a, b) -> a.name().compareTo(b.name()));
        if (format == Format.json) {
            context.out().println(json(clusters));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "NAME", "REGION", "VERSION", "STATUS", "ENDPOINT"});
        for (Cluster c : clusters) {
            rows.add(cells(c.id(), c.name(), c.region(), c.version(), c.status(), c.endpoint()));
        }
        Table.print(context.out(), rows);
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
