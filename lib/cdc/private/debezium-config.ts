import { CdcIdentity, topicNames } from './identity';
import { CdcEngine, ChangeEventFormat, PublicationAutocreateMode } from '../cdc-options';
import type { CdcSource } from '../cdc-source';

/** What the target and the cluster contribute to a connector configuration. */
export interface DebeziumRenderOptions {
  /** Kafka bootstrap servers, comma-separated (schema history and the signal channel read them). */
  readonly bootstrapServers: string;
  readonly format: ChangeEventFormat;
  /** Required for `ChangeEventFormat.AVRO`. */
  readonly schemaRegistryUrl?: string;
  /** The password as the target resolves it (a config-provider placeholder, a Terraform reference). */
  readonly password: string;
  /** Security settings for Debezium's own Kafka clients (schema history, signal consumer). */
  readonly kafkaClientConfig?: Record<string, string>;
}

/** Debezium's default heartbeat topic prefix (`__debezium-heartbeat.<topic.prefix>`), rendered explicitly. */
export const HEARTBEAT_TOPIC_PREFIX = '__debezium-heartbeat';

export const CONNECTOR_CLASS: Record<CdcEngine, string> = {
  [CdcEngine.MYSQL]: 'io.debezium.connector.mysql.MySqlConnector',
  [CdcEngine.POSTGRES]: 'io.debezium.connector.postgresql.PostgresConnector',
};

/** Confluent Cloud's managed plugin names (the V1 connectors reached end of life in 2026). */
export const CONFLUENT_CONNECTOR_CLASS: Record<CdcEngine, string> = {
  [CdcEngine.MYSQL]: 'MySqlCdcSourceV2',
  [CdcEngine.POSTGRES]: 'PostgresCdcSourceV2',
};

/** Debezium treats include lists as regular expressions: escape the dots so `a.b` matches only `a.b`. */
export function includeList(names: string[]): string {
  return names.map((n) => n.replace(/[.$]/g, (c) => `\\${c}`)).join(',');
}

/**
 * The tables in `table.include.list`: the captured tables, plus the Postgres heartbeat table when
 * the connector manages a filtered publication. With `publication.autocreate.mode=filtered`
 * Debezium runs `ALTER PUBLICATION … SET TABLE <tables matching the include list>` (and the signal
 * table, which its table filter always adds) on every start, so a heartbeat table outside the
 * include list is dropped from the publication and the heartbeat writes no longer move the slot.
 * Source: debezium/debezium v3.1.2.Final, PostgresReplicationConnection.java
 * (createOrUpdatePublicationModeFiltered, determineCapturedTables) and RelationalTableFilters.java
 * (the signal data collection is added to the filter); postgresql.adoc "WAL disk space
 * consumption" (the heartbeat table must be in the publication).
 */
export function capturedTables(source: CdcSource): string[] {
  if (source.engine === CdcEngine.POSTGRES && source.publicationAutocreate === PublicationAutocreateMode.FILTERED && heartbeatsOn(source)) {
    return [...source.tables, source.heartbeatTable!];
  }
  return [...source.tables];
}

function heartbeatsOn(source: CdcSource): boolean {
  return source.heartbeatInterval.toMilliseconds() > 0;
}

/** The `heartbeat.action.query` of a Postgres source: one row, updated in place. */
export function heartbeatQuery(source: CdcSource): string {
  return `UPDATE ${source.heartbeatTable} SET last_heartbeat = now() WHERE id = 1`;
}

/** The converters for a format. */
export function converterConfig(format: ChangeEventFormat, schemaRegistryUrl?: string): Record<string, string> {
  if (format === ChangeEventFormat.AVRO) {
    const url = schemaRegistryUrl ?? '';
    return {
      'key.converter': 'io.confluent.connect.avro.AvroConverter',
      'key.converter.schema.registry.url': url,
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': url,
    };
  }
  return {
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'true',
  };
}

function sorted(config: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(config).sort()) out[k] = config[k];
  return out;
}

/** Settings both self-managed and managed connectors share. */
function commonConfig(source: CdcSource, id: CdcIdentity): Record<string, string> {
  const c: Record<string, string> = {
    'database.hostname': source.hostname,
    'database.port': String(source.port),
    'database.user': source.user,
    'topic.prefix': id.topicPrefix,
    'table.include.list': includeList(capturedTables(source)),
    'snapshot.mode': source.snapshotMode,
    'decimal.handling.mode': source.decimalHandling,
    'heartbeat.interval.ms': String(source.heartbeatInterval.toMilliseconds()),
    'tombstones.on.delete': String(source.tombstonesOnDelete),
    'signal.data.collection': source.signalTable,
  };
  if (source.excludedColumns.length > 0) c['column.exclude.list'] = includeList(source.excludedColumns);
  for (const mask of source.columnMasks) {
    c[mask.configKey] = c[mask.configKey] ? `${c[mask.configKey]},${includeList(mask.columns)}` : includeList(mask.columns);
  }
  if (source.engine === CdcEngine.MYSQL) {
    c['database.server.id'] = String(id.serverId);
    c['database.include.list'] = includeList([...new Set(source.tables.map((t) => t.split('.')[0]))].sort());
  } else {
    c['database.dbname'] = source.database!;
    c['plugin.name'] = source.plugin!;
    c['slot.name'] = id.slotName!;
    c['publication.name'] = id.publicationName!;
    c['publication.autocreate.mode'] = source.publicationAutocreate!;
    if (heartbeatsOn(source)) c['heartbeat.action.query'] = heartbeatQuery(source);
  }
  return c;
}

/**
 * The complete Debezium 3.x configuration of a self-managed connector (Strimzi or Kafka Connect).
 * Keys are sorted, so the same definition renders byte-identical output.
 */
