package dev.doksauth.kubeconfig;

import dev.doksauth.credential.Deadline;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The kubeconfig files of one command as kubectl merges them: an entry is found in the first file
 * that has it and updated there; a new entry goes to the default file. Every file is read and
 * written under its lock, and only the files that changed are written.
 */
public final class Kubeconfigs {

    private final KubeconfigFiles files;
    private final Map<Path, Config> configs = new LinkedHashMap<>();
    private final Set<Path> changed = new HashSet<>();

    private Kubeconfigs(KubeconfigFiles files) {
        this.files = files;
    }

    /** Locks every file (in list order, so two commands cannot deadlock), reads, edits, writes what changed. */
    public static <T> T edit(KubeconfigFiles files, Deadline deadline, Function<Kubeconfigs, T> edits) {
        return lockFrom(0, files, deadline, edits);
    }

    private static <T> T lockFrom(int index, KubeconfigFiles files, Deadline deadline, Function<Kubeconfigs, T> edits) {
        if (index < files.files().size()) {
            return KubeconfigFile.locked(files.files().get(index), deadline, () -> lockFrom(index + 1, files, deadline, edits));
        }
        Kubeconfigs kubeconfigs = new Kubeconfigs(files);
        for (Path file : files.files()) {
            kubeconfigs.configs.put(file, KubeconfigFile.read(file));
        }
        T result = edits.apply(kubeconfigs);
        for (Path file : files.files()) {
            if (kubeconfigs.changed.contains(file)) {
                KubeconfigFile.write(file, kubeconfigs.configs.get(file));
            }
        }
        return result;
    }

    public Path defaultFile() {
        return files.defaultFile();
    }

    public Optional<NamedCluster> cluster(String name) {
        return configs.values().stream().flatMap(c -> c.getClusters().stream())
                .filter(e -> name.equals(e.getName())).findFirst();
    }

    public Optional<NamedAuthInfo> user(String name) {
        return configs.values().stream().flatMap(c -> c.getUsers().stream())
                .filter(e -> name.equals(e.getName())).findFirst();
    }

    public Optional<NamedContext> context(String name) {
        return configs.values().stream().flatMap(c -> c.getContexts().stream())
                .filter(e -> name.equals(e.getName())).findFirst();
    }

    public List<NamedAuthInfo> users() {
        List<NamedAuthInfo> users = new ArrayList<>();
        configs.values().forEach(c -> users.addAll(c.getUsers()));
        return users;
    }

    public List<NamedContext> contexts() {
        List<NamedContext> contexts = new ArrayList<>();
        configs.values().forEach(c -> contexts.addAll(c.getContexts()));
        return contexts;
    }

    /** The current context: the first file that sets one decides, as in kubectl. */
    public String currentContext() {
        return configs.values().stream().map(Config::getCurrentContext).filter(c -> c != null && !c.isEmpty())
                .findFirst().orElse(null);
    }

    public void putCluster(NamedCluster cluster) {
        put(cluster.getName(), Config::getClusters, NamedCluster::getName, cluster);
    }

    public void putUser(NamedAuthInfo user) {
        put(user.getName(), Config::getUsers, NamedAuthInfo::getName, user);
    }

    public void putContext(NamedContext context) {
        put(context.getName(), Config::getContexts, NamedContext::getName, context);
    }

    /** Marks a file changed after an entry in it was edited in place. */
    public void touched(NamedAuthInfo user) {
        configs.forEach((file, config) -> {
            if (config.getUsers().contains(user)) {
                changed.add(file);
            }
        });
    }

    private <E> void put(String name, Function<Config, List<E>> entries, Function<E, String> nameOf, E entry) {
        for (Map.Entry<Path, Config> file : configs.entrySet()) {
            List<E> list = entries.apply(file.getValue());
            for (int i = 0; i < list.size(); i++) {
                if (name.equals(nameOf.apply(list.get(i)))) {
                    list.set(i, entry);
                    changed.add(file.getKey());
                    return;
                }
            }
        }
        entries.apply(configs.get(files.defaultFile())).add(entry);
        changed.add(files.defaultFile());
    }

    /** Sets the current context in the file that sets it now, else in the default file. */
    public void setCurrentContext(String name) {
        Path target = files.defaultFile();
        for (Map.Entry<Path, Config> file : configs.entrySet()) {
            String current = file.getValue().getCurrentContext();
            if (current != null && !current.isEmpty()) {
                target = file.getKey();
                break;
            }
        }
        configs.get(target).setCurrentContext(name);
        changed.add(target);
    }

    public void clearCurrentContext() {
        configs.forEach((file, config) -> {
            if (config.getCurrentContext() != null && !config.getCurrentContext().isEmpty()) {
                config.setCurrentContext("");
                changed.add(file);
            }
        });
    }

    public void removeCluster(String name) {
        remove(Config::getClusters, NamedCluster::getName, name);
    }

    public void removeUser(String name) {
        remove(Config::getUsers, NamedAuthInfo::getName, name);
    }

    public void removeContext(String name) {
        remove(Config::getContexts, NamedContext::getName, name);
    }

    private <E> void remove(Function<Config, List<E>> entries, Function<E, String> nameOf, String name) {
        configs.forEach((file, config) -> {
            if (entries.apply(config).removeIf(e -> name.equals(nameOf.apply(e)))) {
                changed.add(file);
            }
        });
    }
}
