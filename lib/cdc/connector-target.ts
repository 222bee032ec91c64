import { IConstruct } from 'constructs';
import { CONNECTOR_CLASS, renderConfluentConfig, renderDebeziumConfig } from './private/debezium-config';
import { ConnectorPlacement, renderOptions, topicResources } from './private/placement';
import { HTTP_URL, optionalSecret, requireTerraformSecret, requireUrlWithoutCredentials } from '../core/private/secrets';
import { stackProvider } from '../core/private/stack-state';
import { DNS_LABEL, escapeTerraformLiterals } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Secret, SecretSource } from '../core/secret';
import { KubernetesManifest } from '../delivery/kubernetes-manifest';
import { SyncWave } from '../delivery/sync-wave';
import { KafkaCluster, KafkaClusterKind } from '../kafka/kafka-cluster';
import { Connector as ConfluentConnector } from '../providers/confluent/connector';
import { Connector as KafkaConnectConnector } from '../providers/kafka-connect/connector';
import { KafkaConnectProvider } from '../providers/kafka-connect/provider';

/** Which system runs a `DebeziumConnector`. */
export enum ConnectorTargetKind {
  /** A Strimzi `KafkaConnector` custom resource. */
  STRIMZI = 'strimzi',
  /** A plain Kafka Connect cluster through its REST API (mongey/kafka-connect provider). */
  KAFKA_CONNECT = 'kafka-connect',
  /** A Confluent Cloud fully managed connector (`confluent_connector`). */
  CONFLUENT_CLOUD = 'confluent-cloud',
}

/** Desired state of a Strimzi connector. */
export enum ConnectorState {
  /** Running. */
  RUNNING = 'running',
  /** Paused: tasks stay assigned, nothing is read. */
  PAUSED = 'paused',
  /** Stopped: tasks are shut down, offsets kept. */
  STOPPED = 'stopped',
}

/** Options of `ConnectorTarget.strimzi()`. */
export interface StrimziConnectorTargetOptions {
  /** Name of the Strimzi `KafkaConnect` cluster (label `strimzi.io/cluster`). */
  readonly connectCluster: string;
  /** Namespace of the `KafkaConnect` cluster; also the default namespace of Kubernetes Secret references. */
  readonly namespace: string;
  /**
   * Desired connector state.
   * @default ConnectorState.RUNNING
   */
  readonly state?: ConnectorState;
  /**
   * Let Strimzi restart failed connectors and tasks (`spec.autoRestart.enabled`).
   * @default true
   */
  readonly autoRestart?: boolean;
  /**
   * Generate a `Role` and `RoleBinding` that let the Connect pods read the password Secret through
   * Strimzi's `KubernetesSecretConfigProvider` (service account `<connectCluster>-connect`).
   * @default true
   */
  readonly secretAccessRbac?: boolean;
}

/** Options of `ConnectorTarget.kafkaConnect()`. */
export interface KafkaConnectTargetOptions {
  /** URL of the Kafka Connect REST API, e.g. `https://connect.internal:8083`. */
  readonly url: string;
  /**
   * Basic-auth user of the REST API.
   * @default - no authentication
   */
  readonly basicAuthUsername?: string;
  /**
   * Basic-auth password of the REST API (a Terraform variable).
   * @default - no authentication
   */
  readonly basicAuthPassword?: Secret;
}

/** Options of `ConnectorTarget.confluentCloud()`. */
export interface ConfluentCloudTargetOptions {
  /**
   * Service account the managed connector acts as (`kafka.auth.mode=SERVICE_ACCOUNT`), e.g. `sa-abc123`.
   * Give it write access to the CDC topics.
   * @default - API key mode: `apiKey` and `apiSecret` are required
   */
  readonly serviceAccountId?: string;
  /**
   * Kafka API key for `kafka.auth.mode=KAFKA_API_KEY` (a Terraform variable).
   * @default - service account mode
   */
  readonly apiKey?: Secret;
  /**
   * Kafka API secret for `kafka.auth.mode=KAFKA_API_KEY` (a Terraform variable).
   * @default - service account mode
   */
  readonly apiSecret?: Secret;
}

