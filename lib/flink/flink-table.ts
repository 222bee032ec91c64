import { FLINK_CREDENTIALS_FIX } from './flink-settings';
import { ColumnDefinition, SqlType } from './sql-type';
import { DecimalHandlingMode } from '../cdc/cdc-options';
import { DebeziumConnector } from '../cdc/debezium-connector';
import { Duration } from '../core/duration';
import { requireNoLiteralCredentials } from '../core/private/secrets';
import { ValidationError } from '../core/private/validation-error';
import type { ITopic } from '../kafka/topic';

/** How a table reads or writes its topic. */
export enum FlinkTableKind {
  /** A Debezium change stream read as a changelog (`kafka` connector, Debezium format). */
  CDC_SOURCE = 'cdc-source',
  /** A keyed changelog sink (`upsert-kafka`): the latest row per primary key. */
  UPSERT_SINK = 'upsert-sink',
  /** An append-only sink (`kafka`), e.g. window results or dead letters. */
  APPEND_SINK = 'append-sink',
}

/** Debezium wire formats Flink decodes into a changelog. */
export enum DebeziumFormat {
  /** `debezium-json`: Debezium's JSON envelope (schemas disabled). */
  JSON = 'debezium-json',
  /** `debezium-avro-confluent`: Avro with the Confluent Schema Registry (needs the registry URL). */
  AVRO_CONFLUENT = 'debezium-avro-confluent',
}

/** Formats of sink keys and values. */
export enum SinkFormat {
  /** `json`. */
  JSON = 'json',
  /** `avro-confluent`: Avro registered in the Confluent Schema Registry (needs the registry URL). */
  AVRO_CONFLUENT = 'avro-confluent',
}

/** Where a new consumer group starts reading (`scan.startup.mode`). */
export enum StartupMode {
  /** From the beginning of each partition: a new job rebuilds its state from the full history. */
  EARLIEST_OFFSET = 'earliest-offset',
  /** From the end: only changes after the job starts. */
  LATEST_OFFSET = 'latest-offset',
  /** From the consumer group's committed offsets. */
  GROUP_OFFSETS = 'group-offsets',
}

/** Delivery guarantee of an append sink (`sink.delivery-guarantee`). */
export enum DeliveryGuarantee {
  /** Kafka transactions committed on checkpoint: consumers with `read_committed` see each row once. */
  EXACTLY_ONCE = 'exactly-once',
  /** Flushed on checkpoint; duplicates after a restart. */
  AT_LEAST_ONCE = 'at-least-once',
  /** Fire and forget. */
  NONE = 'none',
}

/** Props shared by every table. */
export interface FlinkTableBaseProps {
  /** Table name in SQL (on Confluent Cloud the topic name is the table name). */
  readonly name: string;
  /**
   * The Kafka topic the table reads or writes. The job then knows it consumes or produces it (for
   * grants and lineage).
   * @default - `topicName` must be set
   */
  readonly topic?: ITopic;
  /**
   * Name of the Kafka topic, for a topic defined elsewhere.
   * @default - the name of `topic`
   */
  readonly topicName?: string;
  /** Physical columns, in order. */
  readonly columns: ColumnDefinition[];
  /**
   * Extra connector options (`WITH (...)`), passed through after the generated ones; a key that
   * the library generates cannot be overridden here.
   * @default - none
   * @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/connectors/table/kafka/
   */
  readonly options?: Record<string, string>;
}

