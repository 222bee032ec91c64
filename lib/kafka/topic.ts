import { Construct, IConstruct } from 'constructs';
import { KafkaCluster } from './kafka-cluster';
import { AclEntry, aclId, readAcls, writeAcls } from './private/render';
import { DEFAULT_PARTITIONS, metricCollisionKey, resolveTopicModel, topicNameProblem } from './private/topic-model';
import { Duration } from '../core/duration';
import { oncePerStack } from '../core/private/stack-state';
import { DNS_LABEL, isToken } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Size } from '../core/size';

/** Kafka's `cleanup.policy`. */
export enum CleanupPolicy {
  /** Delete segments older than the retention. */
  DELETE = 'delete',
  /** Keep the latest record per key. */
  COMPACT = 'compact',
  /** Compact, and also delete by retention: changelog and upsert topics that must not grow forever. */
  COMPACT_DELETE = 'compact,delete',
}

/** Kafka's `compression.type` for a topic. */
export enum CompressionType {
  /** Keep whatever codec the producer used (Kafka's default). */
  PRODUCER = 'producer',
  /** Store uncompressed. */
  UNCOMPRESSED = 'uncompressed',
  /** gzip. */
  GZIP = 'gzip',
  /** snappy. */
  SNAPPY = 'snappy',
  /** lz4. */
  LZ4 = 'lz4',
  /** zstd. */
  ZSTD = 'zstd',
}

/** Where a Strimzi `KafkaTopic` for the topic goes. */
export interface StrimziTopicOptions {
  /** Name of the Strimzi `Kafka` cluster (label `strimzi.io/cluster`). */
  readonly clusterName: string;
  /** Namespace the Strimzi topic operator watches. */
  readonly namespace: string;
}

/** A Kafka topic, created here or imported. */
export interface ITopic extends IConstruct {
  /** The topic's name in Kafka. */
  readonly topicName: string;
  /** Number of partitions. Throws for an import that was not told its partition count. */
  readonly partitions: number;
  /** The cluster holding the topic. */
  readonly cluster: KafkaCluster;
  /**
   * Let a principal consume the topic with one consumer group: topic READ and DESCRIBE, group READ.
   * @param principal e.g. `User:orders-service` (Confluent: `User:sa-abc123`)
   * @param consumerGroup the consumer group id it uses
   */
  grantRead(principal: string, consumerGroup: string): void;
  /**
   * Let a principal produce to the topic: topic WRITE and DESCRIBE.
   * @param principal e.g. `User:orders-service`
   */
  grantWrite(principal: string): void;
}

/**
 * What a `Topic` is, as plain data: what the rule pack, the lineage and the rehearsal read. The
 * construct adds its identity (`topicName`, `cluster`) and the grants.
 */
export interface TopicModel {
  /** The topic's name in Kafka. */
  readonly topicName: string;
  /** Number of partitions. */
  readonly partitions: number;
  /** Replication factor. */
  readonly replicationFactor: number;
  /** `min.insync.replicas`. */
  readonly minInsyncReplicas: number;
  /**
   * The complete topic config as rendered (Kafka keys, string values, keys sorted): every typed
   * setting (`retention.ms`, `segment.ms`, `compression.type`, …) and the pass-through `config`.
   */
  readonly config: Record<string, string>;
  /** `retention.ms` as given, when set (the rules compare it as a duration). */
  readonly retention?: Duration;
  /** `cleanup.policy` as given, when set. */
  readonly cleanupPolicy?: CleanupPolicy;
  /** Whether Terraform refuses to destroy the topic. */
  readonly protectFromDestroy: boolean;
  /** The Strimzi placement, when the topic is a Strimzi `KafkaTopic`. */
  readonly strimzi?: StrimziTopicOptions;
}

