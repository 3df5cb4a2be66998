// @kubernetes/client-node lists pods through a kubeconfig: node probe.mjs KUBECONFIG
import * as k8s from '@kubernetes/client-node';

const kubeconfig = new k8s.KubeConfig();
kubeconfig.loadFromFile(process.argv[2]);
const api = kubeconfig.makeApiClient(k8s.CoreV1Api);
try {
  const pods = await api.listNamespacedPod({ namespace: 'default' });
  for (const pod of pods.items) {
    console.log('pod/' + pod.metadata.name);
  }
} catch (error) {
  console.error(String(error && error.message ? error.message : error).split('\n')[0]);
  process.exit(1);
}