export function renderDebeziumConfig(source: CdcSource, id: CdcIdentity, options: DebeziumRenderOptions): Record<string, string> {
  const c: Record<string, string> = {
    'connector.class': CONNECTOR_CLASS[source.engine],
    'tasks.max': '1',
    ...commonConfig(source, id),
    'database.password': options.password,
    // `topic.heartbeat.prefix` names the heartbeat topic in Debezium 2.x/3.x (the topic naming
    // strategy reads it); the legacy `heartbeat.topics.prefix` only feeds the deprecated
    // TopicSelector. Source: debezium/debezium v3.1.2.Final,
    // debezium-core/src/main/java/io/debezium/schema/AbstractTopicNamingStrategy.java
    // (TOPIC_HEARTBEAT_PREFIX, heartbeatTopic()).
    'topic.heartbeat.prefix': HEARTBEAT_TOPIC_PREFIX,
    'signal.enabled.channels': 'source,kafka',
    'signal.kafka.topic': topicNames.signal(id),
    'signal.kafka.bootstrap.servers': options.bootstrapServers,
    // A source connector has no dead letter queue in Kafka Connect: fail loudly rather than drop changes.
    'errors.tolerance': 'none',
    'errors.log.enable': 'true',
    'errors.log.include.messages': 'false',
    'event.processing.failure.handling.mode': 'fail',
    ...converterConfig(options.format, options.schemaRegistryUrl),
  };
  // Debezium writes DATETIME/TIMESTAMP values as epoch numbers by default, which Flink's
  // debezium-json format cannot read into a timestamp column; as ISO-8601 UTC instants it can
  // (the Flink source reads them as TIMESTAMP_LTZ: lib/flink/private/sql.ts readsAsInstant).
  // Avro keeps the default: Flink's Avro formats read the epoch-millisecond longs.
  if (options.format === ChangeEventFormat.JSON) c['time.precision.mode'] = 'isostring';
  const clients = options.kafkaClientConfig ?? {};
  for (const [k, v] of Object.entries(clients)) c[`signal.consumer.${k}`] = v;
  if (source.engine === CdcEngine.MYSQL) {
    // Topics are created by Terraform with reviewed partitions/retention: the schema change topic
    // (named like the prefix itself) is not one of them. Only the MySQL connector has this key:
    // PostgresConnectorConfig excludes INCLUDE_SCHEMA_CHANGES from its definition
    // (debezium/debezium v3.1.2.Final, PostgresConnectorConfig.java, `.excluding(INCLUDE_SCHEMA_CHANGES)`).
    c['include.schema.changes'] = 'false';
    c['schema.history.internal.kafka.topic'] = topicNames.schemaHistory(id);
    c['schema.history.internal.kafka.bootstrap.servers'] = options.bootstrapServers;
    for (const [k, v] of Object.entries(clients)) {
      c[`schema.history.internal.producer.${k}`] = v;
      c[`schema.history.internal.consumer.${k}`] = v;
    }
  } else {
    c['slot.drop.on.stop'] = 'false';
  }
  return sorted({ ...c, ...source.additionalConfig, 'database.password': options.password });
}

/** Options of a Confluent Cloud managed connector. */
export interface ConfluentRenderOptions {
  readonly connectorName: string;
  readonly format: ChangeEventFormat;
  readonly password: string;
  /** `kafka.auth.mode=SERVICE_ACCOUNT` with this service account. */
  readonly serviceAccountId?: string;
  /** `kafka.auth.mode=KAFKA_API_KEY` with this key and secret (both sensitive). */
  readonly apiKey?: string;
  readonly apiSecret?: string;
}

/**
 * A Confluent Cloud managed CDC connector (`MySqlCdcSourceV2` / `PostgresCdcSourceV2`): Debezium's
 * keys where the managed connector accepts them, Confluent's `output.*` and `kafka.auth.*` keys,
 * no converter/schema-history/worker settings (Confluent manages those).
 */
export function renderConfluentConfig(
  source: CdcSource,
  id: CdcIdentity,
  options: ConfluentRenderOptions,
): { nonsensitive: Record<string, string>; sensitive: Record<string, string> } {
  const format = options.format === ChangeEventFormat.AVRO ? 'AVRO' : 'JSON_SR';
  const nonsensitive: Record<string, string> = {
    'connector.class': CONFLUENT_CONNECTOR_CLASS[source.engine],
    'name': options.connectorName,
    'tasks.max': '1',
    ...commonConfig(source, id),
    'output.data.format': format,
    'output.key.format': format,
    // The V2 connectors can write only the row after the change ("After-state only"), which
    // Flink's debezium formats cannot read as a changelog (no op, no before image): keep the
    // envelope explicitly. Source: Confluent Cloud docs, "Materialize Change Data Capture (CDC)
    // Streams with Tableflow" (https://docs.confluent.io/cloud/current/topics/tableflow/concepts/materialize-cdc.html,
    // `after.state.only`) and the MySqlCdcSourceV2 / PostgresCdcSourceV2 configuration references.
    'after.state.only': 'false',
    ...source.additionalConfig,
  };
  const sensitive: Record<string, string> = { 'database.password': options.password };
  if (options.serviceAccountId) {
    nonsensitive['kafka.auth.mode'] = 'SERVICE_ACCOUNT';
    nonsensitive['kafka.service.account.id'] = options.serviceAccountId;
  } else {
    nonsensitive['kafka.auth.mode'] = 'KAFKA_API_KEY';
    sensitive['kafka.api.key'] = options.apiKey ?? '';
    sensitive['kafka.api.secret'] = options.apiSecret ?? '';
  }
  return { nonsensitive: sorted(nonsensitive), sensitive: sorted(sensitive) };
}
