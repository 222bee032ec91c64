import { DecimalHandlingMode } from '../../cdc/cdc-options';
import { Duration } from '../../core/duration';
import { ValidationError } from '../../core/private/validation-error';
import { DlqHeaders } from '../../kafka/dead-letter-topic';
import { Expectation, ExpectationKind } from '../expectation';
import { AggregateDefinition, AggregateFunction, FlinkStatement, FlinkStatementKind } from '../flink-statement';
import { DebeziumFormat, DeliveryGuarantee, FlinkTable, FlinkTableKind, SinkFormat } from '../flink-table';
import { ColumnDefinition, SqlType } from '../sql-type';

/** Where the SQL runs: decides connector options and how statements are grouped. */
export enum SqlDialect {
  /** Apache Flink (the operator's SQL runner): connector options in `WITH`, one script. */
  APACHE_FLINK = 'apache-flink',
  /** Confluent Cloud for Apache Flink: tables are topics, one statement per API call. */
  CONFLUENT_CLOUD = 'confluent-cloud',
}

/** The dead-letter table the quality gates write to. */
export interface DeadLetterTarget {
  readonly topicName: string;
  /** @default 'dead_letters' */
  readonly tableName?: string;
}

export interface SqlScriptInput {
  readonly path: string;
  readonly jobName: string;
  readonly dialect: SqlDialect;
  readonly statements: FlinkStatement[];
  readonly bootstrapServers?: string;
  readonly schemaRegistryUrl?: string;
  readonly deadLetter?: DeadLetterTarget;
  /** `SET` statements (Apache Flink only; Confluent Cloud takes them as statement properties). */
  readonly settings?: Record<string, string>;
  /**
   * Confluent Cloud: names of the tables whose topic Terraform creates before the statements run.
   * Confluent Cloud infers a table from each topic (and its registered schemas), so such a table is
   * shaped with `ALTER TABLE` instead of created: one owner per topic.
   */
  readonly inferredTables?: string[];
}

/** A rendered job: DDL statements, the one DML statement set, and the whole script. */
export interface RenderedSql {
  readonly settings: string[];
  /**
   * `table`: on Confluent Cloud, the qualified name of an inferred table a statement alters (the
   * table is shared by every job that reads or writes it).
   */
  readonly ddl: Array<{ name: string; sql: string; table?: string }>;
  readonly dml: string;
  readonly script: string;
  readonly tables: FlinkTable[];
  /** The table the quality gates write rejects to, when a statement is gated. */
  readonly deadLetterTable?: FlinkTable;
}

/**
 * Fields of a dead-letter record (docs/flink.md): written by every quality gate, keyed by the
 * source position so a retraction of a rejected CDC row updates the same key.
 */
export const DEAD_LETTER_COLUMNS: ColumnDefinition[] = [
  { name: 'job', type: SqlType.string(), notNull: true },
  { name: 'source_topic', type: SqlType.string(), notNull: true },
  { name: 'source_partition', type: SqlType.int(), notNull: true },
  { name: 'source_offset', type: SqlType.bigint(), notNull: true },
  { name: 'error_code', type: SqlType.string(), notNull: true },
  { name: 'stage', type: SqlType.string() },
  { name: 'expectation', type: SqlType.string() },
  { name: 'payload', type: SqlType.string() },
  { name: 'event_time', type: SqlType.timestamp(3) },
  { name: 'detected_at', type: SqlType.timestampLtz(3) },
];
export const DEAD_LETTER_KEY = ['job', 'source_topic', 'source_partition', 'source_offset'];

/** Stage name of quality-gate rejects in the dead-letter convention (`dlq.stage`). */
export const GATE_STAGE = 'flink-gate';


