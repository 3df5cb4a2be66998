package dev.doksauth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.doksauth.cache.CacheLocation;
import dev.doksauth.cache.CredentialCache;
import dev.doksauth.core.ClusterTargets;
import dev.doksauth.report.DoksAuthException;
import dev.doksauth.report.Verbose;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "cache", mixinStandardHelpOptions = true, description = "Show or clear cached credentials.",
        subcommands = HelpCommand.class)
final class CacheCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Usage.commandNeeded(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List cached credentials: cluster, context, API URL and time left (never a token).")
    static final class ListCommand implements Callable<Integer> {

        enum Format { table, json }

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json.")
        Format format;

        private final Map<String, String> env;
        private final PrintStream out;
        private final Verbose verbose;

        ListCommand(Map<String, String> env, PrintStream out, Verbose verbose) {
            this.env = env;
            this.out = out;
            this.verbose = verbose;
        }

        @Override
        public Integer call() throws IOException {
            CredentialCache cache = new CredentialCache(CacheLocation.find(env));
            List<CredentialCache.ListedEntry> entries = cache.list();
            verbose.log("cache " + cache.directory() + ": " + entries.size() + " readable entr" + (entries.size() == 1 ? "y" : "ies"));
            long now = System.currentTimeMillis() / 1000;
            if (format == Format.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (CredentialCache.ListedEntry e : entries) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("clusterId", e.clusterId());
                    row.put("context", e.context());
                    row.put("apiUrl", e.apiUrl());
                    row.put("expirySeconds", e.expirySeconds());
                    row.put("kind", e.credential().token() != null ? "token" : "certificate");
                    row.put("freshUntil", java.time.Instant.ofEpochSecond(e.credential().freshUntil()).toString());
                    row.put("secondsLeft", Math.max(0, e.credential().freshUntil() - now));
                    rows.add(row);
                }
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
                return 0;
            }
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"CLUSTER", "CONTEXT", "API URL", "KIND", "TIME LEFT"});
            for (CredentialCache.ListedEntry e : entries) {
                table.add(new String[] {e.clusterId(), e.context(), e.apiUrl(),
                        e.credential().token() != null ? "token" : "certificate",
                        timeLeft(e.credential().freshUntil() - now)});
            }
            Table.print(out, table);
            if (entries.isEmpty()) {
                out.println("(no cached credentials in " + cache.directory() + ")");
            }
            return 0;
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
    static final class ClearCommand implements Callable<Integer> {

        @Parameters(paramLabel = "CLUSTER", arity = "0..*", description = "Cluster IDs or names whose entries to remove (all if none).")
        List<String> clusters = new ArrayList<>();

        @Option(names = "--api-url", paramLabel = "URL", description = "DigitalOcean API base URL, to look names up.")
        String apiUrl;

        @CommandLine.Mixin
        TokenOptions token = new TokenOptions();

        private final Map<String, String> env;
        private final PrintStream out;
        private final Verbose verbose;

        ClearCommand(Map<String, String> env, PrintStream out, Verbose verbose) {
            this.env = env;
            this.out = out;
            this.verbose = verbose;
        }

        @Override
        public Integer call() {
            List<String> ids = ClusterTargets.ids(clusters, apiUrl, () -> token.resolve(env), env, verbose);
            CredentialCache cache = new CredentialCache(CacheLocation.find(env));
            verbose.log("cache " + cache.directory() + ": removing the entries of " + (ids.isEmpty() ? "every cluster" : ids));
            try {
                int removed = cache.clear(ids);
                out.println("Removed " + removed + " cached credential" + (removed == 1 ? "" : "s") + " from " + cache.directory() + ".");
            } catch (IOException e) {
                throw DoksAuthException.failure("cannot clear the cache directory " + cache.directory() + ": "
                        + e.getClass().getSimpleName(), e);
            }
            return 0;
        }
    }
}
