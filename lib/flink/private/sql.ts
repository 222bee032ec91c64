import { ValidationError } from '../../core/private/validation-error';
import { DlqHeaders } from '../../kafka/dead-letter-topic';
import { Expectation, ExpectationKind } from '../expectation';
import { AggregateDefinition, AggregateFunction, FlinkStatement, FlinkStatementKind, WindowSpec } from '../flink-statement';
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
}

/** A rendered job: DDL statements, the one DML statement set, and the whole script. */
export interface RenderedSql {
  readonly settings: string[];
  readonly ddl: Array<{ name: string; sql: string }>;
  readonly dml: string;
  readonly script: string;
  readonly tables: FlinkTable[];
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

const DEAD_LETTER_TABLES = new WeakSet<FlinkTable>();

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

/** The source column as declared: `CAST(… AS TIMESTAMP(p))` for a column read as an instant. */
function declared(table: FlinkTable, dialect: SqlDialect, column: string, expr = ident(column)): string {
  return readsAsInstant(table, dialect, column) ? `CAST(${expr} AS ${table.column(column)!.type.sql})` : expr;
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

/** `CREATE TABLE` for one table. */
export function renderTableDdl(input: SqlScriptInput, table: FlinkTable): string {
  const cc = input.dialect === SqlDialect.CONFLUENT_CLOUD;
  const lines = columnLines(table.columns, (c) =>
    readsAsInstant(table, input.dialect, c.name) ? c.type.sql.replace(/^TIMESTAMP\(/, 'TIMESTAMP_LTZ(') : c.type.sql,
  );
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
        : `  WATERMARK FOR ${col} AS ${col} - ${table.watermarkDelay.toSqlInterval()}`,
    );
  }
  // Declared MAP<STRING, STRING>: Flink casts it to the connector's MAP<STRING, BYTES> (UTF-8) on write.
  if (DEAD_LETTER_TABLES.has(table)) lines.push(`  ${ident('headers')} MAP<STRING, STRING> METADATA`);
  // Kafka's `kafka` connector refuses PRIMARY KEY with Debezium formats; only upsert sinks declare one.
  if (table.kind !== FlinkTableKind.CDC_SOURCE && table.primaryKey.length > 0) {
    lines.push(`  PRIMARY KEY (${table.primaryKey.map(ident).join(', ')}) NOT ENFORCED`);
  }
  const path = input.path;
  const options = cc ? confluentOptions(table) : apacheOptions(input, table);
  return `CREATE TABLE ${cc ? 'IF NOT EXISTS ' : ''}${ident(tableName(table, input.dialect))} (\n${lines.join(',\n')}\n) ${withClause(mergeOptions(path, table, options))};`;
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
      return out;
    }
    default: {
      const out: Array<[string, string]> = [['connector', 'kafka'], ...common, ['format', table.format]];
      if (table.format === SinkFormat.AVRO_CONFLUENT) out.push(['avro-confluent.url', registryUrl(input, table)]);
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
  DEAD_LETTER_TABLES.add(table);
  return table;
}

function checkedViewName(statement: FlinkStatement): string {
  return `${statement.into!.name}_checked`;
}

function failure(e: Expectation, from: FlinkTable, lookupAlias: string | undefined, dialect: SqlDialect): string {
  const col = `${ident('s')}.${ident(e.column)}`;
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
      return `${col} < ${now} - ${e.maxAge!.toSqlInterval()}`;
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

function aggregateExpr(a: AggregateDefinition): string {
  const col = a.column ? ident(a.column) : '*';
  switch (a.function) {
    case AggregateFunction.COUNT_DISTINCT:
      return `COUNT(DISTINCT ${col})`;
    default:
      return `${a.function}(${col})`;
  }
}

/** The `INSERT` of one statement. */
export function renderInsert(input: SqlScriptInput, statement: FlinkStatement): string {
  if (statement.kind === FlinkStatementKind.SQL) return statement._details.text;
  const into = statement.into!;
  const target = ident(tableName(into, input.dialect));
  const src = sourceOf(input, statement);
  if (statement.kind === FlinkStatementKind.LATEST_BY_KEY) {
    const { key, orderBy } = statement._details as { key: string[]; orderBy: string };
    const selected = into.columnNames.map((c) => (readsAsInstant(statement.from!, input.dialect, c) ? `${declared(statement.from!, input.dialect, c)} AS ${ident(c)}` : ident(c)));
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
  const { window, groupBy, aggregates } = statement._details as { window: WindowSpec; groupBy: string[]; aggregates: AggregateDefinition[] };
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
      ? `TUMBLE(${tvfSource}, DESCRIPTOR(${timeCol}), ${window.size.toSqlInterval()})`
      : `HOP(${tvfSource}, DESCRIPTOR(${timeCol}), ${window.slide!.toSqlInterval()}, ${window.size.toSqlInterval()})`;
  const byName = new Map<string, string>();
  byName.set('window_start', ident('window_start'));
  byName.set('window_end', ident('window_end'));
  for (const g of groupBy) byName.set(g, ident(g));
  for (const a of aggregates) byName.set(a.name, `${aggregateExpr(a)} AS ${ident(a.name)}`);
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

  const settingValues: Record<string, string> = { ...(input.settings ?? {}) };
  // Debezium's instants are UTC: read back into TIMESTAMP columns in UTC, whatever the JVM's zone.
  if (readsInstants(tables, input.dialect) && settingValues['table.local-time-zone'] === undefined) settingValues['table.local-time-zone'] = 'UTC';
  const settings = Object.keys(settingValues)
    .sort()
    .map((k) => `SET ${literal(k)} = ${literal(settingValues[k])};`);
  const ddl = tables.map((t) => ({ name: t.name, sql: renderTableDdl(input, t) }));
  for (const s of gated) ddl.push({ name: checkedViewName(s), sql: renderCheckedView(input, s) });
  // Hand-written DDL runs before the statement set (a statement set only holds inserts).
  const isInsert = (s: FlinkStatement) => s.kind !== FlinkStatementKind.SQL || /^\s*INSERT\b/i.test(s._details.text);
  input.statements.forEach((s, i) => {
    if (isInsert(s)) return;
    if (/^\s*EXECUTE\b/i.test(s._details.text)) {
      throw ValidationError.of(input.path, `statements[${i}]`, 'an INSERT or DDL statement (the job builds the one statement set itself)', s._details.text.slice(0, 60));
    }
    ddl.push({ name: `sql_${i}`, sql: s._details.text });
  });
  const inserts = input.statements.filter(isInsert).map((s) => renderInsert(input, s));
  if (inserts.length === 0) {
    throw ValidationError.of(input.path, 'statements', 'at least one INSERT (a job without one never starts)', input.statements.length);
  }
  if (dlq) for (const s of gated) inserts.push(renderDeadLetterInsert(input, s, dlq));
  const dml = `EXECUTE STATEMENT SET\nBEGIN\n${inserts.join('\n\n')}\nEND;`;
  const cc = input.dialect === SqlDialect.CONFLUENT_CLOUD;
  const header = `-- Flink SQL job ${input.jobName}: generated by cdktf-realtime-pipeline, do not edit.`;
  const script = [header, ...(cc ? [] : settings), ...ddl.map((d) => d.sql), dml].join('\n\n') + '\n';
  return { settings: cc ? [] : settings, ddl, dml, script, tables };
}