/** `name` quoted as a Flink identifier. */
export function ident(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** `value` as a Flink string literal. */
export function literal(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
}

/** The SQL name of a table: its topic on Confluent Cloud (tables are topics there), its name elsewhere. */
export function tableName(table: FlinkTable, dialect: SqlDialect): string {
  return dialect === SqlDialect.CONFLUENT_CLOUD ? table.topicName : table.name;
}

const MS_PER: Array<[number, string]> = [
  [86_400_000, 'DAY'],
  [3_600_000, 'HOUR'],
  [60_000, 'MINUTE'],
  [1_000, 'SECOND'],
];
/** Calcite's largest interval leading precision (SqlTypeName.MAX_INTERVAL_START_PRECISION). */
const MAX_INTERVAL_PRECISION = 10;

/**
 * A Flink SQL interval literal for a duration, in the largest unit that holds it exactly.
 *
 * The leading field of `INTERVAL 'n' UNIT` has precision 2 unless written `UNIT(p)` (Calcite's
 * default interval start precision, which Flink's FlinkTypeSystem keeps), so
 * `INTERVAL '120' SECOND` fails to validate: "Interval field value 120 exceeds precision of
 * SECOND(2) field" (seen on Flink 1.20.3 and 2.2.0). From 100 on the literal carries the precision:
 * `INTERVAL '120' SECOND(3)`, `INTERVAL '100.500' SECOND(3, 3)`; both plan on 1.20.3 and 2.2.0.
 */
export function sqlInterval(d: Duration): string {
  if (d.isInfinite) throw new Error('an infinite duration has no SQL interval');
  const ms = d.toMilliseconds();
  const [size, unit] = MS_PER.find(([u]) => ms % u === 0) ?? [1_000, 'SECOND'];
  const whole = Math.floor(ms / size);
  const digits = String(whole).length;
  if (digits > MAX_INTERVAL_PRECISION) {
    throw new ValidationError({ path: 'Duration', setting: 'interval', limit: `at most ${MAX_INTERVAL_PRECISION} digits in its largest unit (Flink's interval precision)`, value: d.toHumanString() });
  }
  const fraction = ms % size === 0 ? '' : `.${String(ms % 1_000).padStart(3, '0')}`;
  const precision = digits > 2 ? `(${digits}${fraction ? ', 3' : ''})` : '';
  return `INTERVAL '${whole}${fraction}' ${unit}${precision}`;
}

function columnLines(columns: ColumnDefinition[], typeOf: (c: ColumnDefinition) => string = (c) => c.type.sql): string[] {
  return columns.map((c) => `  ${ident(c.name)} ${typeOf(c)}${c.notNull ? ' NOT NULL' : ''}`);
}

/**
 * Whether a column of a Debezium JSON source arrives as an ISO-8601 instant that Flink reads as
 * `TIMESTAMP_LTZ`, although it is declared `TIMESTAMP`. Debezium writes DATETIME/TIMESTAMP
 * columns as epoch numbers by default, which Flink's JSON formats cannot read into a timestamp;
 * the connectors are configured with `time.precision.mode=isostring`, which writes them as UTC
 * instants (`2026-12-03T06:22:15.118Z`). Flink parses those only into `TIMESTAMP_LTZ` (with
 * `timestamp-format.standard` ISO-8601), so such a column is read as `TIMESTAMP_LTZ(p)` and cast
 * back to the declared `TIMESTAMP(p)` where rows leave the source, in UTC.
 */
export function readsAsInstant(table: FlinkTable, dialect: SqlDialect, column: string): boolean {
  if (dialect !== SqlDialect.APACHE_FLINK || table.kind !== FlinkTableKind.CDC_SOURCE || table.format !== DebeziumFormat.JSON) return false;
  const type = table.column(column)?.type;
  return !!type && type.isTimestamp && !type.isInstant;
}

/**
 * The type a `DECIMAL(p, s)` column of a CDC source arrives in when the connector does not send
 * decimals as decimals: `decimal.handling.mode=string` writes an Avro `string` ("19.99") and
 * `double` an Avro `double`. Declared `DECIMAL`, Flink's Avro formats would read with a `bytes`
 * decimal reader schema, and Avro's schema resolution promotes `string` to `bytes` (Avro 1.11
 * specification, "Schema Resolution": "string is promotable to bytes"; Flink reads with the
 * table's schema as reader schema: apache/flink, flink-formats/flink-avro/.../RegistryAvroDeserializationSchema.java):
 * the UTF-8 text would be read as an unscaled integer, a wrong amount, with no error. On Confluent
 * Cloud the inferred table has the registered schema's type, `STRING`, whatever the format. So the
 * column is read in the type it arrives in and cast to the declared `DECIMAL(p, s)` where rows leave
 * the source (`CAST` of a decimal string is exact). Flink's JSON formats parse a decimal string
 * into `DECIMAL` themselves: no cast there on Apache Flink.
 */
export function decimalArrivesAs(table: FlinkTable, dialect: SqlDialect, column: string): string | undefined {
  if (table.kind !== FlinkTableKind.CDC_SOURCE) return undefined;
  const type = table.column(column)?.type;
  if (!type || !/^DECIMAL\b/.test(type.sql)) return undefined;
  if (dialect === SqlDialect.APACHE_FLINK && table.format !== DebeziumFormat.AVRO_CONFLUENT) return undefined;
  if (table.decimalHandling === DecimalHandlingMode.STRING) return 'STRING';
  if (table.decimalHandling === DecimalHandlingMode.DOUBLE) return 'DOUBLE';
  return undefined;
}

/** The type a source column is read in (its DDL type): differs from the declared type for instants and decimals sent as text. */
function readType(table: FlinkTable, dialect: SqlDialect, c: ColumnDefinition): string {
  if (readsAsInstant(table, dialect, c.name)) return c.type.sql.replace(/^TIMESTAMP\(/, 'TIMESTAMP_LTZ(');
  return decimalArrivesAs(table, dialect, c.name) ?? c.type.sql;
}

/** Whether a source column is read in another type than declared, and is cast back where rows leave the source. */
function castsBack(table: FlinkTable, dialect: SqlDialect, column: string): boolean {
  return readsAsInstant(table, dialect, column) || decimalArrivesAs(table, dialect, column) !== undefined;
}

/** The source column as declared: `CAST(… AS <declared type>)` for a column read as an instant or a decimal sent as text. */
function declared(table: FlinkTable, dialect: SqlDialect, column: string, expr = ident(column)): string {
  return castsBack(table, dialect, column) ? `CAST(${expr} AS ${table.column(column)!.type.sql})` : expr;
}

/** The source column for comparisons and aggregates: decimals sent as text are cast; instants keep their time attribute. */
function asDeclaredNumber(table: FlinkTable, dialect: SqlDialect, column: string, expr = ident(column)): string {
  return decimalArrivesAs(table, dialect, column) !== undefined ? declared(table, dialect, column, expr) : expr;
}

/** Whether the job reads any column as an instant (it then fixes the session time zone to UTC). */
function readsInstants(tables: FlinkTable[], dialect: SqlDialect): boolean {
  return tables.some((t) => t.columns.some((c) => readsAsInstant(t, dialect, c.name)));
}

function withClause(options: Array<[string, string]>): string {
  return `WITH (\n${options.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`).join(',\n')}\n)`;
}

function mergeOptions(path: string, table: FlinkTable, generated: Array<[string, string]>): Array<[string, string]> {
  const keys = new Set(generated.map(([k]) => k));
  for (const k of Object.keys(table.options)) {
    if (keys.has(k)) {
      throw ValidationError.of(path, `tables[${table.name}].options["${k}"]`, 'a key the library does not generate', table.options[k], 'use the typed prop for this setting');
    }
  }
  const extra = Object.keys(table.options)
    .sort()
    .map((k): [string, string] => [k, table.options[k]]);
  return [...generated, ...extra];
}

/** `CREATE TABLE` for one table; the job's dead-letter table also writes the record headers. */
export function renderTableDdl(input: SqlScriptInput, table: FlinkTable, deadLetter = false): string {
  const cc = input.dialect === SqlDialect.CONFLUENT_CLOUD;
  const lines = columnLines(table.columns, (c) => readType(table, input.dialect, c));
  if (table.kafkaMetadata) {
    lines.push(
      `  ${ident('kafka_timestamp')} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL`,
      `  ${ident('kafka_partition')} INT METADATA FROM 'partition' VIRTUAL`,
      `  ${ident('kafka_offset')} BIGINT METADATA FROM 'offset' VIRTUAL`,
    );
  }
  if (table.eventTime && table.watermarkDelay) {
    const col = ident(table.eventTime);
    lines.push(
      table.watermarkDelay.toMilliseconds() === 0
        ? `  WATERMARK FOR ${col} AS ${col}`
        : `  WATERMARK FOR ${col} AS ${col} - ${sqlInterval(table.watermarkDelay)}`,
    );
  }
  // Declared MAP<STRING, STRING>: Flink casts it to the connector's MAP<STRING, BYTES> (UTF-8) on write.
  if (deadLetter) lines.push(`  ${ident('headers')} MAP<STRING, STRING> METADATA`);
  // Kafka's `kafka` connector refuses PRIMARY KEY with Debezium formats; only upsert sinks declare one.
  if (table.kind !== FlinkTableKind.CDC_SOURCE && table.primaryKey.length > 0) {
    lines.push(`  PRIMARY KEY (${table.primaryKey.map(ident).join(', ')}) NOT ENFORCED`);
  }
  const path = input.path;
  const options = cc ? confluentOptions(table) : apacheOptions(input, table);
  return `CREATE TABLE ${cc ? 'IF NOT EXISTS ' : ''}${ident(tableName(table, input.dialect))} (\n${lines.join(',\n')}\n) ${withClause(mergeOptions(path, table, options))};`;
}

/**
 * Confluent Cloud statements that shape a table inferred from an existing topic: its options
 * (`SET`), the Kafka metadata columns (`ADD … METADATA … VIRTUAL`, one statement each, as
 * Confluent's syntax lists them) and the watermark (`MODIFY WATERMARK`). Physical columns come from
 * the topic's registered schemas and cannot be changed by Flink.
 * Source: https://docs.confluent.io/cloud/current/flink/reference/statements/alter-table.html
 * (ALTER TABLE … ADD metadata column, MODIFY WATERMARK, SET) and create-table.html, "Inferred tables".
 */
export function renderInferredTableDdl(input: SqlScriptInput, table: FlinkTable): Array<{ name: string; sql: string }> {
  const name = ident(tableName(table, input.dialect));
  const out: Array<{ name: string; sql: string }> = [];
  const options = mergeOptions(input.path, table, confluentOptions(table));
  out.push({ name: `${table.name}_options`, sql: `ALTER TABLE ${name} SET (\n${options.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`).join(',\n')}\n);` });
  if (table.kafkaMetadata) {
    for (const [column, type, key] of [['kafka_timestamp', 'TIMESTAMP_LTZ(3)', 'timestamp'], ['kafka_partition', 'INT', 'partition'], ['kafka_offset', 'BIGINT', 'offset']]) {
      out.push({ name: `${table.name}_${column}`, sql: `ALTER TABLE ${name} ADD (${ident(column)} ${type} METADATA FROM ${literal(key)} VIRTUAL);` });
    }
  }
  if (table.eventTime && table.watermarkDelay) {
    const col = ident(table.eventTime);
    const expr = table.watermarkDelay.toMilliseconds() === 0 ? col : `${col} - ${sqlInterval(table.watermarkDelay)}`;
    out.push({ name: `${table.name}_watermark`, sql: `ALTER TABLE ${name} MODIFY WATERMARK FOR ${col} AS ${expr};` });
  }
  return out;
}

