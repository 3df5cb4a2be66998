package dev.doksauth.compat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;

import java.io.FileReader;
import java.nio.file.Path;

/** The official Kubernetes Java client lists pods through a kubeconfig: {@code OfficialJavaProbe KUBECONFIG}. */
public final class OfficialJavaProbe {

    private OfficialJavaProbe() {
    }

    public static void main(String[] args) throws Exception {
        KubeConfig kubeconfig;
        try (FileReader reader = new FileReader(args[0])) {
            kubeconfig = KubeConfig.loadKubeConfig(reader);
        }
        kubeconfig.setFile(Path.of(args[0]).toFile());
        ApiClient client = ClientBuilder.kubeconfig(kubeconfig).build();
        new CoreV1Api(client).listNamespacedPod("default").execute().getItems()
                .forEach(pod -> System.out.println("pod/" + pod.getMetadata().getName()));
        System.exit(0);
    }
}
