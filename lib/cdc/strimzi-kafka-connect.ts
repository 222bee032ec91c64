import { Construct } from 'constructs';
import { ConnectPlugin } from './connect-plugin';
import { CONNECT_METRICS_RULES } from './private/connect-metrics';
import { DNS_LABEL, requireInstances, requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { KubernetesManifest } from '../delivery/kubernetes-manifest';
import { SyncWave } from '../delivery/sync-wave';
import { KafkaCluster } from '../kafka/kafka-cluster';

/** Props of `StrimziKafkaConnect`. */
export interface StrimziKafkaConnectProps {
  /** The Kafka cluster the workers connect to. */
  readonly cluster: KafkaCluster;
  /** Name of the `KafkaConnect` resource (connectors refer to it in `ConnectorTarget.strimzi({ connectCluster })`). */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /**
   * Worker replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Kafka version of the Connect image (`spec.version`).
   * @default - the Strimzi operator's default
   */
  readonly version?: string;
  /**
   * Plugins built into the image (`spec.build.plugins`), e.g. `ConnectPlugin.debezium(CdcEngine.MYSQL, '3.2.0.Final')`.
   * When the cluster has a Schema Registry (connectors then default to Avro) and no plugin is
   * Confluent's Avro converter, `ConnectPlugin.confluentAvroConverter()` is added.
   */
  readonly plugins: ConnectPlugin[];
  /** Image the build pushes, e.g. `registry.example.com/streaming/connect-debezium:1`. */
  readonly image: string;
  /**
   * Secret with the registry credentials for pushing the image (`spec.build.output.pushSecret`).
   * @default - none
   */
  readonly pushSecret?: string;
  /**
   * Connect group and storage topic names' prefix (`group.id`, `<prefix>-configs`, `-offsets`, `-status`).
   * @default - the resource name
   */
  readonly groupId?: string;
}

/**
 * A Strimzi `KafkaConnect` (kafka.strimzi.io/v1) able to run Debezium `KafkaConnector`s: connector
 * resources enabled (`strimzi.io/use-connector-resources: "true"`), the Debezium plugins built into
 * the image (`spec.build`), Strimzi's `KubernetesSecretConfigProvider` as `secrets` (so connector
 * configs carry `${secrets:ns/name:key}` placeholders, never passwords), and worker-side topic
 * creation off (topics come from Terraform).
 */
export class StrimziKafkaConnect extends Construct {
  /** Whether a construct is a `StrimziKafkaConnect`. */
  public static isStrimziKafkaConnect(x: any): x is StrimziKafkaConnect {
    return x instanceof StrimziKafkaConnect;
  }

  /** Name of the `KafkaConnect`. */
  public readonly connectClusterName: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The generated resource. */
  public readonly manifest: KubernetesManifest;
  /** The ConfigMap with the JMX exporter rules the `KafkaConnect`'s `metricsConfig` names. */
  public readonly metricsConfigMap: KubernetesManifest;
  /** Whether the image gets Confluent's Avro converter (given, or added for a cluster with a Schema Registry). */
  public readonly avroConverter: boolean;

  constructor(scope: Construct, id: string, props: StrimziKafkaConnectProps) {
    super(scope, id);
    if (typeof props.name !== 'string' || !DNS_LABEL.test(props.name)) throw ValidationError.of(this, 'name', 'a Kubernetes resource name', props.name);
    if (typeof props.namespace !== 'string' || !DNS_LABEL.test(props.namespace)) throw ValidationError.of(this, 'namespace', 'a Kubernetes namespace name', props.namespace);
    const replicas = props.replicas ?? 2;
    requireWholeNumber(this, 'replicas', replicas, { min: 0 });
    if (!Array.isArray(props.plugins) || props.plugins.length === 0) {
      throw ValidationError.of(this, 'plugins', 'a non-empty list', props.plugins, 'add ConnectPlugin.debezium(CdcEngine.MYSQL, "3.2.0.Final")');
    }
    requireInstances(this, 'plugins', props.plugins, ConnectPlugin, 'a ConnectPlugin (ConnectPlugin.debezium(…), …)');
    const names = props.plugins.map((p) => p.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw ValidationError.of(this, 'plugins', 'plugins with unique names', dup);
    if (typeof props.image !== 'string' || !/^[a-z0-9][\w.\-/:@]*$/i.test(props.image)) throw ValidationError.of(this, 'image', 'a container image reference', props.image);
    if (!(props.cluster instanceof KafkaCluster)) throw ValidationError.of(this, 'cluster', 'a KafkaCluster', props.cluster);
    // Connectors on a cluster with a Schema Registry default to ChangeEventFormat.AVRO, whose
    // io.confluent.connect.avro.AvroConverter is in neither Kafka nor Debezium's plugin archives:
    // without it every such connector fails with ClassNotFoundException at start.
    const plugins = [...props.plugins];
    if (props.cluster.schemaRegistryUrl && !plugins.some((p) => p.isAvroConverter)) plugins.push(ConnectPlugin.confluentAvroConverter());
    this.avroConverter = plugins.some((p) => p.isAvroConverter);
    const group = props.groupId ?? props.name;
    this.connectClusterName = props.name;
    this.namespace = props.namespace;
    // The JMX exporter rules Strimzi runs in each Connect pod: without them the connector status
    // and Debezium series the SLIs and alerts read do not exist.
    const metricsConfigMap = `${props.name}-metrics`;
    this.metricsConfigMap = new KubernetesManifest(this, 'MetricsConfig', {
      syncWave: SyncWave.CONFIG,
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: metricsConfigMap, namespace: props.namespace },
        data: { 'metrics-config.yml': CONNECT_METRICS_RULES },
      },
    });
    this.manifest = new KubernetesManifest(this, 'Resource', {
      syncWave: SyncWave.CONNECT_CLUSTER,
      manifest: {
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaConnect',
        metadata: {
          name: props.name,
          namespace: props.namespace,
          annotations: { 'strimzi.io/use-connector-resources': 'true' },
        },
        spec: {
          ...(props.version ? { version: props.version } : {}),
          replicas,
          bootstrapServers: props.cluster.bootstrapServers.join(','),
          groupId: group,
          configStorageTopic: `${group}-configs`,
          offsetStorageTopic: `${group}-offsets`,
          statusStorageTopic: `${group}-status`,
          config: {
            'config.providers': 'secrets',
            'config.providers.secrets.class': 'io.strimzi.kafka.KubernetesSecretConfigProvider',
            'topic.creation.enable': 'false',
            'config.storage.replication.factor': -1,
            'offset.storage.replication.factor': -1,
            'status.storage.replication.factor': -1,
          },
          metricsConfig: {
            type: 'jmxPrometheusExporter',
            valueFrom: { configMapKeyRef: { name: metricsConfigMap, key: 'metrics-config.yml' } },
          },
          build: {
            output: { type: 'docker', image: props.image, ...(props.pushSecret ? { pushSecret: props.pushSecret } : {}) },
            plugins: plugins.map((p) => ({ name: p.name, artifacts: [{ ...p.artifact }] })),
          },
        },
      },
    });
  }
}