/** Props of `FlinkTable.cdcSource()`. */
export interface CdcSourceTableProps extends FlinkTableBaseProps {
  /**
   * Debezium wire format.
   * @default DebeziumFormat.JSON
   */
  readonly format?: DebeziumFormat;
  /**
   * Primary key of the captured table (declared `NOT ENFORCED`).
   * @default - none
   */
  readonly primaryKey?: string[];
  /**
   * Event-time column: a `TIMESTAMP(3)` or `TIMESTAMP_LTZ(3)` column that gets a watermark.
   * @default - no event time: windows and time-ordered dedup are refused
   */
  readonly eventTime?: string;
  /**
   * How late an event may arrive (bounded out-of-orderness): `WATERMARK FOR col AS col - INTERVAL …`.
   * It adds directly to the end-to-end freshness of everything downstream.
   * @default Duration.seconds(5) when `eventTime` is set
   */
  readonly watermarkDelay?: Duration;
  /**
   * Declare Kafka metadata columns `kafka_timestamp` (record timestamp), `kafka_partition` and
   * `kafka_offset`. Quality gates need partition and offset to key dead letters.
   * @default true
   */
  readonly kafkaMetadata?: boolean;
  /**
   * Where a new consumer group starts.
   * @default StartupMode.EARLIEST_OFFSET
   */
  readonly startupMode?: StartupMode;
  /**
   * The `decimal.handling.mode` of the Debezium connector writing the topic: with `STRING` or
   * `DOUBLE`, `DECIMAL(p, s)` columns arrive as text or doubles, which the table reads as such and
   * casts to the declared `DECIMAL(p, s)` (needed for Avro, and on Confluent Cloud, where the
   * inferred column has the registered type; Flink's JSON formats parse decimal strings
   * themselves). `PRECISE` with `DebeziumFormat.JSON` is refused when the table has a `DECIMAL`
   * column: the JSON converter sends the unscaled bytes as base64, which no Flink format parses.
   * @default - the connector's setting when `topic` is a table topic of a `DebeziumConnector`; else
   * decimals are read as the columns declare them
   * @see https://debezium.io/documentation/reference/3.1/connectors/mysql.html#mysql-property-decimal-handling-mode
   */
  readonly decimalHandling?: DecimalHandlingMode;
  /**
   * Read with `isolation.level=read_committed`, so rows of aborted transactions (an exactly-once
   * producer upstream that failed) are never seen. Costs nothing on non-transactional topics.
   * @default true
   */
  readonly readCommitted?: boolean;
}

/** Props of `FlinkTable.upsertSink()`. */
export interface UpsertSinkTableProps extends FlinkTableBaseProps {
  /** Primary key: the Kafka record key; the topic keeps the latest row per key (compacted). */
  readonly primaryKey: string[];
  /**
   * Format of the record key.
   * @default SinkFormat.JSON
   */
  readonly keyFormat?: SinkFormat;
  /**
   * Format of the record value.
   * @default SinkFormat.JSON
   */
  readonly valueFormat?: SinkFormat;
}

/** Props of `FlinkTable.appendSink()`. */
export interface AppendSinkTableProps extends FlinkTableBaseProps {
  /**
   * Format of the record value.
   * @default SinkFormat.JSON
   */
  readonly format?: SinkFormat;
  /**
   * Delivery guarantee. Exactly-once needs checkpointing; consumers see rows when the checkpoint
   * completes.
   * @default DeliveryGuarantee.EXACTLY_ONCE
   */
  readonly deliveryGuarantee?: DeliveryGuarantee;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

/** Names of the metadata columns `kafkaMetadata` declares. */
export const KAFKA_METADATA_COLUMNS = ['kafka_timestamp', 'kafka_partition', 'kafka_offset'];

/**
 * A Flink table over a Kafka topic: a Debezium CDC source, an upsert sink or an append sink.
 * Built once, used by the statements that read or write it; `FlinkSqlJob` renders its DDL for the
 * target (Apache Flink connector options on Kubernetes, Confluent Cloud table options there).
 */
export class FlinkTable {
  /** Bounded out-of-orderness of an event-time source that sets none (also a stream's default). */
  public static readonly DEFAULT_WATERMARK_DELAY = Duration.seconds(5);

  /** A Debezium change stream as a changelog source with an event-time watermark and Kafka metadata. */
  public static cdcSource(props: CdcSourceTableProps): FlinkTable {
    return new FlinkTable(FlinkTableKind.CDC_SOURCE, props);
  }

  /** An `upsert-kafka` sink: the latest row per primary key (`PRIMARY KEY (…) NOT ENFORCED`). */
  public static upsertSink(props: UpsertSinkTableProps): FlinkTable {
    return new FlinkTable(FlinkTableKind.UPSERT_SINK, props);
  }

  /** An append-only `kafka` sink. */
  public static appendSink(props: AppendSinkTableProps): FlinkTable {
    return new FlinkTable(FlinkTableKind.APPEND_SINK, props);
  }