/**
 * Where a Debezium source runs. One source definition renders for each target:
 * - `ConnectorTarget.strimzi()`: a `KafkaConnector` (kafka.strimzi.io/v1) through the stack's Delivery,
 *   secrets as Strimzi config-provider placeholders;
 * - `ConnectorTarget.kafkaConnect()`: a `kafka-connect_connector`, the password in `config_sensitive`;
 * - `ConnectorTarget.confluentCloud()`: a `confluent_connector` (`MySqlCdcSourceV2` /
 *   `PostgresCdcSourceV2`), the password in `config_sensitive`.
 */
export abstract class ConnectorTarget {
  /** A Strimzi `KafkaConnector`. */
  public static strimzi(options: StrimziConnectorTargetOptions): ConnectorTarget {
    const where = 'ConnectorTarget.strimzi';
    if (typeof options?.connectCluster !== 'string' || !DNS_LABEL.test(options.connectCluster)) {
      throw ValidationError.of(where, 'connectCluster', 'a Kubernetes resource name (lowercase letters, digits and "-")', options?.connectCluster);
    }
    if (typeof options.namespace !== 'string' || !DNS_LABEL.test(options.namespace)) {
      throw ValidationError.of(where, 'namespace', 'a Kubernetes namespace name', options.namespace);
    }
    if (options.state !== undefined && !Object.values(ConnectorState).includes(options.state)) {
      throw ValidationError.of(where, 'state', `one of ${Object.values(ConnectorState).join(', ')}`, options.state);
    }
    return new StrimziConnectorTarget(options);
  }

  /** A connector on a plain Kafka Connect cluster, through the mongey/kafka-connect provider. */
  public static kafkaConnect(options: KafkaConnectTargetOptions): ConnectorTarget {
    requireUrlWithoutCredentials('ConnectorTarget.kafkaConnect', 'url', options?.url, 'drop "user:password@" from the URL and set basicAuthUsername and basicAuthPassword: Secret.fromTerraformVariable("NAME")');
    if (typeof options?.url !== 'string' || !HTTP_URL.test(options.url)) {
      throw ValidationError.of('ConnectorTarget.kafkaConnect', 'url', 'an http(s) URL', options?.url, 'e.g. "https://connect.internal:8083"');
    }
    if ((options.basicAuthUsername === undefined) !== (options.basicAuthPassword === undefined)) {
      throw ValidationError.of('ConnectorTarget.kafkaConnect', 'basicAuthUsername/basicAuthPassword', 'both set or both unset', options.basicAuthUsername ?? '(password only)');
    }
    if (options.basicAuthPassword !== undefined) requireTerraformSecret('ConnectorTarget.kafkaConnect', 'basicAuthPassword', options.basicAuthPassword);
    return new KafkaConnectConnectorTarget(options);
  }

  /** A Confluent Cloud fully managed connector. */
  public static confluentCloud(options: ConfluentCloudTargetOptions = {}): ConnectorTarget {
    const where = 'ConnectorTarget.confluentCloud';
    const fix = 'pass Secret.fromTerraformVariable("NAME") and set TF_VAR_NAME in CI';
    optionalSecret(where, 'apiKey', options.apiKey, fix);
    optionalSecret(where, 'apiSecret', options.apiSecret, fix);
    const keyMode = options.apiKey !== undefined || options.apiSecret !== undefined;
    if (options.serviceAccountId !== undefined && keyMode) {
      throw ValidationError.of(where, 'serviceAccountId', 'set without apiKey/apiSecret (one auth mode)', options.serviceAccountId);
    }
    if (options.serviceAccountId === undefined && (!options.apiKey || !options.apiSecret)) {
      throw ValidationError.of(where, 'serviceAccountId or apiKey+apiSecret', 'set', 'nothing', 'pass { serviceAccountId: "sa-…" } or both Kafka API key Secrets');
    }
    if (options.serviceAccountId !== undefined && !/^sa-[A-Za-z0-9]+$/.test(options.serviceAccountId)) {
      throw ValidationError.of(where, 'serviceAccountId', 'a Confluent service account id like "sa-abc123"', options.serviceAccountId);
    }
    return new ConfluentCloudConnectorTarget(options);
  }

