package dev.doksauth.token;

import dev.doksauth.report.Phrases;
import dev.doksauth.report.DoksAuthException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the DigitalOcean API token, first match wins (SPEC "Where the DigitalOcean API token comes from"):
 * a named doctl context; {@code DIGITALOCEAN_ACCESS_TOKEN}; {@code DIGITALOCEAN_TOKEN}; doctl's config file.
 */
public final class TokenResolver {

    public static final String DEFAULT_CONTEXT = "default";

    /** The environment variables that hold a token, in the order they are read. */
    private static final List<String> VARIABLES = List.of("DIGITALOCEAN_ACCESS_TOKEN", "DIGITALOCEAN_TOKEN");

    /**
     * Where a token came from, for {@code cache list}, from the label its cache entry keeps ({@link DoToken#label()}):
     * the environment variable, or the doctl context.
     */
    public static String describeLabel(String label) {
        return VARIABLES.contains(label) ? "$" + label : "doctl context " + label;
    }

    private final Map<String, String> env;

    public TokenResolver(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param contextOption  {@code --context}, or null
     * @param doctlConfigOption {@code --doctl-config}, or null
     */
    public DoToken resolve(String contextOption, String doctlConfigOption) {
        Path configFile = doctlConfigOption != null ? named(doctlConfigOption) : DoctlConfigLocation.find(env);
        String context = contextOption != null ? contextOption : nonEmpty("DIGITALOCEAN_CONTEXT");
        if (context != null && context.isEmpty()) {
            throw DoksAuthException.usage("--context needs a context name");
        }
        if (context != null && !context.equals(DEFAULT_CONTEXT)) {
            return fromNamedContext(configFile, context);
        }
        for (String name : VARIABLES) {
            String value = nonEmpty(name);
            if (value != null) {
                return checked(new DoToken(value.strip(), null, name));
            }
        }
        DoctlConfig config = DoctlConfig.readIfExists(configFile);
        if (config != null) {
            String current = context != null ? context : config.currentContext();
            if (current != null && !current.equals(DEFAULT_CONTEXT)) {
                return fromNamedContext(configFile, current);
            }
            String value = config.accessToken() != null ? config.accessToken() : config.authContexts().get(DEFAULT_CONTEXT);
            if (value != null && !value.isBlank()) {
                return checked(new DoToken(value.strip(), DEFAULT_CONTEXT, "the default context of " + configFile));
            }
        }
        throw DoksAuthException.failure("no DigitalOcean API token found (looked in DIGITALOCEAN_ACCESS_TOKEN, "
                + "DIGITALOCEAN_TOKEN and " + configFile + "); set DIGITALOCEAN_ACCESS_TOKEN, run 'doctl auth init', "
                + "or pass --doctl-config FILE");
    }

    /**
     * The file {@code --doctl-config} names, which must be there: a file the user names is never silently
     * ignored (doctl's default location may well be missing; then the token comes from elsewhere or nowhere).
     */
    private static Path named(String option) {
        if (option.isEmpty()) {
            throw DoksAuthException.usage("--doctl-config needs a file name");
        }
        Path file;
        try {
            file = Path.of(option);
        } catch (java.nio.file.InvalidPathException e) {
            throw DoksAuthException.usage("--doctl-config '" + Phrases.printable(option) + "' is not a file name");
        }
        if (Files.isDirectory(file)) {
            throw DoksAuthException.failure("--doctl-config names " + Phrases.printable(option, 300)
                    + ", which is a directory, not doctl's config file");
        }
        if (!Files.exists(file)) {
            throw DoksAuthException.failure("--doctl-config names " + Phrases.printable(option, 300)
                    + ", which does not exist (doctl writes it with 'doctl auth init')");
        }
        if (!Files.isReadable(file)) {
            throw DoksAuthException.failure("--doctl-config names " + Phrases.printable(option, 300)
                    + ", which this user may not read");
        }
        return file;
    }

    private DoToken fromNamedContext(Path configFile, String context) {
        DoctlConfig config = DoctlConfig.readIfExists(configFile);
        if (config == null) {
            throw DoksAuthException.failure("context '" + Phrases.printable(context) + "' was asked for, but doctl's config file "
                    + configFile + " does not exist (run 'doctl auth init --context " + Phrases.printable(context) + "')");
        }
        String value = config.authContexts().get(context);
        if (value == null || value.isBlank()) {
            throw DoksAuthException.failure("doctl's config file " + configFile + " has no context '" + Phrases.printable(context)
                    + "' (it has: " + String.join(", ", contextNames(config)) + ")");
        }
        return checked(new DoToken(value.strip(), context, "context '" + context + "' of " + configFile));
    }

    private static Iterable<String> contextNames(DoctlConfig config) {
        List<String> names = new ArrayList<>();
        if (config.accessToken() != null) {
            names.add(DEFAULT_CONTEXT);
        }
        for (String name : config.authContexts().keySet()) {
            if (!names.contains(name)) {
                names.add(Phrases.printable(name));
            }
        }
        return names.isEmpty() ? List.of("none") : names;
    }

    /** A token goes into an HTTP header: it must be visible ASCII, or the header would break or leak. */
    private static DoToken checked(DoToken token) {
        String value = token.value();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw DoksAuthException.failure("the DigitalOcean token from " + token.source()
                        + " has characters no token has (spaces, control or non-ASCII characters)");
            }
        }
        return token;
    }

    private String nonEmpty(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