  /** What the table is. */
  public readonly kind: FlinkTableKind;
  /** Table name. */
  public readonly name: string;
  /** Topic read or written. */
  public readonly topicName: string;
  /** The topic construct, when given. */
  public readonly topic?: ITopic;
  /** Physical columns. */
  public readonly columns: ColumnDefinition[];
  /** Primary key (empty when none). */
  public readonly primaryKey: string[];
  /** Event-time column, if any. */
  public readonly eventTime?: string;
  /** Watermark delay, when the table has an event time. */
  public readonly watermarkDelay?: Duration;
  /** Whether Kafka metadata columns are declared. */
  public readonly kafkaMetadata: boolean;
  /** Source startup mode. */
  public readonly startupMode?: StartupMode;
  /** Whether the source reads committed records only. */
  public readonly readCommitted: boolean;
  /** Wire format: a `DebeziumFormat` or `SinkFormat` value. */
  public readonly format: string;
  /** Key format of an upsert sink. */
  public readonly keyFormat?: SinkFormat;
  /** Delivery guarantee of a sink (`upsert-kafka` is at-least-once, idempotent per key). */
  public readonly deliveryGuarantee?: DeliveryGuarantee;
  /** Extra connector options. */
  public readonly options: Record<string, string>;
  /** `decimal.handling.mode` of the connector writing a CDC source's topic, when known. */
  public readonly decimalHandling?: DecimalHandlingMode;

