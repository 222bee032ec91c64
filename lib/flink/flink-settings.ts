import { Duration } from '../core/duration';
import { requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
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

/**
 * Where Flink credentials belong: never in the configuration or the script, which the library
 * writes into ConfigMaps and FlinkDeployments.
 */
export const FLINK_CREDENTIALS_FIX =
  'give the Flink pods their credentials outside the configuration: the service account (IRSA, Workload Identity) for object stores, '
  + 'or environment variables from a Kubernetes Secret through the pod template; configuration and scripts are written into the synthesized files';