function registryUrl(input: SqlScriptInput, table: FlinkTable): string {
  if (!input.schemaRegistryUrl) {
    throw ValidationError.of(
      input.path,
      `tables[${table.name}] schema registry URL`,
      `set for format ${table.format}${table.keyFormat ? ' / ' + table.keyFormat : ''}`,
      undefined,
      'set schemaRegistryUrl on the Kafka cluster or the job, or use a JSON format',
    );
  }
  return input.schemaRegistryUrl;
}

function apacheOptions(input: SqlScriptInput, table: FlinkTable): Array<[string, string]> {
  if (!input.bootstrapServers) {
    throw ValidationError.of(input.path, 'bootstrapServers', 'set for Apache Flink tables', undefined, 'pass the Kafka cluster (or bootstrapServers) to the job');
  }
  const common: Array<[string, string]> = [
    ['topic', table.topicName],
    ['properties.bootstrap.servers', input.bootstrapServers],
  ];
  switch (table.kind) {
    case FlinkTableKind.CDC_SOURCE: {
      const out: Array<[string, string]> = [
        ['connector', 'kafka'],
        ...common,
        ['properties.group.id', input.jobName],
        ['scan.startup.mode', table.startupMode!],
      ];
      if (table.readCommitted) out.push(['properties.isolation.level', 'read_committed']);
      out.push(['format', table.format]);
      if (table.format === DebeziumFormat.JSON) out.push(['debezium-json.timestamp-format.standard', 'ISO-8601']);
      if (table.needsSchemaRegistry) out.push([`${table.format}.url`, registryUrl(input, table)]);
      return out;
    }
    case FlinkTableKind.UPSERT_SINK: {
      const out: Array<[string, string]> = [['connector', 'upsert-kafka'], ...common, ['key.format', table.keyFormat!], ['value.format', table.format]];
      if (table.keyFormat === SinkFormat.AVRO_CONFLUENT) out.push(['key.avro-confluent.url', registryUrl(input, table)]);
      if (table.format === SinkFormat.AVRO_CONFLUENT) out.push(['value.avro-confluent.url', registryUrl(input, table)]);
      // DECIMAL as written (10.00), not in scientific notation (1E+1, Flink's default), which loses
      // the scale consumers read from the schema.
      if (table.keyFormat === SinkFormat.JSON) out.push(['key.json.encode.decimal-as-plain-number', 'true']);
      if (table.format === SinkFormat.JSON) out.push(['value.json.encode.decimal-as-plain-number', 'true']);
      return out;
    }
    default: {
      const out: Array<[string, string]> = [['connector', 'kafka'], ...common, ['format', table.format]];
      if (table.format === SinkFormat.AVRO_CONFLUENT) out.push(['avro-confluent.url', registryUrl(input, table)]);
      if (table.format === SinkFormat.JSON) out.push(['json.encode.decimal-as-plain-number', 'true']);
      out.push(['sink.delivery-guarantee', table.deliveryGuarantee!]);
      if (table.deliveryGuarantee === DeliveryGuarantee.EXACTLY_ONCE) {
        out.push(
          ['sink.transactional-id-prefix', `${input.jobName}-${table.name}`],
          // Flink's producer default (1 h) exceeds the broker's transaction.max.timeout.ms (15 min): the job would not start.
          ['properties.transaction.timeout.ms', '900000'],
        );
      }
      return out;
    }
  }
}

