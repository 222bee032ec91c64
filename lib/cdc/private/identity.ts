import { CdcEngine } from '../cdc-options';
import type { CdcSource } from '../cdc-source';

/**
 * The identity of a running source: the names Debezium keys its offsets, slot and topics by.
 * Changing any of them makes the connector start over (full snapshot into new topics / a new slot).
 */
export interface CdcIdentity {
  readonly topicPrefix: string;
  /** Postgres only. */
  readonly slotName?: string;
  /** Postgres only. */
  readonly publicationName?: string;
  /** MySQL only. */
  readonly serverId?: number;
}

/** Postgres identifiers derived from a topic prefix: lowercase, `_` for anything else, at most 63. */
export function pgName(prefix: string, topicPrefix: string): string {
  return `${prefix}${topicPrefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

export function resolveIdentity(source: CdcSource, defaultTopicPrefix: string): CdcIdentity {
  const topicPrefix = source.topicPrefix ?? defaultTopicPrefix;
  if (source.engine === CdcEngine.MYSQL) return { topicPrefix, serverId: source.serverId };
  return {
    topicPrefix,
    slotName: source.slotName ?? pgName('debezium_', topicPrefix),
    publicationName: source.publicationName ?? pgName('dbz_', topicPrefix),
  };
}

/** Topic names a source writes to, all derived from the identity. */
export const topicNames = {
  /** Debezium's own naming: `<topic.prefix>.<database|schema>.<table>`. */
  table: (id: CdcIdentity, table: string) => `${id.topicPrefix}.${table}`,
  schemaHistory: (id: CdcIdentity) => `__debezium-schema-history.${id.topicPrefix}`,
  /** `<topic.heartbeat.prefix>.<topic.prefix>` (Debezium's AbstractTopicNamingStrategy.heartbeatTopic()). */
  heartbeat: (id: CdcIdentity) => `__debezium-heartbeat.${id.topicPrefix}`,
  signal: (id: CdcIdentity) => `__debezium-signal.${id.topicPrefix}`,
  deadLetter: (id: CdcIdentity) => `${id.topicPrefix}.dlq`,
};
