package dev.doksauth.compat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Fabric8 Kubernetes client lists pods through a kubeconfig: {@code Fabric8Probe KUBECONFIG}. */
public final class Fabric8Probe {

    private Fabric8Probe() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.pods().inNamespace("default").list().getItems()
                    .forEach(pod -> System.out.println("pod/" + pod.getMetadata().getName()));
        }
        System.exit(0);
    }
}