function confluentOptions(table: FlinkTable): Array<[string, string]> {
  switch (table.kind) {
    case FlinkTableKind.CDC_SOURCE:
      return [
        ['changelog.mode', 'retract'],
        ['scan.startup.mode', table.startupMode!],
        ['value.format', table.format === 'debezium-json' ? 'json-debezium-registry' : 'avro-debezium-registry'],
      ];
    case FlinkTableKind.UPSERT_SINK:
      return [
        ['changelog.mode', 'upsert'],
        ['key.format', table.keyFormat === SinkFormat.AVRO_CONFLUENT ? 'avro-registry' : 'json-registry'],
        ['value.format', table.format === SinkFormat.AVRO_CONFLUENT ? 'avro-registry' : 'json-registry'],
      ];
    default:
      return [
        ['changelog.mode', 'append'],
        ['value.format', table.format === SinkFormat.AVRO_CONFLUENT ? 'avro-registry' : 'json-registry'],
      ];
  }
}

/** The dead-letter table for a job: an upsert table keyed by the rejected row's source position. */
export function deadLetterTable(target: DeadLetterTarget): FlinkTable {
  const table = FlinkTable.upsertSink({
    name: target.tableName ?? 'dead_letters',
    topicName: target.topicName,
    columns: DEAD_LETTER_COLUMNS,
    primaryKey: DEAD_LETTER_KEY,
  });
  return table;
}

