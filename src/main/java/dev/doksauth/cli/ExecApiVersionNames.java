package dev.doksauth.cli;

import dev.doksauth.exec.ExecApiVersion;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The values --api-version and --exec-api-version accept, for shell completion: v1, v1beta1 and the full names. */
final class ExecApiVersionNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>();
        for (ExecApiVersion version : ExecApiVersion.values()) {
            names.add(version.apiVersion().substring(version.apiVersion().lastIndexOf('/') + 1));
        }
        for (ExecApiVersion version : ExecApiVersion.values()) {
            names.add(version.apiVersion());
        }
        return names.iterator();
    }
}
