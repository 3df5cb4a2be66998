package dev.doksauth.kubeconfig;

import dev.doksauth.credential.Deadline;
import dev.doksauth.kubeconfig.KubeconfigDocument.Entry;
import dev.doksauth.kubeconfig.KubeconfigDocument.Kind;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Files;
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
 * The kubeconfig files of one command as kubectl merges them: an entry is found in the first file that has it
 * and updated there; a new entry goes to the default file. Every file is read and written under its lock, and
 * only the files that changed are written, after every edit has succeeded: a command that fails writes nothing.
 */
public final class Kubeconfigs {

    private final Path defaultFile;
    private final Map<Path, KubeconfigDocument> documents = new LinkedHashMap<>();
    private final Set<Path> changed = new HashSet<>();
    private final Map<Path, Integer> comments = new LinkedHashMap<>();

    private Kubeconfigs(Path defaultFile) {
        this.defaultFile = defaultFile;
    }

    /**
     * Locks every file (in list order, so two commands cannot deadlock), reads, edits, writes what changed.
     *
     * @param create whether missing files (and their directories) may be created, as {@code save} may
     */
    public static <T> T edit(KubeconfigFiles files, boolean create, Deadline deadline, Function<Kubeconfigs, T> edits) {
        return edit(files, create, deadline, edits, Documents.FILES);
    }

    static <T> T edit(KubeconfigFiles files, boolean create, Deadline deadline, Function<Kubeconfigs, T> edits,
                      Documents documents) {
        // A missing file of a KUBECONFIG list holds nothing and gets nothing (only the default file may be created):
        // it is neither locked nor given a directory.
        List<Path> present = files.files().stream()
                .filter(f -> documents.exists(f) || (create && f.equals(files.defaultFile()))).toList();
        return lockFrom(0, present, files.defaultFile(), deadline, edits, documents);
    }

    private static <T> T lockFrom(int index, List<Path> files, Path defaultFile, Deadline deadline,
                                  Function<Kubeconfigs, T> edits, Documents documents) {
        if (index < files.size()) {
            Path file = files.get(index);
            return documents.locked(file, file.equals(defaultFile), deadline,
                    () -> lockFrom(index + 1, files, defaultFile, deadline, edits, documents));
        }
        Kubeconfigs kubeconfigs = new Kubeconfigs(files.contains(defaultFile) ? defaultFile : files.get(0));
        for (Path file : files) {
            kubeconfigs.documents.put(file, documents.read(file));
            kubeconfigs.comments.put(file, documents.comments(file));
        }
        T result = edits.apply(kubeconfigs);
        for (Path file : files) {
            if (kubeconfigs.changed.contains(file)) {
                documents.write(file, kubeconfigs.documents.get(file));
            }
        }
        return result;
    }

    /**
     * Reads every existing file once, without a lock, so that a file that would be refused is refused before
     * anything else happens (no credential minted for nothing); the edit reads them again under their locks.
     */
    public static void checkReadable(KubeconfigFiles files) {
        checkReadable(files, Documents.FILES);
    }

    static void checkReadable(KubeconfigFiles files, Documents documents) {
        files.files().stream().filter(documents::exists).forEach(documents::read);
    }

    /**
     * The comments the edit so far will drop, per file it changes: the files are rewritten from their YAML tree,
     * which keeps no comments. Empty when no changed file had any.
     */
    public Map<Path, Integer> commentsDropped() {
        Map<Path, Integer> dropped = new LinkedHashMap<>();
        comments.forEach((file, count) -> {
            if (count > 0 && changed.contains(file)) {
                dropped.put(file, count);
            }
        });
        return dropped;
    }

    /**
     * The files as they are now, for a command that only reads (as kubectl reads: writers replace files whole, so
     * no lock); a missing file of the list holds nothing.
     */
    static Kubeconfigs read(KubeconfigFiles files) {
        return read(files, Documents.FILES);
    }

