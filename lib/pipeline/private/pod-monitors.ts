import { Construct } from 'constructs';
import { stackSingleton } from '../../core/private/stack-state';
import { KubernetesManifest } from '../../delivery/kubernetes-manifest';
import { SyncWave } from '../../delivery/sync-wave';

/** Label the library puts on the pods of every `FlinkDeployment` it generates (see flink/private/deployment.ts). */
const FLINK_JOB_LABEL = 'app.kubernetes.io/name';
/** Container port (name) of Flink's Prometheus reporter, declared on `flink-main-container`. */
export const FLINK_METRICS_PORT = 'metrics';
/** Port Strimzi opens on Connect pods when `spec.metricsConfig` is set. */
export const STRIMZI_METRICS_PORT = 'tcp-prometheus';

/**
 * The `PodMonitor` that makes Prometheus scrape the Flink Prometheus reporter (port 9249) of the
 * pipeline's jobs, job and task managers alike. One per pipeline, selecting exactly its jobs by
 * name, so two pipelines in one namespace never scrape a pod twice (duplicate series would double
 * every `sum`).
 */
export function flinkPodMonitor(
  scope: Construct,
  name: string,
  namespace: string,
  jobNames: string[],
  labels: Record<string, string>,
): KubernetesManifest {
  return podMonitor(scope, 'FlinkPodMonitor', name, namespace, labels, {
    selector: { matchExpressions: [{ key: FLINK_JOB_LABEL, operator: 'In', values: [...jobNames].sort() }] },
    port: FLINK_METRICS_PORT,
  });
}

/**
 * The `PodMonitor` for a Strimzi `KafkaConnect` cluster's JMX exporter (Connect, task and Debezium
 * metrics), as in Strimzi's `strimzi-pod-monitor.yaml` example. One per stack and Connect cluster,
 * however many pipelines share it: the first pipeline (in construct order) places it, under its own
 * delivery.
 */
export function connectPodMonitor(scope: Construct, namespace: string, connectCluster: string, labels: Record<string, string>): KubernetesManifest {
  // Per stack: the Connect PodMonitors placed so far, by namespace and name.
  const placed = stackSingleton(scope, 'RealtimePipelineConnectPodMonitors', () => new Map<string, KubernetesManifest>());
  const name = `${connectCluster}-metrics`;
  const key = `${namespace}/${name}`;
  const existing = placed.get(key);
  if (existing) return existing;
  const monitor = podMonitor(scope, `ConnectPodMonitor-${connectCluster}`, name, namespace, labels, {
    selector: { matchLabels: { 'strimzi.io/cluster': connectCluster, 'strimzi.io/kind': 'KafkaConnect' } },
    port: STRIMZI_METRICS_PORT,
  });
  placed.set(key, monitor);
  return monitor;
}

function podMonitor(
  scope: Construct,
  id: string,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  target: { selector: unknown; port: string },
): KubernetesManifest {
  return new KubernetesManifest(scope, id, {
    syncWave: SyncWave.MONITORING,
    manifest: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name, namespace, labels: { ...labels, 'app.kubernetes.io/managed-by': 'cdktf-realtime-pipeline' } },
      spec: { selector: target.selector, podMetricsEndpoints: [{ port: target.port, path: '/metrics', interval: '30s' }] },
    },
  });
}