function checkedViewName(statement: FlinkStatement): string {
  return `${statement.into!.name}_checked`;
}

function failure(e: Expectation, from: FlinkTable, lookupAlias: string | undefined, dialect: SqlDialect): string {
  const col = asDeclaredNumber(from, dialect, e.column, `${ident('s')}.${ident(e.column)}`);
  const type = from.column(e.column)?.type;
  const numeric = type ? /^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL)/.test(type.sql) : false;
  switch (e.kind) {
    case ExpectationKind.NOT_NULL:
      return `${col} IS NULL`;
    case ExpectationKind.BETWEEN:
      return `${col} IS NOT NULL AND ${col} NOT BETWEEN ${numberLiteral(e.min!)} AND ${numberLiteral(e.max!)}`;
    case ExpectationKind.IN_SET: {
      const values = e.values!.map((v) => {
        if (!numeric) return literal(v);
        if (!/^-?\d+(\.\d+)?$/.test(v)) {
          throw ValidationError.of(`Expectation ${e.name}`, 'values', `numbers, because ${e.column} is ${type!.sql}`, v);
        }
        return v;
      });
      return `${col} IS NOT NULL AND ${col} NOT IN (${values.join(', ')})`;
    }
    case ExpectationKind.MATCHES: {
      const text = type && /^(STRING|VARCHAR|CHAR)/.test(type.sql) ? col : `CAST(${col} AS STRING)`;
      return `${col} IS NOT NULL AND NOT REGEXP(${text}, ${literal(e.pattern!)})`;
    }
    case ExpectationKind.REFERENCES:
      return `${col} IS NOT NULL AND ${ident(lookupAlias!)}.${ident(e.lookupColumn!)} IS NULL`;
    case ExpectationKind.FRESHNESS: {
      const now = (type && type.isInstant) || readsAsInstant(from, dialect, e.column) ? 'CURRENT_TIMESTAMP' : 'LOCALTIMESTAMP';
      return `${col} < ${now} - ${sqlInterval(e.maxAge!)}`;
    }
  }
}

/** The view that evaluates a statement's expectations on its source: every column plus the first failure. */
export function renderCheckedView(input: SqlScriptInput, statement: FlinkStatement): string {
  const from = statement.from!;
  const cc = input.dialect === SqlDialect.CONFLUENT_CLOUD;
  const joins: string[] = [];
  const aliases = new Map<Expectation, string>();
  statement.expectations.forEach((e) => {
    if (e.kind !== ExpectationKind.REFERENCES) return;
    const alias = `r${aliases.size + 1}`;
    aliases.set(e, alias);
    joins.push(
      `LEFT JOIN ${ident(tableName(e.lookupTable!, input.dialect))} AS ${ident(alias)} ON ${ident('s')}.${ident(e.column)} = ${ident(alias)}.${ident(e.lookupColumn!)}`,
    );
  });
  // A regular join cannot carry a rowtime attribute: the event time becomes a plain TIMESTAMP then.
  const castTime = joins.length > 0 ? from.eventTime : undefined;
  const cols = from.readableColumnNames.map((c) => {
    if (c === castTime) return `CAST(${ident('s')}.${ident(c)} AS ${from.column(c)!.type.sql}) AS ${ident(c)}`;
    if (decimalArrivesAs(from, input.dialect, c)) return `${declared(from, input.dialect, c, `${ident('s')}.${ident(c)}`)} AS ${ident(c)}`;
    return `${ident('s')}.${ident(c)}`;
  });
  const when = (pick: (e: Expectation) => string) =>
    `CASE\n${statement.expectations.map((e) => `    WHEN ${failure(e, from, aliases.get(e), input.dialect)} THEN ${literal(pick(e))}`).join('\n')}\n  END`;
  const select = [
    ...cols.map((c) => `  ${c}`),
    `  ${when((e) => e.code)} AS ${ident('dq_error_code')}`,
    `  ${when((e) => e.name)} AS ${ident('dq_expectation')}`,
  ];
  const head = cc ? 'CREATE VIEW IF NOT EXISTS' : 'CREATE TEMPORARY VIEW';
  return `${head} ${ident(checkedViewName(statement))} AS\nSELECT\n${select.join(',\n')}\nFROM ${ident(tableName(from, input.dialect))} AS ${ident('s')}${joins.map((j) => '\n' + j).join('')};`;
}