  /** Which system runs the connector. */
  public abstract readonly kind: ConnectorTargetKind;
  /** Strimzi options (Strimzi targets only). */
  public readonly strimziOptions?: StrimziConnectorTargetOptions;
  /** Kafka Connect options (Kafka Connect targets only). */
  public readonly kafkaConnectOptions?: KafkaConnectTargetOptions;
  /** Confluent Cloud options (Confluent Cloud targets only). */
  public readonly confluentCloudOptions?: ConfluentCloudTargetOptions;

  /**
   * Refuse a connector this target cannot run (before anything is created for it).
   * @internal
   */
  public _check(_connector: IConstruct, _cluster: KafkaCluster): void {}

  /**
   * Create what runs the connector, below `p.scope`; returns the connector configuration as the
   * target runs it.
   * @internal
   */
  public abstract _place(p: ConnectorPlacement): Record<string, string>;
}

/** A Strimzi `KafkaConnector`, with RBAC for the Secrets its placeholders read. */
class StrimziConnectorTarget extends ConnectorTarget {
  public readonly kind = ConnectorTargetKind.STRIMZI;
  public readonly strimziOptions: StrimziConnectorTargetOptions;

  constructor(options: StrimziConnectorTargetOptions) {
    super();
    this.strimziOptions = options;
  }

  public _place(p: ConnectorPlacement): Record<string, string> {
    const o = this.strimziOptions;
    const password = p.source.password.toConnectPlaceholder(p.scope, o.namespace);
    const full = renderDebeziumConfig(p.source, p.identity, renderOptions(p, password));
    const config: Record<string, string> = { ...full };
    delete config['connector.class'];
    delete config['tasks.max'];
    new KubernetesManifest(p.scope, 'KafkaConnector', {
      syncWave: SyncWave.CONNECTORS,
      manifest: {
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaConnector',
        metadata: { name: p.connectorName, namespace: o.namespace, labels: { 'strimzi.io/cluster': o.connectCluster } },
        spec: {
          class: CONNECTOR_CLASS[p.source.engine],
          // Debezium's MySQL and Postgres connectors always run one task.
          tasksMax: 1,
          state: o.state ?? ConnectorState.RUNNING,
          autoRestart: { enabled: o.autoRestart ?? true },
          config,
        },
      },
    });
    if (o.secretAccessRbac ?? true) grantSecretReads(p, o.connectCluster, o.namespace);
    return full;
  }
}

/**
 * A `Role` and `RoleBinding` per namespace letting the Connect service account read exactly the
 * Kubernetes Secrets the connector's placeholders name: the database password and the cluster's
 * SASL password of Debezium's own clients.
 */
function grantSecretReads(p: ConnectorPlacement, connectCluster: string, namespace: string) {
  const byNamespace = new Map<string, string[]>();
  const secrets = [p.source.password, p.saslPassword];
  for (const secret of secrets as any[]) {
    if (secret?.source !== SecretSource.KUBERNETES_SECRET) continue;
    const ns: string = secret.namespace ?? namespace;
    const names = byNamespace.get(ns) ?? [];
    if (!names.includes(secret.secretName)) names.push(secret.secretName);
    byNamespace.set(ns, names);
  }
  let first = true;
  for (const [ns, names] of byNamespace) {
    const name = `${p.connectorName}-secret-reader`;
    // The first namespace keeps the construct ids connectors had before SASL secrets were added.
    const suffix = first ? '' : `-${ns}`;
    first = false;
    new KubernetesManifest(p.scope, `SecretReaderRole${suffix}`, {
      manifest: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace: ns },
        rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: names, verbs: ['get'] }],
      },
    });
    new KubernetesManifest(p.scope, `SecretReaderBinding${suffix}`, {
      manifest: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: ns },
        subjects: [{ kind: 'ServiceAccount', name: `${connectCluster}-connect`, namespace }],
        roleRef: { kind: 'Role', name, apiGroup: 'rbac.authorization.k8s.io' },
      },
    });
  }
}