  private constructor(kind: FlinkTableKind, props: any) {
    const path = `FlinkTable(${props?.name})`;
    if (typeof props?.name !== 'string' || !IDENT.test(props.name)) {
      throw new ValidationError({ path: 'FlinkTable', setting: 'name', limit: 'an identifier (letters, digits and "_", not starting with a digit)', value: JSON.stringify(props?.name) });
    }
    if (props.topic !== undefined && props.topicName !== undefined) {
      throw new ValidationError({ path, setting: 'topicName', limit: 'unset when topic is given', value: JSON.stringify(props.topicName), fix: 'pass either topic or topicName' });
    }
    const topicName = props.topic?.topicName ?? props.topicName;
    if (typeof topicName !== 'string' || !TOPIC.test(topicName)) {
      throw new ValidationError({ path, setting: 'topicName', limit: 'a Kafka topic name (letters, digits, ".", "_" and "-", at most 249)', value: JSON.stringify(topicName), fix: 'pass topic (an ITopic) or topicName' });
    }
    const columns: ColumnDefinition[] = props.columns ?? [];
    if (!Array.isArray(columns) || columns.length === 0) {
      throw new ValidationError({ path, setting: 'columns', limit: 'a non-empty list', value: JSON.stringify(columns) });
    }
    const seen = new Set<string>();
    for (const c of columns) {
      if (!c || typeof c.name !== 'string' || !IDENT.test(c.name)) {
        throw new ValidationError({ path, setting: 'columns[].name', limit: 'an identifier (letters, digits and "_", not starting with a digit)', value: JSON.stringify(c?.name) });
      }
      if (!(c.type instanceof SqlType)) {
        throw new ValidationError({ path, setting: `columns[${c.name}].type`, limit: 'a SqlType (SqlType.bigint(), SqlType.decimal(12, 2), …)', value: String(c.type) });
      }
      if (seen.has(c.name)) throw new ValidationError({ path, setting: 'columns', limit: 'free of duplicate names', value: JSON.stringify(c.name) });
      seen.add(c.name);
    }
    this.kind = kind;
    this.name = props.name;
    this.topicName = topicName;
    this.topic = props.topic;
    this.primaryKey = [...(props.primaryKey ?? [])];
    if (kind === FlinkTableKind.UPSERT_SINK && this.primaryKey.length === 0) {
      throw new ValidationError({
        path,
        setting: 'primaryKey',
        limit: 'a non-empty list (upsert-kafka rejects a table without PRIMARY KEY)',
        value: JSON.stringify(props.primaryKey),
        fix: 'declare the key columns, e.g. primaryKey: [\'order_id\']',
      });
    }
    for (const k of this.primaryKey) {
      if (!seen.has(k)) throw new ValidationError({ path, setting: 'primaryKey', limit: `columns of the table (${[...seen].join(', ')})`, value: JSON.stringify(k) });
    }
    const pk = new Set(this.primaryKey);
    this.columns = columns.map((c) => (pk.has(c.name) ? { ...c, notNull: true } : { ...c }));

    this.kafkaMetadata = kind === FlinkTableKind.CDC_SOURCE ? props.kafkaMetadata ?? true : false;
    if (this.kafkaMetadata) {
      for (const m of KAFKA_METADATA_COLUMNS) {
        if (seen.has(m)) throw new ValidationError({ path, setting: 'columns', limit: `free of the metadata column names (${KAFKA_METADATA_COLUMNS.join(', ')}) while kafkaMetadata is on`, value: JSON.stringify(m) });
      }
    }

    if (props.eventTime !== undefined) {
      const col = columns.find((c) => c.name === props.eventTime);
      if (!col || !col.type.isTimestamp) {
        throw new ValidationError({
          path,
          setting: 'eventTime',
          limit: 'a TIMESTAMP or TIMESTAMP_LTZ column of the table',
          value: JSON.stringify(props.eventTime),
          fix: 'declare the column with SqlType.timestamp(3)',
        });
      }
      const delay: Duration = props.watermarkDelay ?? FlinkTable.DEFAULT_WATERMARK_DELAY;
      if (delay.isInfinite) throw new ValidationError({ path, setting: 'watermarkDelay', limit: 'a finite duration', value: 'infinite' });
      this.eventTime = props.eventTime;
      this.watermarkDelay = delay;
    } else if (props.watermarkDelay !== undefined) {
      throw new ValidationError({ path, setting: 'watermarkDelay', limit: 'set only together with eventTime', value: props.watermarkDelay.toHumanString(), fix: 'name the event-time column in eventTime' });
    }

    this.startupMode = kind === FlinkTableKind.CDC_SOURCE ? props.startupMode ?? StartupMode.EARLIEST_OFFSET : undefined;
    this.readCommitted = kind === FlinkTableKind.CDC_SOURCE ? props.readCommitted ?? true : false;
    if (kind === FlinkTableKind.CDC_SOURCE) this.format = props.format ?? DebeziumFormat.JSON;
    else if (kind === FlinkTableKind.UPSERT_SINK) this.format = props.valueFormat ?? SinkFormat.JSON;
    else this.format = props.format ?? SinkFormat.JSON;
    this.keyFormat = kind === FlinkTableKind.UPSERT_SINK ? props.keyFormat ?? SinkFormat.JSON : undefined;
    this.deliveryGuarantee =
      kind === FlinkTableKind.APPEND_SINK
        ? props.deliveryGuarantee ?? DeliveryGuarantee.EXACTLY_ONCE
        : kind === FlinkTableKind.UPSERT_SINK
          ? DeliveryGuarantee.AT_LEAST_ONCE
          : undefined;
    if (kind === FlinkTableKind.CDC_SOURCE) {
      const owner: any = props.topic?.node?.scope;
      const connectorMode = owner && DebeziumConnector.isDebeziumConnector(owner) ? owner.source.decimalHandling : undefined;
      this.decimalHandling = props.decimalHandling ?? connectorMode;
      if (this.decimalHandling !== undefined && !Object.values(DecimalHandlingMode).includes(this.decimalHandling)) {
        throw new ValidationError({ path, setting: 'decimalHandling', limit: 'a DecimalHandlingMode', value: String(this.decimalHandling) });
      }
      const decimal = this.columns.find((c) => /^DECIMAL\b/.test(c.type.sql));
      if (decimal && this.decimalHandling === DecimalHandlingMode.PRECISE && this.format === DebeziumFormat.JSON) {
        throw new ValidationError({
          path,
          setting: 'decimalHandling',
          limit: `string or double for a debezium-json source with DECIMAL column ${decimal.name} (precise sends base64 bytes, which Flink's JSON formats cannot parse)`,
          value: this.decimalHandling,
          fix: 'use DecimalHandlingMode.STRING on the connector (the default), or Avro change events',
        });
      }
    }
    const options: Record<string, string> = { ...(props.options ?? {}) };
    for (const [k, v] of Object.entries(options)) {
      if (typeof v !== 'string') throw new ValidationError({ path, setting: `options["${k}"]`, limit: 'a string', value: v });
    }
    // Table options end up in the job's script (a ConfigMap) or a Confluent statement.
    requireNoLiteralCredentials(path, 'options', options, FLINK_CREDENTIALS_FIX);
    this.options = options;
  }

  /** Names of the physical columns. */
  public get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** Names of every readable column: physical columns and metadata columns. */
  public get readableColumnNames(): string[] {
    return [...this.columnNames, ...(this.kafkaMetadata ? KAFKA_METADATA_COLUMNS : [])];
  }

  /** The column's definition, if the table has it. */
  public column(name: string): ColumnDefinition | undefined {
    return this.columns.find((c) => c.name === name);
  }

  /** Whether the table writes (is a sink). */
  public get isSink(): boolean {
    return this.kind !== FlinkTableKind.CDC_SOURCE;
  }

  /** Whether the format needs the Schema Registry URL. */
  public get needsSchemaRegistry(): boolean {
    return this.format.includes('confluent') || this.keyFormat === SinkFormat.AVRO_CONFLUENT;
  }
}
