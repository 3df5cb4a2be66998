package dev.doksauth.token;

/**
 * A DigitalOcean API token and where it came from.
 *
 * @param value   the secret; never printed, logged or stored
 * @param context the doctl context it belongs to, or the environment variable's name: shown by
 *                {@code cache list}, and part of no secret
 * @param source  a phrase for messages, such as "DIGITALOCEAN_ACCESS_TOKEN" or "context 'work' of /home/a/config.yaml"
 */
public record DoToken(String value, String context, String source) {

    @Override
    public String toString() {
        return "DoToken[context=" + context + ", source=" + source + "]";
    }
}