/** A connector on a Kafka Connect cluster, through its REST API (mongey/kafka-connect). */
class KafkaConnectConnectorTarget extends ConnectorTarget {
  public readonly kind = ConnectorTargetKind.KAFKA_CONNECT;
  public readonly kafkaConnectOptions: KafkaConnectTargetOptions;

  constructor(options: KafkaConnectTargetOptions) {
    super();
    this.kafkaConnectOptions = options;
  }

  public _place(p: ConnectorPlacement): Record<string, string> {
    const o = this.kafkaConnectOptions;
    const full = renderDebeziumConfig(p.source, p.identity, renderOptions(p, p.source.password.toTerraformValue(p.scope)));
    const config: Record<string, string> = { ...full };
    const sensitive = { 'database.password': config['database.password'] };
    delete config['database.password'];
    new KafkaConnectConnector(p.scope, 'Connector', {
      provider: kafkaConnectProvider(p.scope, o),
      name: p.connectorName,
      config: escapeTerraformLiterals(config),
      configSensitive: sensitive,
      dependsOn: topicResources(p.topics),
    });
    return full;
  }
}

/** One kafka-connect provider per stack and Connect URL (aliased after the first). */
function kafkaConnectProvider(scope: IConstruct, o: KafkaConnectTargetOptions): KafkaConnectProvider {
  return stackProvider(scope, {
    type: KafkaConnectProvider,
    key: `kafka-connect:${o.url}`,
    id: 'kafka-connect',
    // Every setting is literal text for Terraform; the password is a variable reference (a token).
    create: (stack, id, alias) => new KafkaConnectProvider(stack, id, escapeTerraformLiterals({
      alias,
      url: o.url,
      basicAuthUsername: o.basicAuthUsername,
      basicAuthPassword: o.basicAuthPassword?.toTerraformValue(stack),
    })),
  });
}

/** A Confluent Cloud fully managed connector (`confluent_connector`). */
class ConfluentCloudConnectorTarget extends ConnectorTarget {
  public readonly kind = ConnectorTargetKind.CONFLUENT_CLOUD;
  public readonly confluentCloudOptions: ConfluentCloudTargetOptions;

  constructor(options: ConfluentCloudTargetOptions) {
    super();
    this.confluentCloudOptions = options;
  }

  public _check(connector: IConstruct, cluster: KafkaCluster): void {
    if (cluster.kind !== KafkaClusterKind.CONFLUENT_CLOUD) {
      throw ValidationError.of(connector, 'target', 'ConnectorTarget.confluentCloud() only with a KafkaCluster.confluentCloud()', this.kind);
    }
  }

  public _place(p: ConnectorPlacement): Record<string, string> {
    const o = this.confluentCloudOptions;
    const terraformOnly = (setting: string, s: Secret) => {
      if (s.source !== SecretSource.TERRAFORM_VARIABLE) {
        throw ValidationError.of(p.scope, setting, 'a Terraform variable secret (Confluent Cloud cannot resolve Kubernetes or config-provider references)', s, 'use Secret.fromTerraformVariable()');
      }
    };
    terraformOnly('source.password', p.source.password);
    if (o.apiKey) terraformOnly('target.apiKey', o.apiKey);
    if (o.apiSecret) terraformOnly('target.apiSecret', o.apiSecret);
    const rendered = renderConfluentConfig(p.source, p.identity, {
      connectorName: p.connectorName,
      format: p.format,
      password: p.source.password.toTerraformValue(p.scope),
      serviceAccountId: o.serviceAccountId,
      apiKey: o.apiKey?.toTerraformValue(p.scope),
      apiSecret: o.apiSecret?.toTerraformValue(p.scope),
    });
    new ConfluentConnector(p.scope, 'Connector', {
      provider: p.cluster._provider(p.scope),
      environment: { id: p.cluster.environmentId! },
      kafkaCluster: { id: p.cluster.clusterId! },
      configNonsensitive: escapeTerraformLiterals(rendered.nonsensitive),
      configSensitive: rendered.sensitive,
      dependsOn: topicResources(p.topics),
    });
    return rendered.nonsensitive;
  }
}
