package dev.doksauth.cli;

import dev.doksauth.credential.CredentialLine;
import dev.doksauth.token.DoToken;
import dev.doksauth.token.TokenResolver;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The options that choose the DigitalOcean API token, the same on every command that resolves one
 * (through {@link TokenResolver}): a message that suggests one of them is then true wherever it is printed.
 */
final class TokenOptions {

    @Option(names = CredentialLine.CONTEXT, paramLabel = "NAME", description = "doctl auth context whose token to use.")
    String context;

    @Option(names = CredentialLine.DOCTL_CONFIG, paramLabel = "FILE", description = "doctl's config file.")
    String doctlConfig;

    DoToken resolve(Map<String, String> env) {
        return new TokenResolver(env).resolve(context, doctlConfig);
    }
}
