package dev.doksauth.kubeconfig;

import dev.doksauth.report.DoksAuthException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which kubeconfig files a command reads and writes, by kubectl's rules: {@code --kubeconfig FILE};
 * else the {@code KUBECONFIG} list, where new entries go to the first file that exists, else the
 * last; else {@code ~/.kube/config}.
 *
 * @param source where the list came from, for messages: {@code --kubeconfig}, {@code KUBECONFIG} or null (the default)
 */
public record KubeconfigFiles(List<Path> files, Path defaultFile, String source) {

    public static KubeconfigFiles resolve(String option, Map<String, String> env) {
        return resolve(option, env, Files::exists);
    }

    static KubeconfigFiles resolve(String option, Map<String, String> env, Predicate<Path> exists) {
        if (option != null && !option.isBlank()) {
            Path file = Path.of(option).toAbsolutePath();
            return new KubeconfigFiles(List.of(file), file, "--kubeconfig");
        }
        String list = env.get("KUBECONFIG");
        List<Path> files = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    Path file = Path.of(entry).toAbsolutePath().normalize();
                    if (!files.contains(file)) {
                        files.add(file);
                    }
                }
            }
        }
        if (files.isEmpty()) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            Path file = Path.of(home, ".kube", "config");
            return new KubeconfigFiles(List.of(file), file, null);
        }
        Path target = files.get(files.size() - 1);
        for (Path file : files) {
            if (exists.test(file)) {
                target = file;
                break;
            }
        }
        return new KubeconfigFiles(List.copyOf(files), target, "KUBECONFIG");
    }

    /**
     * The files that exist, for a command that edits entries and creates nothing ({@code remove}, {@code migrate}).
     * Missing files in a {@code KUBECONFIG} list are skipped, as kubectl skips them.
     *
     * @throws DoksAuthException naming the missing file(s) when none exists
     */
    public KubeconfigFiles existing() {
        return existing(Files::exists);
    }

    KubeconfigFiles existing(Predicate<Path> exists) {
        List<Path> existing = files.stream().filter(exists).toList();
        if (existing.isEmpty()) {
            String names = files.stream().map(Path::toString).collect(Collectors.joining(", "));
            throw DoksAuthException.failure(files.size() == 1
                    ? "the kubeconfig " + names + (source == null ? "" : " (" + source + ")") + " does not exist"
                    : "none of the kubeconfig files in KUBECONFIG exists: " + names);
        }
        return new KubeconfigFiles(existing, existing.contains(defaultFile) ? defaultFile : existing.get(0), source);
    }
}