/** The source a statement reads: its table, or the passing rows of its checked view. */
function sourceOf(input: SqlScriptInput, statement: FlinkStatement): { from: string; where?: string } {
  if (statement.expectations.length === 0) return { from: ident(tableName(statement.from!, input.dialect)) };
  return { from: ident(checkedViewName(statement)), where: `${ident('dq_error_code')} IS NULL` };
}

function aggregateExpr(a: AggregateDefinition, from: FlinkTable, dialect: SqlDialect): string {
  const col = a.column ? asDeclaredNumber(from, dialect, a.column) : '*';
  switch (a.function) {
    case AggregateFunction.COUNT_DISTINCT:
      return `COUNT(DISTINCT ${col})`;
    default:
      return `${a.function}(${col})`;
  }
}

/** The `INSERT` of one statement. */
export function renderInsert(input: SqlScriptInput, statement: FlinkStatement): string {
  if (statement.kind === FlinkStatementKind.SQL) return statement._text!;
  const into = statement.into!;
  const target = ident(tableName(into, input.dialect));
  const src = sourceOf(input, statement);
  if (statement.kind === FlinkStatementKind.LATEST_BY_KEY) {
    const { key, orderBy } = statement._dedup!;
    const selected = into.columnNames.map((c) => (castsBack(statement.from!, input.dialect, c) ? `${declared(statement.from!, input.dialect, c)} AS ${ident(c)}` : ident(c)));
    if (statement.readsChangelog) {
      // A Debezium change stream already is the latest row per key: its updates and deletes,
      // written to an upsert sink keyed by the same key, leave exactly the latest row. A
      // ROW_NUMBER() over it plans as a Deduplicate, which refuses update and delete input on
      // Flink 1.20 ("doesn't support consuming update and delete changes").
      return [
        `INSERT INTO ${target}`,
        `SELECT ${selected.join(', ')}`,
        `FROM ${src.from}${src.where ? `\nWHERE ${src.where}` : ''};`,
      ].join('\n');
    }
    return [
      `INSERT INTO ${target}`,
      `SELECT ${into.columnNames.map(ident).join(', ')}`,
      'FROM (',
      `  SELECT *, ROW_NUMBER() OVER (PARTITION BY ${key.map(ident).join(', ')} ORDER BY ${ident(orderBy)} DESC) AS ${ident('rn')}`,
      `  FROM ${src.from}${src.where ? `\n  WHERE ${src.where}` : ''}`,
      `) WHERE ${ident('rn')} = 1;`,
    ].join('\n');
  }
  const { window, groupBy, aggregates } = statement._windowed!;
  if (src.where && statement.expectations.some((e) => e.kind === ExpectationKind.REFERENCES)) {
    throw ValidationError.of(
      input.path,
      `statements[${into.name}].expectations`,
      'free of references() on a windowed aggregate (the lookup join removes the event-time attribute the window needs)',
      statement.expectations.map((e) => e.name),
      'check references on the upstream dedup job instead',
    );
  }
  const source = src.where ? `(SELECT * FROM ${src.from} WHERE ${src.where})` : src.from;
  const timeCol = ident(statement.from!.eventTime!);
  const tvfSource = src.where ? `TABLE ${ident(checkedViewName(statement))}` : `TABLE ${source}`;
  const tvf =
    window.function === 'TUMBLE'
      ? `TUMBLE(${tvfSource}, DESCRIPTOR(${timeCol}), ${sqlInterval(window.size)})`
      : `HOP(${tvfSource}, DESCRIPTOR(${timeCol}), ${sqlInterval(window.slide!)}, ${sqlInterval(window.size)})`;
  const byName = new Map<string, string>();
  byName.set('window_start', ident('window_start'));
  byName.set('window_end', ident('window_end'));
  const from = statement.from!;
  for (const g of groupBy) byName.set(g, decimalArrivesAs(from, input.dialect, g) ? `${asDeclaredNumber(from, input.dialect, g)} AS ${ident(g)}` : ident(g));
  for (const a of aggregates) byName.set(a.name, `${aggregateExpr(a, from, input.dialect)} AS ${ident(a.name)}`);
  const where = src.where ? `\nWHERE ${src.where}` : '';
  return [
    `INSERT INTO ${target}`,
    `SELECT ${into.columnNames.map((c) => byName.get(c)!).join(', ')}`,
    `FROM TABLE(${tvf})${where}`,
    `GROUP BY ${['window_start', 'window_end', ...groupBy].map(ident).join(', ')};`,
  ].join('\n');
}

