import { HTTP_URL, optionalSecret, requireTerraformSecret, requireUrlWithoutCredentials } from '../core/private/secrets';
import { DNS_LABEL } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Secret } from '../core/secret';

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
export class ConnectorTarget {
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
    return new ConnectorTarget(ConnectorTargetKind.STRIMZI, options, undefined, undefined);
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
    return new ConnectorTarget(ConnectorTargetKind.KAFKA_CONNECT, undefined, options, undefined);
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
    return new ConnectorTarget(ConnectorTargetKind.CONFLUENT_CLOUD, undefined, undefined, options);
  }

  /** Which system runs the connector. */
  public readonly kind: ConnectorTargetKind;
  /** Strimzi options (Strimzi targets only). */
  public readonly strimziOptions?: StrimziConnectorTargetOptions;
  /** Kafka Connect options (Kafka Connect targets only). */
  public readonly kafkaConnectOptions?: KafkaConnectTargetOptions;
  /** Confluent Cloud options (Confluent Cloud targets only). */
  public readonly confluentCloudOptions?: ConfluentCloudTargetOptions;

  private constructor(
    kind: ConnectorTargetKind,
    strimzi?: StrimziConnectorTargetOptions,
    kafkaConnect?: KafkaConnectTargetOptions,
    confluentCloud?: ConfluentCloudTargetOptions,
  ) {
    this.kind = kind;
    this.strimziOptions = strimzi;
    this.kafkaConnectOptions = kafkaConnect;
    this.confluentCloudOptions = confluentCloud;
  }
}
