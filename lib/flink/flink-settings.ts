import { Duration } from '../core/duration';
import { requireTerraformSecret, requireUrlWithoutCredentials } from '../core/private/secrets';
import { DNS_LABEL, requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Secret } from '../core/secret';
import { Size } from '../core/size';

/** How the operator carries state across a spec change (`spec.job.upgradeMode`). */
export enum UpgradeMode {
  /** Start from empty state: only for stateless jobs. */
  STATELESS = 'stateless',
  /** Take a savepoint, stop, start from it: the safe default for stateful SQL. */
  SAVEPOINT = 'savepoint',
  /** Start from the latest checkpoint kept by HA metadata: fast, needs checkpointing and HA. */
  LAST_STATE = 'last-state',
}

/** Checkpointing mode. */
export enum CheckpointingMode {
  /** `EXACTLY_ONCE`: aligned barriers; needed for exactly-once Kafka sinks. */
  EXACTLY_ONCE = 'EXACTLY_ONCE',
  /** `AT_LEAST_ONCE`. */
  AT_LEAST_ONCE = 'AT_LEAST_ONCE',
}

/** Options of `Checkpointing.every()`. */
export interface CheckpointingOptions {
  /**
   * Checkpointing mode.
   * @default CheckpointingMode.EXACTLY_ONCE
   */
  readonly mode?: CheckpointingMode;
  /**
   * Incremental RocksDB checkpoints (only changed SST files are uploaded).
   * @default true
   */
  readonly incremental?: boolean;
  /**
   * Keep the last checkpoint when the job is cancelled (`RETAIN_ON_CANCELLATION`), so a cancelled
   * job can be restarted from it.
   * @default true
   */
  readonly retainOnCancel?: boolean;
  /**
   * Minimum pause between the end of one checkpoint and the start of the next.
   * @default - none
   */
  readonly minPause?: Duration;
  /**
   * Checkpoint timeout.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
}

/**
 * Checkpointing of a job. There is deliberately no default interval: with exactly-once Kafka sinks
 * and `read_committed` consumers, rows become visible only when a checkpoint completes, so the
 * interval is part of end-to-end freshness and must be chosen.
 */
export class Checkpointing {
  /** Checkpoint every `interval` (RocksDB, incremental, exactly-once, retained on cancel by default). */
  public static every(interval: Duration, options: CheckpointingOptions = {}): Checkpointing {
    if (!interval || interval.isInfinite || interval.toMilliseconds() < 10) {
      throw new ValidationError({
        path: 'Checkpointing.every',
        setting: 'interval',
        limit: 'a finite duration >= 10 ms (Flink\'s minimum)',
        value: interval ? interval.toHumanString() : 'nothing',
      });
    }
    return new Checkpointing(interval, options);
  }

  /** No checkpointing: state is lost on failure and exactly-once sinks never commit. */
  public static disabled(): Checkpointing {
    return new Checkpointing(undefined, {});
  }

  /** Interval, when enabled. */
  public readonly interval?: Duration;
  /** Mode. */
  public readonly mode: CheckpointingMode;
  /** Incremental checkpoints. */
  public readonly incremental: boolean;
  /** Retain on cancel. */
  public readonly retainOnCancel: boolean;
  /** Minimum pause. */
  public readonly minPause?: Duration;
  /** Timeout. */
  public readonly timeout: Duration;

  private constructor(interval: Duration | undefined, options: CheckpointingOptions) {
    this.interval = interval;
    this.mode = options.mode ?? CheckpointingMode.EXACTLY_ONCE;
    this.incremental = options.incremental ?? true;
    this.retainOnCancel = options.retainOnCancel ?? true;
    this.minPause = options.minPause;
    this.timeout = options.timeout ?? Duration.minutes(10);
  }