/** Props of `Topic`. */
export interface TopicProps {
  /** The cluster the topic lives on. */
  readonly cluster: KafkaCluster;
  /** Topic name: ASCII letters, digits, ".", "_" and "-", at most 249 characters. Use "." or "_", not both. */
  readonly topicName: string;
  /**
   * Number of partitions (can be raised later, never lowered; raising it moves keys to other partitions).
   * @default 6
   */
  readonly partitions?: number;
  /**
   * Replication factor. Confluent Cloud fixes it at 3.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * `min.insync.replicas`: with `acks=all`, a write succeeds only when this many replicas have it.
   * @default 2 (1 when replicationFactor is below 3)
   */
  readonly minInsyncReplicas?: number;
  /**
   * `retention.ms`. `Duration.infinite()` keeps records forever.
   * @default - the broker default (7 days on Apache Kafka)
   * @see https://kafka.apache.org/documentation/#topicconfigs_retention.ms
   */
  readonly retention?: Duration;
  /**
   * `retention.bytes`, per partition.
   * @default - no size limit
   */
  readonly retentionBytes?: Size;
  /**
   * `cleanup.policy`.
   * @default - the broker default (`delete`)
   */
  readonly cleanupPolicy?: CleanupPolicy;
  /**
   * `segment.ms`: how long a segment stays open. Compaction and retention only act on closed segments.
   * @default - the broker default (7 days)
   */
  readonly segment?: Duration;
  /**
   * `compression.type`.
   * @default - the broker default (`producer`)
   */
  readonly compression?: CompressionType;
  /**
   * `max.message.bytes`: the largest record batch the topic accepts.
   * @default - the broker default (1 MiB)
   */
  readonly maxMessageSize?: Size;
  /**
   * Other topic configs, passed through as is (keys owned by the typed props above are refused).
   * @default - none
   * @see https://kafka.apache.org/documentation/#topicconfigs
   */
  readonly config?: Record<string, string>;
  /**
   * Manage the topic with the Strimzi topic operator: a `KafkaTopic` (kafka.strimzi.io/v1) is
   * generated through the stack's Delivery instead of a `kafka_topic` Terraform resource (one owner
   * per topic: two would fight over its config). Self-managed clusters only. ACLs still go through
   * Terraform.
   * @default - the topic is a Terraform resource
   */
  readonly strimzi?: StrimziTopicOptions;
  /**
   * Refuse `terraform destroy` of the topic (Terraform `lifecycle.prevent_destroy`). Set it on
   * topics that hold data you cannot replay.
   * @default false
   */
  readonly protectFromDestroy?: boolean;
}

/** What `Topic` and imported topics share: grants. */
abstract class TopicBase extends Construct implements ITopic {
  public abstract readonly topicName: string;
  public abstract readonly partitions: number;
  public abstract readonly cluster: KafkaCluster;

  public grantRead(principal: string, consumerGroup: string): void {
    this.requirePrincipal(principal);
    if (!isToken(consumerGroup) && (typeof consumerGroup !== 'string' || consumerGroup.trim().length === 0)) {
      throw ValidationError.of(this, 'consumerGroup', 'a non-empty consumer group id', consumerGroup, 'pass the group.id the consumer uses');
    }
    this.placeAcls(readAcls(principal, this.topicName, consumerGroup));
  }

  public grantWrite(principal: string): void {
    this.requirePrincipal(principal);
    this.placeAcls(writeAcls(principal, this.topicName));
  }

  private requirePrincipal(principal: string) {
    if (isToken(principal)) return;
    if (typeof principal !== 'string' || !/^[A-Za-z]+:\S+$/.test(principal)) {
      throw ValidationError.of(this, 'principal', 'a Kafka principal "Type:name"', principal, 'e.g. "User:orders-service" or, on Confluent Cloud, "User:sa-abc123"');
    }
  }

  private placeAcls(entries: AclEntry[]) {
    for (const entry of entries) {
      const id = aclId(entry);
      if (this.node.tryFindChild(id)) continue;
      this.cluster._placeAcl(this, id, entry);
    }
  }
}

class ImportedTopic extends TopicBase {
  public readonly topicName: string;
  public readonly cluster: KafkaCluster;
  private readonly knownPartitions?: number;

  constructor(scope: Construct, id: string, topicName: string, cluster: KafkaCluster, partitions?: number) {
    super(scope, id);
    if (!isToken(topicName)) {
      const problem = topicNameProblem(topicName);
      if (problem) throw ValidationError.of(this, 'topicName', problem, topicName);
    }
    if (!(cluster instanceof KafkaCluster)) {
      throw ValidationError.of(this, 'cluster', 'a KafkaCluster', cluster, 'pass KafkaCluster.selfManaged() or KafkaCluster.confluentCloud()');
    }
    this.topicName = topicName;
    this.cluster = cluster;
    this.knownPartitions = partitions;
  }

