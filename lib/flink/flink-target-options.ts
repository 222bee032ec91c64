import { Secret } from '../core/secret';

/** Where a job runs. */
export enum FlinkTargetKind {
  /** Flink Kubernetes Operator. */
  KUBERNETES = 'kubernetes',
  /** Confluent Cloud for Apache Flink. */
  CONFLUENT_CLOUD = 'confluent-cloud',
}

/** Options of `FlinkTarget.kubernetes()`. */
export interface KubernetesFlinkTargetOptions {
  /** Namespace of the FlinkDeployment and its ConfigMap. */
  readonly namespace: string;
  /**
   * Base URI of durable state (`s3://bucket/flink`, `gs://…`, `abfss://…`): checkpoints go to
   * `<uri>/checkpoints/<job>`, savepoints to `<uri>/savepoints/<job>`, HA metadata to
   * `<uri>/ha/<job>`.
   * @default - none: only a stateless job without HA may omit it
   */
  readonly stateStorageUri?: string;
  /**
   * Image with Flink, the Kafka connectors and formats, and the SQL-runner jar at
   * `/opt/flink/usrlib/sql-runner.jar`.
   * @default - `flink:<version>` (the official image has neither connectors nor the runner:
   * fine for rendering, not for running)
   */
  readonly image?: string;
  /**
   * Service account of the Flink pods (needs the operator's RBAC for HA config maps).
   * @default 'flink'
   */
  readonly serviceAccount?: string;
  /**
   * Kubernetes HA (`high-availability.type: kubernetes`): a JobManager restart resumes from the
   * latest checkpoint instead of from nothing.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * Path of the SQL-runner jar in the image.
   * @default 'local:///opt/flink/usrlib/sql-runner.jar'
   */
  readonly sqlRunnerJarUri?: string;
}

/** Options of `FlinkTarget.confluentCloud()`. */
export interface ConfluentCloudFlinkTargetOptions {
  /** Organization id. */
  readonly organizationId: string;
  /** Environment id (`env-…`); also the default SQL catalog. */
  readonly environmentId: string;
  /** Flink compute pool id (`lfcp-…`). */
  readonly computePoolId: string;
  /** Service account that runs the statements (`sa-…`). */
  readonly principalId: string;
  /** Flink REST endpoint of the region. */
  readonly restEndpoint: string;
  /** Flink API key (a `Secret.fromTerraformVariable()`: the provider reads it). */
  readonly apiKey: Secret;
  /** Flink API secret (a `Secret.fromTerraformVariable()`: the provider reads it). */
  readonly apiSecret: Secret;
  /**
   * SQL catalog (`sql.current-catalog`): the environment's display name or id.
   * @default - the environment id
   */
  readonly catalog?: string;
  /** SQL database (`sql.current-database`): the Kafka cluster's display name or id (`lkc-…`). */
  readonly database: string;
}
