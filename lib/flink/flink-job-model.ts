import { Expectation } from './expectation';
import { UpgradeMode } from './flink-settings';
import { DeliveryGuarantee } from './flink-table';
import { FlinkTargetKind } from './flink-target-options';
import { FlinkVersion } from './flink-version';
import { Duration } from '../core/duration';

/** A sink of a job, as the rule pack and the freshness budget see it. */
export interface FlinkSinkInfo {
  /** Table name in the job. */
  readonly tableName: string;
  /** Topic written (empty when a hand-written DDL does not say). */
  readonly topicName: string;
  /** Connector: `kafka` or `upsert-kafka`. */
  readonly connector: string;
  /** Delivery guarantee. */
  readonly deliveryGuarantee: DeliveryGuarantee;
  /** Primary key columns (empty when none). */
  readonly primaryKey: string[];
  /** Whether this is the dead-letter sink. */
  readonly deadLetter: boolean;
}

/** A watermark of a source table. */
export interface FlinkWatermarkInfo {
  /** Table name. */
  readonly tableName: string;
  /** Event-time column. */
  readonly column: string;
  /** Bounded out-of-orderness: adds to freshness downstream. */
  readonly delay: Duration;
}

/** A source table of a job. */
export interface FlinkSourceInfo {
  /** Table name. */
  readonly tableName: string;
  /** Topic read. */
  readonly topicName: string;
  /** Event-time column, if declared. */
  readonly eventTime?: string;
  /** Whether the source has a watermark. */
  readonly hasWatermark: boolean;
  /** Whether a statement that orders or groups by event time reads it (it then needs a watermark). */
  readonly feedsStatefulOperator: boolean;
  /**
   * Whether a statement emits its results only when the watermark passes (a window aggregate): the
   * watermark delay is then part of the output's delay. Latest-by-key emits each change at once.
   */
  readonly emitsOnWatermark: boolean;
}

/**
 * What a `FlinkSqlJob` is, as plain data: what the rule pack, the lock guard, the freshness budget,
 * the pipeline's alerts and the lineage read. The construct adds its identity (`jobName`) and the
 * handles users need (topics, the `FlinkDeployment`, the Confluent Cloud statements).
 */
export interface FlinkJobModel {
  /** Job name: the FlinkDeployment / statement name prefix and the consumer group. */
  readonly jobName: string;
  /** Where the job runs. */
  readonly targetKind: FlinkTargetKind;
  /** Flink version (Kubernetes). */
  readonly version: FlinkVersion;
  /** Checkpoint interval, when checkpointing is on (undefined on Confluent Cloud: managed there). */
  readonly checkpointInterval?: Duration;
  /** Whether checkpointing is on (always on Confluent Cloud). */
  readonly checkpointingEnabled: boolean;
  /** Whether checkpoints are exactly-once. */
  readonly exactlyOnce: boolean;
  /** Upgrade mode (Kubernetes). */
  readonly upgradeMode: UpgradeMode;
  /** Parallelism. */
  readonly parallelism: number;
  /** Whether the next upgrade may drop unclaimed state. */
  readonly allowNonRestoredState: boolean;
  /** The sinks with their delivery semantics. */
  readonly sinks: FlinkSinkInfo[];
  /** The sources with their event time and watermark. */
  readonly sources: FlinkSourceInfo[];
  /** The watermarks of the sources. */
  readonly watermarks: FlinkWatermarkInfo[];
  /** Every expectation of every gated statement. */
  readonly expectations: Expectation[];
  /** Name of the dead-letter topic, if any. */
  readonly deadLetterTopicName?: string;
  /** Freshness threshold the job serves, if known. */
  readonly freshnessThreshold?: Duration;
  /** Whether the job keeps state (dedup, windows, joins): then a stateless upgrade loses it. */
  readonly stateful: boolean;
  /** The generated SQL script (the whole job, as the SQL runner reads it). */
  readonly script: string;
  /** The DDL statements, in order. */
  readonly ddlStatements: string[];
  /** The one DML statement (`EXECUTE STATEMENT SET BEGIN … END;`). */
  readonly dmlStatement: string;
  /** Flink configuration (Kubernetes; empty on Confluent Cloud). */
  readonly flinkConfiguration: Record<string, string>;
}