  public get partitions(): number {
    if (this.knownPartitions === undefined) {
      throw ValidationError.of(this, 'partitions', 'known for this use', 'unknown (imported topic)', 'pass the partition count as the last argument of Topic.fromName()');
    }
    return this.knownPartitions;
  }
}

/**
 * A Kafka topic: a `kafka_topic` (self-managed) or `confluent_kafka_topic` (Confluent Cloud)
 * from one set of props, or a Strimzi `KafkaTopic`. Validates what Kafka would refuse at synth
 * and warns on what Kafka accepts but users regret.
 */
export class Topic extends TopicBase {
  /** Partitions of a topic that sets none (also the pipeline environments' default). */
  public static readonly DEFAULT_PARTITIONS = DEFAULT_PARTITIONS;

  /**
   * An existing topic, not managed here (grants still work).
   * @param partitions its partition count, when something needs it
   */
  public static fromName(scope: Construct, id: string, topicName: string, cluster: KafkaCluster, partitions?: number): ITopic {
    return new ImportedTopic(scope, id, topicName, cluster, partitions);
  }

  /** Whether a construct is a `Topic` (created here, not imported). */
  public static isTopic(x: any): x is Topic {
    return x instanceof Topic;
  }

  public readonly topicName: string;
  public readonly partitions: number;
  public readonly cluster: KafkaCluster;
  /** What the topic is, as plain data (partitions, replication, config, protection, placement). */
  public readonly model: TopicModel;

  constructor(scope: Construct, id: string, props: TopicProps) {
    super(scope, id);
    if (!(props?.cluster instanceof KafkaCluster)) {
      throw ValidationError.of(this, 'cluster', 'a KafkaCluster', props?.cluster, 'pass KafkaCluster.selfManaged() or KafkaCluster.confluentCloud()');
    }
    if (props.cleanupPolicy !== undefined && !Object.values(CleanupPolicy).includes(props.cleanupPolicy)) {
      throw ValidationError.of(this, 'cleanupPolicy', `one of ${Object.values(CleanupPolicy).join(', ')}`, props.cleanupPolicy);
    }
    if (props.compression !== undefined && !Object.values(CompressionType).includes(props.compression)) {
      throw ValidationError.of(this, 'compression', `one of ${Object.values(CompressionType).join(', ')}`, props.compression);
    }
    const model = resolveTopicModel(this.node.path, props);
    props.cluster._checkTopic(this, model, props.strimzi);
    if (props.strimzi) {
      for (const key of ['clusterName', 'namespace'] as const) {
        const v = props.strimzi[key];
        if (typeof v !== 'string' || !DNS_LABEL.test(v)) {
          throw ValidationError.of(this, `strimzi.${key}`, 'a DNS label (lowercase letters, digits and "-")', v);
        }
      }
    }

    this.topicName = model.topicName;
    this.partitions = model.partitions;
    this.cluster = props.cluster;
    this.model = {
      ...model,
      retention: props.retention,
      cleanupPolicy: props.cleanupPolicy,
      protectFromDestroy: props.protectFromDestroy ?? false,
      strimzi: props.strimzi,
    };

    this.cluster._placeTopic(this, model, { strimzi: props.strimzi, protectFromDestroy: this.model.protectFromDestroy });
    registerCollisionCheck(this);
  }
}

/**
 * Kafka refuses a topic whose metric name collides with an existing one (`a.b` vs `a_b`), and two
 * topics with one name in one cluster: check the whole stack once, when it validates.
 */
function registerCollisionCheck(topic: Topic) {
  oncePerStack(topic, 'RealtimePipelineTopicCollisions', (stack) => stack.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      const seen = new Map<KafkaCluster, Map<string, Topic>>();
      for (const t of stack.node.findAll().filter(Topic.isTopic)) {
        if (isToken(t.topicName)) continue;
        let byKey = seen.get(t.cluster);
        if (!byKey) seen.set(t.cluster, (byKey = new Map()));
        const key = metricCollisionKey(t.topicName);
        const other = byKey.get(key);
        if (other) {
          const why = other.topicName === t.topicName ? 'is defined twice' : `collides with "${other.topicName}" (Kafka refuses names that differ only in "." versus "_")`;
          errors.push(`[${t.node.path}] topicName "${t.topicName}" ${why} (first at ${other.node.path}).`);
        } else {
          byKey.set(key, t);
        }
      }
      return errors;
    },
  }));
}
