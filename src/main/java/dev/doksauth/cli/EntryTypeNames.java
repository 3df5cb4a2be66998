package dev.doksauth.cli;

import dev.doksauth.core.SaveKubeconfig;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The values --type accepts (token, sso), for shell completion. */
final class EntryTypeNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(SaveKubeconfig.Type.values()).map(type -> type.name().toLowerCase(Locale.ROOT)).iterator();
    }
}
