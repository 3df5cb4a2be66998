package dev.doksauth.cli;

import dev.doksauth.cache.CacheKey;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.json.Jackson;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Phrases;
import dev.doksauth.sso.SsoIdentity;
import dev.doksauth.token.TokenResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "cache", mixinStandardHelpOptions = true, description = "Show or clear cached credentials.",
        subcommands = HelpCommand.class)
final class CacheCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List cached credentials (never a token): for a cluster's credential, the cluster, where "
                    + "its DigitalOcean token came from and the API URL; for a single sign-on, the identity provider, "
                    + "the client and who signed in; for both, the kind and the time left."})
    static final class ListCommand extends ContextCommand {

        enum Format { table, json }

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json.")
        Format format;

        ListCommand(CommandContext context) {
            super(context);
        }

        /** One entry as the list shows it: the fields of its kind, the others null. */
        record Row(String kind, String clusterId, String tokenFrom, String apiUrl, Long expirySeconds,
                   String issuerUrl, String clientId, String signedInAs, long freshUntil) {

            static Row of(CredentialCache.ListedEntry e) {
                long freshUntil = e.credential().freshUntil();
                if (e.clusterId().equals(CacheKey.SSO_PREFIX)) {
                    return new Row("sso", null, null, null, null, e.apiUrl(), e.context(),
                            SsoIdentity.signedInAs(e.credential().token()), freshUntil);
                }
                return new Row(e.credential().token() != null ? "token" : "certificate", e.clusterId(),
                        TokenResolver.describeLabel(e.context()), e.apiUrl(), e.expirySeconds(), null, null, null,
                        freshUntil);
            }

            boolean sso() {
                return kind.equals("sso");
            }
        }

        @Override
        void run() throws IOException {
            CredentialCache cache = new CredentialCache(CacheLocation.find(context.env()));
            List<CredentialCache.ListedEntry> entries = cache.list();
            context.verbose().log("cache " + cache.directory() + ": " + entries.size() + " readable entr" + (entries.size() == 1 ? "y" : "ies"));
            long now = System.currentTimeMillis() / 1000;
            List<Row> rows = entries.stream().map(Row::of).toList();
            if (format == Format.json) {
                List<Map<String, Object>> json = new ArrayList<>();
                for (Row row : rows) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("kind", row.kind());
                    if (row.sso()) {
                        fields.put("issuerUrl", row.issuerUrl());
                        fields.put("clientId", row.clientId());
                        fields.put("signedInAs", row.signedInAs());
                    } else {
                        fields.put("clusterId", row.clusterId());
                        fields.put("tokenFrom", row.tokenFrom());
                        fields.put("apiUrl", row.apiUrl());
                        fields.put("expirySeconds", row.expirySeconds());
                    }
                    fields.put("freshUntil", java.time.Instant.ofEpochSecond(row.freshUntil()).toString());
                    fields.put("secondsLeft", Math.max(0, row.freshUntil() - now));
                    json.add(fields);
                }
                context.out().println(Jackson.writeIndented(json));
                return;
            }
            if (rows.isEmpty()) {
                context.out().println("(no cached credentials in " + cache.directory() + ")");
                return;
            }
            // Two tables, each with the columns its kind has: a column never holds one thing for one row and
            // another for the next.
            List<String[]> clusters = new ArrayList<>();
            clusters.add(new String[] {"CLUSTER", "TOKEN FROM", "API URL", "KIND", "TIME LEFT"});
            List<String[]> signIns = new ArrayList<>();
            signIns.add(new String[] {"ISSUER", "CLIENT", "SIGNED IN AS", "KIND", "TIME LEFT"});
            for (Row row : rows) {
                String left = timeLeft(row.freshUntil() - now);
                if (row.sso()) {
                    signIns.add(cells(row.issuerUrl(), row.clientId(),
                            row.signedInAs() == null ? "(unknown)" : row.signedInAs(), row.kind(), left));
                } else {
                    clusters.add(cells(row.clusterId(), row.tokenFrom(), row.apiUrl(), row.kind(), left));
                }
            }
            if (clusters.size() > 1) {
                Table.print(context.out(), clusters);
            }
            if (signIns.size() > 1) {
                if (clusters.size() > 1) {
                    context.out().println();
                }
                Table.print(context.out(), signIns);
            }
        }

        /** What a cache file says is printed safely: it may have been written by anything. */
        private static String[] cells(String... values) {
            String[] cells = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                cells[i] = Phrases.printable(values[i], ClustersCommand.MAX_CELL);
            }
            return cells;
        }

        static String timeLeft(long seconds) {
            if (seconds <= 0) {
                return "expired";
            }
            long days = seconds / 86_400;
            long hours = seconds % 86_400 / 3600;
            long minutes = seconds % 3600 / 60;
            if (days > 0) {
                return days + "d" + hours + "h";
            }
            return hours > 0 ? hours + "h" + minutes + "m" : minutes + "m" + seconds % 60 + "s";
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Remove cached credentials: of the given clusters, or all.")
    static final class ClearCommand extends ContextCommand {

        @Parameters(paramLabel = "CLUSTER", arity = "0..*", description = "Cluster IDs or names whose entries to remove (all if none).")
        List<String> clusters = new ArrayList<>();

        @CommandLine.Mixin
        ClusterLookupOptions lookup = new ClusterLookupOptions();

        ClearCommand(CommandContext context) {
            super(context);
        }

        @Override
        void run() {
            List<String> ids = lookup.ids(clusters, context);
            CredentialCache cache = new CredentialCache(CacheLocation.find(context.env()));
            context.verbose().log("cache " + cache.directory() + ": removing the entries of " + (ids.isEmpty() ? "every cluster" : ids));
            try {
                int removed = cache.clear(ids);
                context.out().println("Removed " + removed + " cached credential" + (removed == 1 ? "" : "s") + " from " + cache.directory() + ".");
            } catch (IOException e) {
                throw DoksAuthException.failure("cannot clear the cache directory " + cache.directory() + ": "
                        + e.getClass().getSimpleName(), e);
            }
        }
    }
}
