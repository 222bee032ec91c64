import { Construct } from 'constructs';
import { KafkaCluster } from './kafka-cluster';
import { CleanupPolicy, Topic } from './topic';
import { Duration } from '../core/duration';
import { ValidationError } from '../core/private/validation-error';

/**
 * Header names of the dead-letter record convention (see docs/kafka.md). A DLQ record keeps the
 * rejected record's key and value bytes unchanged and says why in these headers (UTF-8 strings),
 * so a replay tool can re-publish the value to the source topic as is.
 */
export class DlqHeaders {
  /** Stable machine-readable reason, e.g. `DESERIALIZATION`, `SCHEMA_INCOMPATIBLE`, `EXPECTATION_FAILED`. */
  public static readonly ERROR_CODE = 'dlq.error.code';
  /** Human-readable reason (exception message or the failed expectation). */
  public static readonly ERROR_MESSAGE = 'dlq.error.message';
  /** Pipeline stage that rejected the record, e.g. `cdc`, `connect-sink`, `flink-gate`, `producer-contract`. */
  public static readonly STAGE = 'dlq.stage';
  /** Connector or Flink job (or producer) that rejected the record. */
  public static readonly JOB = 'dlq.job';
  /** Name of the rule or expectation that failed, when one did. */
  public static readonly RULE = 'dlq.rule';
  /** Topic the rejected record was read from (absent when it never reached Kafka). */
  public static readonly SOURCE_TOPIC = 'dlq.source.topic';
  /** Partition it was read from. */
  public static readonly SOURCE_PARTITION = 'dlq.source.partition';
  /** Offset it was read from. */
  public static readonly SOURCE_OFFSET = 'dlq.source.offset';
  /** The rejected record's own timestamp, epoch milliseconds. */
  public static readonly SOURCE_TIMESTAMP = 'dlq.source.timestamp';
  /** When it was rejected, epoch milliseconds. */
  public static readonly FAILED_AT = 'dlq.failed.at';
  /** The value's format, e.g. `avro`, `json`, `protobuf`, `bytes` (what a replay has to decode). */
  public static readonly PAYLOAD_FORMAT = 'dlq.payload.format';

  /** Every header of the convention, in documentation order. */
  public static all(): string[] {
    return [
      DlqHeaders.ERROR_CODE,
      DlqHeaders.ERROR_MESSAGE,
      DlqHeaders.STAGE,
      DlqHeaders.JOB,
      DlqHeaders.RULE,
      DlqHeaders.SOURCE_TOPIC,
      DlqHeaders.SOURCE_PARTITION,
      DlqHeaders.SOURCE_OFFSET,
      DlqHeaders.SOURCE_TIMESTAMP,
      DlqHeaders.FAILED_AT,
      DlqHeaders.PAYLOAD_FORMAT,
    ];
  }

  private constructor() {}
}

/** Props of `DeadLetterTopic`. */
export interface DeadLetterTopicProps {
  /** The cluster the DLQ lives on (usually the one the source reads from). */
  readonly cluster: KafkaCluster;
  /**
   * What rejects the records: a topic (`inventory.orders_latest`), a connector (`store-cdc`) or a
   * Flink job (`orders-latest`). Letters, digits, ".", "_" and "-".
   */
  readonly source: string;
  /**
   * Stage inside the source, when one source rejects at several stages (e.g. `gate`, `sink`).
   * @default - one DLQ for the whole source
   */
  readonly stage?: string;
  /**
   * How long rejected records are kept: long enough for someone to notice, fix and replay.
   * @default Duration.days(14)
   */
  readonly retention?: Duration;
  /**
   * Partitions. Rejects are few; one partition keeps them in order.
   * @default 1
   */
  readonly partitions?: number;
  /**
   * Replication factor.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * `min.insync.replicas`.
   * @default 2 (1 when replicationFactor is below 3)
   */
  readonly minInsyncReplicas?: number;
  /**
   * Refuse `terraform destroy` of the DLQ.
   * @default false
   */
  readonly protectFromDestroy?: boolean;
}

/** The DLQ name prefix. "-" because it plays no part in Kafka's "."/"_" metric-name collisions. */
const PREFIX = 'dlq-';

/**
 * A dead-letter topic for one source of rejects, named by the library's one convention
 * `dlq-<source>` (or `dlq-<source>-<stage>`), kept 14 days by default with `cleanup.policy=delete`.
 * Records follow the `DlqHeaders` convention.
 */
export class DeadLetterTopic extends Topic {
  /** The DLQ name for a source (and stage): `dlq-<source>[-<stage>]`. */
  public static nameFor(source: string, stage?: string): string {
    return `${PREFIX}${source}${stage ? `-${stage}` : ''}`;
  }

  /** Whether a construct is a `DeadLetterTopic`. */
  public static isDeadLetterTopic(x: any): x is DeadLetterTopic {
    return x instanceof DeadLetterTopic;
  }

  /** What rejects the records. */
  public readonly source: string;
  /** Stage inside the source, when given. */
  public readonly stage?: string;

  constructor(scope: Construct, id: string, props: DeadLetterTopicProps) {
    super(scope, id, {
      cluster: props?.cluster,
      topicName: DeadLetterTopic.nameFor(checkPart(scope, id, 'source', props?.source), props?.stage === undefined ? undefined : checkPart(scope, id, 'stage', props.stage)),
      partitions: props.partitions ?? 1,
      replicationFactor: props.replicationFactor,
      minInsyncReplicas: props.minInsyncReplicas,
      retention: props.retention ?? Duration.days(14),
      cleanupPolicy: CleanupPolicy.DELETE,
      protectFromDestroy: props.protectFromDestroy,
    });
    this.source = props.source;
    this.stage = props.stage;
  }
}

function checkPart(scope: Construct, id: string, setting: string, value: string | undefined): string {
  if (typeof value !== 'string' || !/^[a-zA-Z0-9._-]+$/.test(value)) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    throw ValidationError.of(path, setting, 'letters, digits, ".", "_" and "-" (it becomes part of the DLQ topic name)', value);
  }
  return value;
}