/** The dead-letter `INSERT` of a gated statement. */
export function renderDeadLetterInsert(input: SqlScriptInput, statement: FlinkStatement, dlq: FlinkTable): string {
  const from = statement.from!;
  if (!from.kafkaMetadata) {
    throw ValidationError.of(
      input.path,
      `tables[${from.name}].kafkaMetadata`,
      'true on a gated source (dead letters are keyed by the source partition and offset)',
      false,
    );
  }
  const payload = `JSON_OBJECT(${from.columnNames.map((c) => `KEY ${literal(c)} VALUE ${declared(from, input.dialect, c)}`).join(', ')})`;
  const eventTime = from.eventTime ? `CAST(${declared(from, input.dialect, from.eventTime)} AS TIMESTAMP(3))` : 'CAST(NULL AS TIMESTAMP(3))';
  const values: Record<string, string> = {
    job: literal(input.jobName),
    source_topic: literal(from.topicName),
    source_partition: ident('kafka_partition'),
    source_offset: ident('kafka_offset'),
    error_code: ident('dq_error_code'),
    stage: literal(GATE_STAGE),
    expectation: ident('dq_expectation'),
    payload,
    event_time: eventTime,
    detected_at: 'CURRENT_TIMESTAMP',
  };
  // Epoch milliseconds of a TIMESTAMP_LTZ. Flink refuses CAST(TIMESTAMP_LTZ AS BIGINT) (1.20,
  // 2.x) and has no epoch-millis function: the seconds come from UNIX_TIMESTAMP of the formatted
  // time (both in the session time zone), the milliseconds from its 'SSS' field.
  const epochMillis = (ltz: string) =>
    `CAST(UNIX_TIMESTAMP(DATE_FORMAT(${ltz}, 'yyyy-MM-dd HH:mm:ss')) * 1000 + CAST(DATE_FORMAT(${ltz}, 'SSS') AS BIGINT) AS STRING)`;
  const headers: Array<[string, string]> = [
    [DlqHeaders.ERROR_CODE, ident('dq_error_code')],
    [DlqHeaders.ERROR_MESSAGE, `'expectation ' || ${ident('dq_expectation')} || ' failed'`],
    [DlqHeaders.STAGE, literal(GATE_STAGE)],
    [DlqHeaders.JOB, literal(input.jobName)],
    [DlqHeaders.RULE, ident('dq_expectation')],
    [DlqHeaders.SOURCE_TOPIC, literal(from.topicName)],
    [DlqHeaders.SOURCE_PARTITION, `CAST(${ident('kafka_partition')} AS STRING)`],
    [DlqHeaders.SOURCE_OFFSET, `CAST(${ident('kafka_offset')} AS STRING)`],
    [DlqHeaders.SOURCE_TIMESTAMP, epochMillis(ident('kafka_timestamp'))],
    [DlqHeaders.FAILED_AT, epochMillis('CURRENT_TIMESTAMP')],
    [DlqHeaders.PAYLOAD_FORMAT, literal('json')],
  ];
  // STR_TO_MAP rather than a MAP[...] constructor, which the FlinkSQL grammar we test against lacks.
  // ';' and '=' never occur in the values: codes, expectation names, topic and job names, numbers.
  const headerMap = `STR_TO_MAP(\n    ${headers.map(([k, v]) => `${literal(k + '=')} || ${v}`).join(" || ';'\n    || ")},\n    ';', '='\n  )`;
  return [
    `INSERT INTO ${ident(tableName(dlq, input.dialect))}`,
    `SELECT ${[...DEAD_LETTER_COLUMNS.map((c) => `${values[c.name]} AS ${ident(c.name)}`), `${headerMap} AS ${ident('headers')}`].join(',\n  ')}`,
    `FROM ${ident(checkedViewName(statement))}`,
    `WHERE ${ident('dq_error_code')} IS NOT NULL;`,
  ].join('\n');
}

