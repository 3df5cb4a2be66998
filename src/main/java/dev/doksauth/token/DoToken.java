package dev.doksauth.token;

/**
 * A DigitalOcean API token and where it came from.
 *
 * @param value        the secret; never printed, logged or stored
 * @param doctlContext the doctl context it belongs to ({@code default} or a name), or null when it came
 *                     from an environment variable
 * @param source       a phrase for messages, such as "DIGITALOCEAN_ACCESS_TOKEN" or "context 'work' of /home/a/config.yaml"
 */
public record DoToken(String value, String doctlContext, String source) {

    /** What {@code cache list} shows for it: the doctl context, or the environment variable's name. */
    public String label() {
        return doctlContext != null ? doctlContext : source;
    }

    /** A doctl context other than the default, which a kubeconfig entry must name to use the same token. */
    public String namedContext() {
        return doctlContext == null || doctlContext.equals(TokenResolver.DEFAULT_CONTEXT) ? null : doctlContext;
    }

    @Override
    public String toString() {
        return "DoToken[" + label() + "]";
    }
}
