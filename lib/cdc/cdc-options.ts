/**
 * Debezium 3.x `snapshot.mode`: what the connector reads before it streams the log.
 *
 * 2.x renamed two values (`schema_only` → `no_data`, `schema_only_recovery` → `recovery`);
 * only the 3.x names are offered.
 *
 * @see https://debezium.io/documentation/reference/stable/connectors/mysql.html#mysql-property-snapshot-mode
 */
export enum SnapshotMode {
  /** Snapshot once when the connector has no offsets, then stream (Debezium's default). */
  INITIAL = 'initial',
  /** Snapshot on every start. Re-emits every row after each restart. */
  ALWAYS = 'always',
  /** Snapshot once, then stop: no streaming. */
  INITIAL_ONLY = 'initial_only',
  /** No data snapshot (was `schema_only`): consumers never see rows that existed before the start. */
  NO_DATA = 'no_data',
  /**
   * Rebuild a lost or corrupted schema history topic (was `schema_only_recovery`). For recovery
   * only; MySQL only (Postgres keeps no schema history and refuses it).
   */
  RECOVERY = 'recovery',
  /** Snapshot whenever offsets are missing or no longer in the log: may silently re-snapshot. */
  WHEN_NEEDED = 'when_needed',
  /** Decide from the `snapshot.mode.configuration.based.*` settings (pass them in `additionalConfig`). */
  CONFIGURATION_BASED = 'configuration_based',
}

/**
 * Debezium `decimal.handling.mode`: how DECIMAL/NUMERIC columns are encoded.
 *
 * @see https://debezium.io/documentation/reference/stable/connectors/mysql.html#mysql-property-decimal-handling-mode
 */
export enum DecimalHandlingMode {
  /** Exact value as a string (`"19.99"`): readable by every consumer, no precision loss. */
  STRING = 'string',
  /** A double: readable, but loses precision past ~15 significant digits. */
  DOUBLE = 'double',
  /**
   * `java.math.BigDecimal` as Connect's `Decimal` logical type: bytes in JSON (unreadable without the
   * schema), a logical decimal in Avro. Debezium's default.
   */
  PRECISE = 'precise',
}

/** How change events are serialized on the CDC topics. */
export enum ChangeEventFormat {
  /** Avro through the Confluent Schema Registry of the cluster (`AvroConverter`; `AVRO` on Confluent Cloud). */
  AVRO = 'avro',
  /** JSON with the schema embedded in each record (`JsonConverter`, `schemas.enable=true`). */
  JSON = 'json',
}

/**
 * Postgres `publication.autocreate.mode`.
 *
 * @see https://debezium.io/documentation/reference/stable/connectors/postgresql.html#postgresql-property-publication-autocreate-mode
 */
export enum PublicationAutocreateMode {
  /**
   * The connector never touches the publication: the setup SQL creates it for exactly the captured
   * tables (plus the heartbeat and signal tables). Works with a least-privilege role.
   */
  DISABLED = 'disabled',
  /**
   * The connector creates the publication for the include list, and on every start runs
   * `ALTER PUBLICATION … SET TABLE …`, which Postgres only allows to the owner of the publication
   * and of every listed table.
   */
  FILTERED = 'filtered',
  /** `FOR ALL TABLES`: every table of the database is decoded and published (needs superuser). */
  ALL_TABLES = 'all_tables',
}

/** Postgres logical decoding plugin (`plugin.name`). */
export enum PostgresDecodingPlugin {
  /** Postgres' built-in plugin (10+), available on every managed Postgres. */
  PGOUTPUT = 'pgoutput',
  /** Debezium's protobuf plugin: must be compiled into the server. Debezium's default. */
  DECODERBUFS = 'decoderbufs',
}

/** The database engine a `CdcSource` captures. */
export enum CdcEngine {
  /** MySQL (and MariaDB through the MySQL protocol): binlog. */
  MYSQL = 'mysql',
  /** PostgreSQL: logical decoding. */
  POSTGRES = 'postgres',
}
