import { Duration } from '../../core/duration';
import { requireNoLiteralCredentials } from '../../core/private/secrets';
import { isToken, requireInstance, requireWholeNumber } from '../../core/private/validate';
import { ValidationError } from '../../core/private/validation-error';
import { Size } from '../../core/size';

/**
 * The topic model: plain values, validated against what Kafka itself refuses. No cdktf here, so
 * the rules are testable without a stack.
 */

/** Kafka's limit on a topic name (a partition directory name `<topic>-<partition>` must fit 255). */
export const MAX_TOPIC_NAME_LENGTH = 249;

/** Topic config keys owned by typed props: passing them through `config` is refused. */
export const TYPED_CONFIG_KEYS: Record<string, string> = {
  'cleanup.policy': 'cleanupPolicy',
  'compression.type': 'compression',
  'max.message.bytes': 'maxMessageSize',
  'min.insync.replicas': 'minInsyncReplicas',
  'retention.bytes': 'retentionBytes',
  'retention.ms': 'retention',
  'segment.ms': 'segment',
};

/** Why a topic name is refused by Kafka, or undefined when it is legal. */
export function topicNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'a non-empty string';
  if (name === '.' || name === '..') return 'not "." or ".." (Kafka refuses them)';
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `at most ${MAX_TOPIC_NAME_LENGTH} characters (got ${name.length})`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return 'made of ASCII letters, digits, ".", "_" and "-" only';
  return undefined;
}

/** Whether a name uses both "." and "_", which Kafka maps to the same metric name. */
export function mixesDotAndUnderscore(name: string): boolean {
  return name.includes('.') && name.includes('_');
}

/** The name Kafka uses in metrics: "." and "_" collide (Kafka refuses a second topic that collides). */
export function metricCollisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

/** The values the topic model needs; enums travel as their string values. */
export interface TopicModelInput {
  readonly topicName: string;
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly minInsyncReplicas?: number;
  readonly retention?: Duration;
  readonly retentionBytes?: Size;
  readonly cleanupPolicy?: string;
  readonly segment?: Duration;
  readonly compression?: string;
  readonly maxMessageSize?: Size;
  readonly config?: Record<string, string>;
}

/** A validated topic: what every renderer consumes. */
export interface ResolvedTopic {
  readonly topicName: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** Topic config (Kafka keys and string values), keys sorted. */
  readonly config: Record<string, string>;
}

export const DEFAULT_PARTITIONS = 6;
export const DEFAULT_REPLICATION_FACTOR = 3;
export const DEFAULT_MIN_INSYNC_REPLICAS = 2;

/**
 * Validate and resolve a topic. `path` names the construct in errors.
 */
export function resolveTopicModel(path: string, input: TopicModelInput): ResolvedTopic {
  if (!isToken(input.topicName)) {
    const problem = topicNameProblem(input.topicName);
    if (problem) {
      throw ValidationError.of(path, 'topicName', problem, input.topicName, 'use letters, digits, ".", "_" or "-", at most 249 characters');
    }
  }
  const partitions = input.partitions ?? DEFAULT_PARTITIONS;
  requireWholeNumber(path, 'partitions', partitions, { min: 1, fix: 'a topic needs at least one partition' });
  const replicationFactor = input.replicationFactor ?? DEFAULT_REPLICATION_FACTOR;
  requireWholeNumber(path, 'replicationFactor', replicationFactor, { min: 1, max: 0x7fff, fix: 'use 3 in production' });
  // A replication factor of 1 or 2 cannot satisfy the default of 2 in-sync replicas: follow it down.
  const minInsyncReplicas = input.minInsyncReplicas ?? Math.min(DEFAULT_MIN_INSYNC_REPLICAS, Math.max(1, replicationFactor - 1));
  requireWholeNumber(path, 'minInsyncReplicas', minInsyncReplicas, { min: 1 });
  if (!isToken(minInsyncReplicas) && !isToken(replicationFactor) && minInsyncReplicas > replicationFactor) {
    throw ValidationError.of(
      path,
      'minInsyncReplicas',
      `<= replicationFactor (${replicationFactor}); otherwise every acks=all write fails with NotEnoughReplicas`,
      minInsyncReplicas,
      `lower minInsyncReplicas to ${Math.max(1, replicationFactor - 1)} or raise replicationFactor`,
    );
  }

  const duration = 'a Duration (Duration.days(7), Duration.infinite(), …)';
  const size = 'a Size (Size.mebibytes(1), Size.gibibytes(50), …)';
  requireInstance(path, 'retention', input.retention, Duration, duration);
  requireInstance(path, 'retentionBytes', input.retentionBytes, Size, size);
  requireInstance(path, 'segment', input.segment, Duration, duration);
  requireInstance(path, 'maxMessageSize', input.maxMessageSize, Size, size);
  requireNoLiteralCredentials(path, 'config', input.config);

  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.config ?? {})) {
    if (TYPED_CONFIG_KEYS[key]) {
      throw ValidationError.of(path, `config["${key}"]`, `set through the typed prop ${TYPED_CONFIG_KEYS[key]}`, value, `remove it from config and set ${TYPED_CONFIG_KEYS[key]}`);
    }
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(key)) {
      throw ValidationError.of(path, 'config key', 'a Kafka topic config name (lowercase, dotted)', key);
    }
    if (typeof value !== 'string') {
      throw ValidationError.of(path, `config["${key}"]`, 'a string', value, `write it as "${String(value)}"`);
    }
    config[key] = value;
  }

  if (input.retention !== undefined) {
    if (!input.retention.isInfinite && input.retention.toMilliseconds() === 0) {
      throw ValidationError.of(path, 'retention', '> 0 or Duration.infinite() (0 deletes every record as soon as its segment closes)', '0ms');
    }
    config['retention.ms'] = input.retention.toKafkaMs();
  }
  if (input.retentionBytes !== undefined) {
    if (input.retentionBytes.toBytes() === 0) {
      throw ValidationError.of(path, 'retentionBytes', '> 0 (leave it unset for no size limit)', '0 bytes');
    }
    config['retention.bytes'] = input.retentionBytes.toKafkaBytes();
  }
  if (input.segment !== undefined) {
    if (input.segment.isInfinite || input.segment.toMilliseconds() < 1) {
      throw ValidationError.of(path, 'segment', 'between 1ms and a finite duration', input.segment.toHumanString());
    }
    if (input.retention && !input.retention.isInfinite && input.segment.compareTo(input.retention) > 0) {
      throw ValidationError.of(
        path,
        'segment',
        `<= retention (${input.retention.toHumanString()}): the active segment is never deleted, so records would outlive the retention`,
        input.segment.toHumanString(),
      );
    }
    config['segment.ms'] = input.segment.toKafkaMs();
  }
  if (input.maxMessageSize !== undefined) {
    if (input.maxMessageSize.toBytes() < 1 || input.maxMessageSize.toBytes() > 0x7fffffff) {
      throw ValidationError.of(path, 'maxMessageSize', 'between 1 byte and 2 GiB - 1', input.maxMessageSize.toString());
    }
    config['max.message.bytes'] = input.maxMessageSize.toKafkaBytes();
  }
  if (input.cleanupPolicy !== undefined) config['cleanup.policy'] = input.cleanupPolicy;
  if (input.compression !== undefined) config['compression.type'] = input.compression;
  config['min.insync.replicas'] = String(minInsyncReplicas);

  return {
    topicName: input.topicName,
    partitions,
    replicationFactor,
    minInsyncReplicas,
    config: sortedRecord(config),
  };
}

export function sortedRecord(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}