  /** Whether checkpoints are taken. */
  public get enabled(): boolean {
    return this.interval !== undefined;
  }
}

/** How Flink restarts a failed job. */
export class RestartStrategy {
  /** Exponential back-off between restarts (Flink's default when checkpointing is on). */
  public static exponentialDelay(initialBackoff: Duration = Duration.seconds(1), maxBackoff: Duration = Duration.minutes(1)): RestartStrategy {
    return new RestartStrategy({
      'restart-strategy.type': 'exponential-delay',
      'restart-strategy.exponential-delay.initial-backoff': initialBackoff.toFlink(),
      'restart-strategy.exponential-delay.max-backoff': maxBackoff.toFlink(),
    });
  }
  /** A fixed number of attempts with a fixed delay; then the job fails. */
  public static fixedDelay(attempts: number, delay: Duration): RestartStrategy {
    requireWholeNumber('RestartStrategy.fixedDelay', 'attempts', attempts, { min: 1 });
    return new RestartStrategy({
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': String(attempts),
      'restart-strategy.fixed-delay.delay': delay.toFlink(),
    });
  }
  /** Never restart: the first failure fails the job. */
  public static none(): RestartStrategy {
    return new RestartStrategy({ 'restart-strategy.type': 'none' });
  }

  /** The Flink configuration this strategy sets. */
  public readonly configuration: Record<string, string>;

  private constructor(configuration: Record<string, string>) {
    this.configuration = configuration;
  }
}

/** CPU and memory of a JobManager or TaskManager pod. */
export interface FlinkResources {
  /**
   * CPU cores.
   * @default 1
   */
  readonly cpu?: number;
  /**
   * Process memory (whole mebibytes).
   * @default Size.gibibytes(2) for the JobManager, Size.gibibytes(4) for TaskManagers
   */
  readonly memory?: Size;
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

/**
 * Where Flink credentials belong: never in the configuration or the script, which the library
 * writes into ConfigMaps and FlinkDeployments.
 */
export const FLINK_CREDENTIALS_FIX =
  'give the Flink pods their credentials outside the configuration: the service account (IRSA, Workload Identity) for object stores, '
  + 'or environment variables from a Kubernetes Secret through the pod template; configuration and scripts are written into the synthesized files';

/** Where a Flink SQL job runs. */
export class FlinkTarget {
  /** The Flink Kubernetes Operator: a `FlinkDeployment` running the script through a SQL-runner jar. */
  public static kubernetes(options: KubernetesFlinkTargetOptions): FlinkTarget {
    if (typeof options?.namespace !== 'string' || !DNS_LABEL.test(options.namespace)) {
      throw new ValidationError({ path: 'FlinkTarget.kubernetes', setting: 'namespace', limit: 'a Kubernetes namespace name (a DNS label)', value: JSON.stringify(options?.namespace) });
    }
    if (options.serviceAccount !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(options.serviceAccount)) {
      throw new ValidationError({ path: 'FlinkTarget.kubernetes', setting: 'serviceAccount', limit: 'a Kubernetes service account name', value: JSON.stringify(options.serviceAccount) });
    }
    requireUrlWithoutCredentials('FlinkTarget.kubernetes', 'stateStorageUri', options.stateStorageUri, FLINK_CREDENTIALS_FIX);
    return new FlinkTarget(options, undefined);
  }
  /** Confluent Cloud for Apache Flink: one `confluent_flink_statement` per statement. */
  public static confluentCloud(options: ConfluentCloudFlinkTargetOptions): FlinkTarget {
    requireTerraformSecret('FlinkTarget.confluentCloud', 'apiKey', options?.apiKey);
    requireTerraformSecret('FlinkTarget.confluentCloud', 'apiSecret', options.apiSecret);
    return new FlinkTarget(undefined, options);
  }

  /** Kubernetes options, when the target is Kubernetes. */
  public readonly kubernetesOptions?: KubernetesFlinkTargetOptions;
  /** Confluent Cloud options, when the target is Confluent Cloud. */
  public readonly confluentCloudOptions?: ConfluentCloudFlinkTargetOptions;

  private constructor(kubernetes?: KubernetesFlinkTargetOptions, confluentCloud?: ConfluentCloudFlinkTargetOptions) {
    this.kubernetesOptions = kubernetes;
    this.confluentCloudOptions = confluentCloud;
  }
}
