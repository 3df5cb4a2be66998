package dev.doksauth.cli;

import dev.doksauth.core.SsoOptions;

import java.util.Iterator;

/** The values --sso-grant accepts, for shell completion. */
final class SsoGrantNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return SsoOptions.GRANTS.iterator();
    }
}