const IDLE_TIMEOUT_KEY = 'table.exec.source.idle-timeout';
/**
 * How long a source partition may stay empty before the watermark moves on without it. Below the
 * watermark-lag system alert's floor (one minute), so a quiet partition never trips it; records
 * that later arrive on it with older event times than the watermark are late for event-time
 * windows (CDC events carry the commit time, so they are not).
 */
export const SOURCE_IDLE_TIMEOUT = Duration.seconds(30);

/**
 * Render a whole job: settings, the DDL of every table touched (sources first, then sinks, each
 * once, in first-use order), the checked views of gated statements, and every insert inside one
 * `EXECUTE STATEMENT SET` so the passing and the rejected rows come from one pipeline reading the
 * source once.
 */
export function renderJobSql(input: SqlScriptInput): RenderedSql {
  if (input.statements.length === 0) {
    throw ValidationError.of(input.path, 'statements', 'a non-empty list', [], 'add FlinkStatement.latestByKey(), windowAggregate() or sql()');
  }
  const gated = input.statements.filter((s) => s.expectations.length > 0);
  const dlq = gated.length > 0 && input.deadLetter ? deadLetterTable(input.deadLetter) : undefined;
  const tables: FlinkTable[] = [];
  const add = (t: FlinkTable) => {
    const existing = tables.find((x) => x.name === t.name);
    if (existing && existing !== t) {
      throw ValidationError.of(input.path, 'tables', 'uniquely named (two different tables share a name)', t.name);
    }
    if (!existing) tables.push(t);
  };
  for (const s of input.statements) s.reads.forEach(add);
  for (const s of input.statements) s.writes.forEach(add);
  if (dlq) add(dlq);

  const cc = input.dialect === SqlDialect.CONFLUENT_CLOUD;
  const settingValues: Record<string, string> = { ...(input.settings ?? {}) };
  // Debezium's instants are UTC: read back into TIMESTAMP columns in UTC, whatever the JVM's zone.
  if (readsInstants(tables, input.dialect) && settingValues['table.local-time-zone'] === undefined) settingValues['table.local-time-zone'] = 'UTC';
  // A partition that receives nothing holds the job's watermark back (a quiet table, or more
  // partitions than keys): marked idle after this long, it no longer does.
  const watermarked = tables.some((t) => !t.isSink && t.watermarkDelay !== undefined);
  if (!cc && watermarked && settingValues[IDLE_TIMEOUT_KEY] === undefined) settingValues[IDLE_TIMEOUT_KEY] = SOURCE_IDLE_TIMEOUT.toFlink();
  const settings = Object.keys(settingValues)
    .sort()
    .map((k) => `SET ${literal(k)} = ${literal(settingValues[k])};`);
  const inferred = new Set(cc ? input.inferredTables ?? [] : []);
  const ddl: Array<{ name: string; sql: string; table?: string }> = tables.flatMap((t) =>
    inferred.has(t.name)
      ? renderInferredTableDdl(input, t).map((d) => ({ ...d, table: tableName(t, input.dialect) }))
      : [{ name: t.name, sql: renderTableDdl(input, t, t === dlq) }],
  );
  for (const s of gated) ddl.push({ name: checkedViewName(s), sql: renderCheckedView(input, s) });
  // Hand-written DDL runs before the statement set (a statement set only holds inserts).
  const isInsert = (s: FlinkStatement) => s.kind !== FlinkStatementKind.SQL || /^\s*INSERT\b/i.test(s._text!);
  input.statements.forEach((s, i) => {
    if (isInsert(s)) return;
    const text = s._text!;
    if (/^\s*EXECUTE\b/i.test(text)) {
      throw ValidationError.of(input.path, `statements[${i}]`, 'an INSERT or DDL statement (the job builds the one statement set itself)', text.slice(0, 60));
    }
    ddl.push({ name: `sql_${i}`, sql: text });
  });
  const inserts = input.statements.filter(isInsert).map((s) => renderInsert(input, s));
  if (inserts.length === 0) {
    throw ValidationError.of(input.path, 'statements', 'at least one INSERT (a job without one never starts)', input.statements.length);
  }
  if (dlq) for (const s of gated) inserts.push(renderDeadLetterInsert(input, s, dlq));
  const dml = `EXECUTE STATEMENT SET\nBEGIN\n${inserts.join('\n\n')}\nEND;`;
  const header = `-- Flink SQL job ${input.jobName}: generated by cdktf-realtime-pipeline, do not edit.`;
  const script = [header, ...(cc ? [] : settings), ...ddl.map((d) => d.sql), dml].join('\n\n') + '\n';
  return { settings: cc ? [] : settings, ddl, dml, script, tables, deadLetterTable: dlq };
}
