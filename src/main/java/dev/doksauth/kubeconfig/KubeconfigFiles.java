package dev.doksauth.kubeconfig;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which kubeconfig files a command reads and writes, by kubectl's rules: {@code --kubeconfig FILE};
 * else the {@code KUBECONFIG} list, where new entries go to the first file that exists, else the
 * last; else {@code ~/.kube/config}.
 */
public record KubeconfigFiles(List<Path> files, Path defaultFile) {

    public static KubeconfigFiles resolve(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            Path file = Path.of(option).toAbsolutePath();
            return new KubeconfigFiles(List.of(file), file);
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
            return new KubeconfigFiles(List.of(file), file);
        }
        Path target = files.get(files.size() - 1);
        for (Path file : files) {
            if (Files.exists(file)) {
                target = file;
                break;
            }
        }
        return new KubeconfigFiles(List.copyOf(files), target);
    }
}
