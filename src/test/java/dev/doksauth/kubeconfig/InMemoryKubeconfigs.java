package dev.doksauth.kubeconfig;

import dev.doksauth.credential.Deadline;
import dev.doksauth.report.DoksAuthException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubeconfig files in memory, for the use-case tests: the product's own kubeconfig code ({@link KubeconfigDisk})
 * over documents kept in a map instead of files. It records which files were locked and written.
 */
public final class InMemoryKubeconfigs implements Kubeconfigs.Documents {

    /** The default kubeconfig of the environment the store is given ({@code HOME=/home/u}). */
    public static final Path DEFAULT = Path.of("/home/u/.kube/config");

    private final Map<Path, String> files = new LinkedHashMap<>();
    public final List<Path> locked = new ArrayList<>();
    public final List<Path> written = new ArrayList<>();
    /** What kuberc says of a launcher (kubectl's kuberc is another file). */
    public Kuberc.Verdict kuberc = new Kuberc.Verdict(Kuberc.Outcome.ADMITS, null, "no kuberc", null);

    public InMemoryKubeconfigs put(Path file, String yaml) {
        files.put(file, yaml);
        return this;
    }

    /** The file's text as last written (or put), or null when there is none. */
    public String text(Path file) {
        return files.get(file);
    }

    /** The store the use case is given; {@code kubeconfigVariable} is KUBECONFIG, or null. */
    public KubeconfigStore store(String kubeconfigVariable) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", "/home/u");
        if (kubeconfigVariable != null) {
            env.put("KUBECONFIG", kubeconfigVariable);
        }
        KubeconfigDisk disk = new KubeconfigDisk(env, this);
        return new KubeconfigStore() {
            @Override
            public KubeconfigFiles files(String option) {
                return disk.files(option);
            }

            @Override
            public KubeconfigFiles existing(KubeconfigFiles files) {
                return disk.existing(files);
            }

            @Override
            public void checkReadable(KubeconfigFiles files) {
                disk.checkReadable(files);
            }

            @Override
            public List<DoksAuthEntries.Found> doksAuthEntries(KubeconfigFiles files) {
                return disk.doksAuthEntries(files);
            }

            @Override
            public <T> T edit(KubeconfigFiles files, boolean create, Deadline deadline,
                              java.util.function.Function<Kubeconfigs, T> edits) {
                return disk.edit(files, create, deadline, edits);
            }

            @Override
            public Kuberc.Verdict kuberc(String command) {
                return kuberc;
            }
        };
    }

    public KubeconfigStore store() {
        return store(null);
    }

    @Override
    public boolean exists(Path file) {
        return files.containsKey(file);
    }

    @Override
    public KubeconfigDocument read(Path file) {
        String text = files.get(file);
        if (text == null) {
            return KubeconfigDocument.empty();
        }
        try {
            return KubeconfigDocument.of(KubeconfigYaml.parse(text.getBytes(StandardCharsets.UTF_8)));
        } catch (KubeconfigYaml.Refusal refusal) {
            throw DoksAuthException.failure("the kubeconfig " + file + " " + refusal.getMessage() + "; it was left as it is");
        }
    }

    @Override
    public int comments(Path file) {
        String text = files.get(file);
        return text == null ? 0 : KubeconfigYaml.comments(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(Path file, KubeconfigDocument document) {
        written.add(file);
        files.put(file, document.render());
    }

    @Override
    public <T> T locked(Path file, boolean createDirectory, Deadline deadline, KubeconfigFile.IoBody<T> body) {
        locked.add(file);
        return body.run();
    }
}
