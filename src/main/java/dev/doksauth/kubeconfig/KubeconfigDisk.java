package dev.doksauth.kubeconfig;

import dev.doksauth.credential.Deadline;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@link KubeconfigStore} on the files kubectl reads, found through the command's environment. */
public final class KubeconfigDisk implements KubeconfigStore {

    private final Map<String, String> env;
    private final Kubeconfigs.Documents documents;

    public KubeconfigDisk(Map<String, String> env) {
        this(env, Kubeconfigs.Documents.FILES);
    }

    KubeconfigDisk(Map<String, String> env, Kubeconfigs.Documents documents) {
        this.env = env;
        this.documents = documents;
    }

    @Override
    public KubeconfigFiles files(String option) {
        return KubeconfigFiles.resolve(option, env, documents::exists);
    }

    @Override
    public KubeconfigFiles existing(KubeconfigFiles files) {
        return files.existing(documents::exists);
    }

    @Override
    public void checkReadable(KubeconfigFiles files) {
        Kubeconfigs.checkReadable(files, documents);
    }

    @Override
    public List<DoksAuthEntries.Found> doksAuthEntries(KubeconfigFiles files) {
        return DoksAuthEntries.read(files, documents);
    }

    @Override
    public <T> T edit(KubeconfigFiles files, boolean create, Deadline deadline, Function<Kubeconfigs, T> edits) {
        return Kubeconfigs.edit(files, create, deadline, edits, documents);
    }

    @Override
    public Kuberc.Verdict kuberc(String command) {
        return Kuberc.judge(command, env);
    }
}