    static Kubeconfigs read(KubeconfigFiles files, Documents documents) {
        Kubeconfigs kubeconfigs = new Kubeconfigs(files.defaultFile());
        for (Path file : files.files()) {
            if (documents.exists(file)) {
                kubeconfigs.documents.put(file, documents.read(file));
            }
        }
        return kubeconfigs;
    }

    /**
     * Where the documents of a read or an edit come from and go to: the files ({@link KubeconfigFile}), or memory
     * in the use-case tests.
     */
    interface Documents {

        boolean exists(Path file);

        /** @throws dev.doksauth.report.DoksAuthException when the file cannot be read or is not a kubeconfig */
        KubeconfigDocument read(Path file);

        /** How many comments the file holds (an edit drops them). */
        int comments(Path file);

        void write(Path file, KubeconfigDocument document);

        /** Runs {@code body} holding the file's lock. */
        <T> T locked(Path file, boolean createDirectory, Deadline deadline, KubeconfigFile.IoBody<T> body);

        Documents FILES = new Documents() {
            @Override
            public boolean exists(Path file) {
                return Files.exists(file);
            }

            @Override
            public KubeconfigDocument read(Path file) {
                return KubeconfigFile.read(file);
            }

            @Override
            public int comments(Path file) {
                return KubeconfigFile.comments(file);
            }

            @Override
            public void write(Path file, KubeconfigDocument document) {
                KubeconfigFile.write(file, document);
            }

            @Override
            public <T> T locked(Path file, boolean createDirectory, Deadline deadline, KubeconfigFile.IoBody<T> body) {
                return KubeconfigFile.locked(file, createDirectory, deadline, body);
            }
        };
    }

    /** A kubeconfig that lives only in memory: what {@code kubeconfig show} prints. */
    public static Kubeconfigs inMemory() {
        Kubeconfigs kubeconfigs = new Kubeconfigs(Path.of("-"));
        kubeconfigs.documents.put(kubeconfigs.defaultFile, KubeconfigDocument.empty());
        return kubeconfigs;
    }

    /** The YAML of the default file's document. */
    public String render() {
        return documents.get(defaultFile).render();
    }

    Optional<Entry> find(Kind kind, String name) {
        for (KubeconfigDocument document : documents.values()) {
            Optional<Entry> entry = document.find(kind, name);
            if (entry.isPresent()) {
                return entry;
            }
        }
        return Optional.empty();
    }

    /** Every entry of a kind, the first of each name only (as kubectl merges them). */
    List<Entry> entries(Kind kind) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (KubeconfigDocument document : documents.values()) {
            for (Entry entry : document.entries(kind)) {
                if (names.add(entry.name())) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** Sets an entry's body in the file that has it, else adds it to the default file. */
    void put(Kind kind, String name, Node body) {
        for (Map.Entry<Path, KubeconfigDocument> file : documents.entrySet()) {
            if (file.getValue().find(kind, name).isPresent()) {
                file.getValue().put(kind, name, body);
                changed.add(file.getKey());
                return;
            }
        }
        documents.get(defaultFile).put(kind, name, body);
        changed.add(defaultFile);
    }

    void remove(Kind kind, String name) {
        documents.forEach((file, document) -> {
            if (document.remove(kind, name)) {
                changed.add(file);
            }
        });
    }

    /** Sets the current context in the file that sets it now, else in the default file. */
    void setCurrentContext(String name) {
        Path target = defaultFile;
        for (Map.Entry<Path, KubeconfigDocument> file : documents.entrySet()) {
            if (file.getValue().currentContext() != null) {
                target = file.getKey();
                break;
            }
        }
        documents.get(target).setCurrentContext(name);
        changed.add(target);
    }

    /** Empties current-context in every file where it names one of {@code contexts}; other files keep theirs. */
    void clearCurrentContext(Set<String> contexts) {
        documents.forEach((file, document) -> {
            if (document.currentContext() != null && contexts.contains(document.currentContext())) {
                document.setCurrentContext("");
                changed.add(file);
            }
        });
    }
}
