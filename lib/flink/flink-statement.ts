import { Expectation } from './expectation';
import { FlinkTable, FlinkTableKind } from './flink-table';
import { Duration } from '../core/duration';
import { checkSqlStructure } from './private/sql-structure';
import { ValidationError } from '../core/private/validation-error';

/** What a statement does. */
export enum FlinkStatementKind {
  /** Latest row per key (`ROW_NUMBER() … WHERE rn = 1`) into an upsert sink. */
  LATEST_BY_KEY = 'latest-by-key',
  /** Windowed aggregate (`TUMBLE` / `HOP` table-valued function). */
  WINDOW_AGGREGATE = 'window-aggregate',
  /** Hand-written SQL. */
  SQL = 'sql',
}

/** Aggregate functions of a windowed aggregate. */
export enum AggregateFunction {
  /** `COUNT(*)` or `COUNT(col)`. */
  COUNT = 'COUNT',
  /** `COUNT(DISTINCT col)`. */
  COUNT_DISTINCT = 'COUNT_DISTINCT',
  /** `SUM(col)`. */
  SUM = 'SUM',
  /** `AVG(col)`. */
  AVG = 'AVG',
  /** `MIN(col)`. */
  MIN = 'MIN',
  /** `MAX(col)`. */
  MAX = 'MAX',
}

/** One aggregate output column. */
export interface AggregateDefinition {
  /** Output column name (a column of the sink). */
  readonly name: string;
  /** The function. */
  readonly function: AggregateFunction;
  /**
   * Input column.
   * @default - `*` (only for COUNT)
   */
  readonly column?: string;
}

/** A window of a windowed aggregate. */
export class WindowSpec {
  /** Fixed, non-overlapping windows of `size` (`TUMBLE`). */
  public static tumble(size: Duration): WindowSpec {
    return new WindowSpec('TUMBLE', size);
  }

  /** Windows of `size` starting every `slide` (`HOP`); `size` must be a whole multiple of `slide`. */
  public static hop(slide: Duration, size: Duration): WindowSpec {
    return new WindowSpec('HOP', size, slide);
  }

  /** `TUMBLE` or `HOP`. */
  public readonly function: string;
  /** Window size. */
  public readonly size: Duration;
  /** Slide of a hopping window. */
  public readonly slide?: Duration;

  private constructor(fn: string, size: Duration, slide?: Duration) {
    const path = `WindowSpec.${fn.toLowerCase()}`;
    for (const [setting, d] of [['size', size], ['slide', slide]] as const) {
      if (d === undefined && setting === 'slide') continue;
      if (!d || d.isInfinite || d.toMilliseconds() === 0) {
        throw new ValidationError({ path, setting, limit: 'a finite duration > 0', value: d ? d.toHumanString() : 'nothing' });
      }
    }
    if (slide && size.toMilliseconds() % slide.toMilliseconds() !== 0) {
      throw new ValidationError({
        path,
        setting: 'size',
        limit: `a whole multiple of slide (${slide.toHumanString()}) — Flink's HOP window aggregate requires it`,
        value: size.toHumanString(),
      });
    }
    this.function = fn;
    this.size = size;
    this.slide = slide;
  }
}

/** Props of `FlinkStatement.latestByKey()`. */
export interface LatestByKeyProps {
  /** Source table. */
  readonly from: FlinkTable;
  /** Upsert sink receiving the latest row per key. */
  readonly into: FlinkTable;
  /**
   * Deduplication key.
   * @default - the sink's primary key
   */
  readonly key?: string[];
  /**
   * Column ordering versions of a key (latest wins).
   * @default - the source's event-time column
   */
  readonly orderBy?: string;
  /**
   * Quality gate on the source rows before deduplication.
   * @default - no gate
   */
  readonly expectations?: Expectation[];
}

/** Props of `FlinkStatement.windowAggregate()`. */
export interface WindowAggregateProps {
  /** Source table (needs an event time with a watermark). */
  readonly from: FlinkTable;
  /** Append sink receiving one row per window (and group). */
  readonly into: FlinkTable;
  /** The window. */
  readonly window: WindowSpec;
  /**
   * Grouping columns besides the window.
   * @default - none
   */
  readonly groupBy?: string[];
  /** Aggregates. The sink's columns must be `window_start`, `window_end`, the groupBy columns and these. */
  readonly aggregates: AggregateDefinition[];
  /**
   * Quality gate on the source rows before aggregation.
   * @default - no gate
   */
  readonly expectations?: Expectation[];
}

/** Options of `FlinkStatement.sql()`. */
export interface RawSqlOptions {
  /**
   * Tables the statement reads (their DDL is rendered before it).
   * @default - none
   */
  readonly reads?: FlinkTable[];
  /**
   * Tables the statement writes (their DDL is rendered before it; they count as the job's sinks).
   * @default - none
   */
  readonly writes?: FlinkTable[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One insert of a Flink SQL job, built from typed parts: the job renders it (and its quality gate,
 * and the tables it touches) for its target.
 */
export class FlinkStatement {
  /**
   * Keep the latest row per key: `ROW_NUMBER() OVER (PARTITION BY key ORDER BY orderBy DESC)` and
   * `WHERE rn = 1`, written to an `upsert-kafka` sink. Flink recognises the pattern and keeps one
   * row per key in state.
   */
  public static latestByKey(props: LatestByKeyProps): FlinkStatement {
    const path = `FlinkStatement.latestByKey(${props?.into?.name})`;
    requireTables(path, props);
    if (props.into.primaryKey.length === 0) {
      throw new ValidationError({ path, setting: 'into', limit: 'an upsert sink with a primary key', value: props.into.name, fix: 'use FlinkTable.upsertSink({ primaryKey })' });
    }
    const key = props.key ?? props.into.primaryKey;
    if (key.length === 0) throw new ValidationError({ path, setting: 'key', limit: 'a non-empty list', value: JSON.stringify(key) });
    for (const k of key) requireColumn(path, 'key', props.from, k);
    const orderBy = props.orderBy ?? props.from.eventTime;
    if (!orderBy) {
      throw new ValidationError({ path, setting: 'orderBy', limit: 'a column (or an event time on the source)', value: 'nothing', fix: 'set eventTime on the source table or orderBy here' });
    }
    requireColumn(path, 'orderBy', props.from, orderBy);
    for (const c of props.into.columnNames) requireColumn(path, 'into.columns', props.from, c);
    return new FlinkStatement(FlinkStatementKind.LATEST_BY_KEY, props.from, props.into, props.expectations ?? [], { _dedup: { key, orderBy } });
  }

  /** A windowed aggregate over a `TUMBLE` or `HOP` window table-valued function (append-only output). */
  public static windowAggregate(props: WindowAggregateProps): FlinkStatement {
    const path = `FlinkStatement.windowAggregate(${props?.into?.name})`;
    requireTables(path, props);
    if (!props.from.eventTime) {
      throw new ValidationError({
        path,
        setting: 'from',
        limit: 'a table with an event time and watermark (windows need a time attribute)',
        value: props.from.name,
        fix: 'set eventTime (and watermarkDelay) on the source table',
      });
    }
    if (!(props.window instanceof WindowSpec)) throw new ValidationError({ path, setting: 'window', limit: 'WindowSpec.tumble() or WindowSpec.hop()', value: String(props.window) });
    const groupBy = props.groupBy ?? [];
    for (const g of groupBy) requireColumn(path, 'groupBy', props.from, g);
    if (!Array.isArray(props.aggregates) || props.aggregates.length === 0) {
      throw new ValidationError({ path, setting: 'aggregates', limit: 'a non-empty list', value: JSON.stringify(props.aggregates) });
    }
    for (const a of props.aggregates) {
      if (!IDENT.test(a.name ?? '')) throw new ValidationError({ path, setting: 'aggregates[].name', limit: 'an identifier', value: a.name });
      if (a.column === undefined) {
        if (a.function !== AggregateFunction.COUNT) throw new ValidationError({ path, setting: `aggregates[${a.name}].column`, limit: `set for ${a.function}`, value: 'nothing' });
      } else {
        requireColumn(path, `aggregates[${a.name}].column`, props.from, a.column);
      }
    }
    const expected = ['window_start', 'window_end', ...groupBy, ...props.aggregates.map((a) => a.name)];
    const actual = props.into.columnNames;
    if ([...expected].sort().join(',') !== [...actual].sort().join(',')) {
      throw new ValidationError({
        path,
        setting: 'into.columns',
        limit: `exactly the output columns (${expected.join(', ')})`,
        value: actual.join(', '),
      });
    }
    return new FlinkStatement(FlinkStatementKind.WINDOW_AGGREGATE, props.from, props.into, props.expectations ?? [], {
      _windowed: { window: props.window, groupBy, aggregates: props.aggregates.map((a) => ({ ...a })) },
    });
  }

  /**
   * Hand-written SQL: one `INSERT INTO …` (or another DML/DDL statement). It is checked for
   * structure here (balanced quotes and brackets, one statement, a known leading keyword) and
   * against the Flink grammar in the test suite like every generated script.
   */
  public static sql(statement: string, options: RawSqlOptions = {}): FlinkStatement {
    const text = checkSqlStructure('FlinkStatement.sql', 'statement', statement);
    const s = new FlinkStatement(FlinkStatementKind.SQL, undefined, undefined, [], { _text: text });
    s._reads = [...(options.reads ?? [])];
    s._writes = [...(options.writes ?? [])];
    return s;
  }

  /** What the statement does. */
  public readonly kind: FlinkStatementKind;
  /** The source table (typed statements). */
  public readonly from?: FlinkTable;
  /** The sink table (typed statements). */
  public readonly into?: FlinkTable;
  /** Quality gate on the source rows. */
  public readonly expectations: Expectation[];
  /** @internal the statement text (hand-written SQL) */
  public readonly _text?: string;
  /** @internal the key and ordering column (latest by key) */
  public readonly _dedup?: { readonly key: string[]; readonly orderBy: string };
  /** @internal the window, grouping and aggregates (windowed aggregate) */
  public readonly _windowed?: { readonly window: WindowSpec; readonly groupBy: string[]; readonly aggregates: AggregateDefinition[] };
  private _reads: FlinkTable[] = [];
  private _writes: FlinkTable[] = [];

  private constructor(
    kind: FlinkStatementKind,
    from: FlinkTable | undefined,
    into: FlinkTable | undefined,
    expectations: Expectation[],
    spec: Pick<FlinkStatement, '_text' | '_dedup' | '_windowed'>,
  ) {
    this.kind = kind;
    this.from = from;
    this.into = into;
    this.expectations = [...expectations];
    this._text = spec._text;
    this._dedup = spec._dedup;
    this._windowed = spec._windowed;
    if (from) {
      const seen = new Set<string>();
      for (const e of this.expectations) {
        if (!(e instanceof Expectation)) throw new ValidationError({ path: `FlinkStatement(${into?.name})`, setting: 'expectations', limit: 'Expectation objects', value: String(e) });
        requireColumn(`FlinkStatement(${into?.name})`, `expectations[${e.name}].column`, from, e.column);
        if (seen.has(e.name)) throw new ValidationError({ path: `FlinkStatement(${into?.name})`, setting: 'expectations', limit: 'free of duplicates', value: e.name });
        seen.add(e.name);
      }
    }
  }

  /** Tables the statement reads (including lookup tables of `references` expectations). */
  public get reads(): FlinkTable[] {
    const lookups = this.expectations.map((e) => e.lookupTable).filter((t): t is FlinkTable => t !== undefined);
    return this.from ? [this.from, ...lookups] : [...this._reads];
  }

  /** Tables the statement writes. */
  public get writes(): FlinkTable[] {
    return this.into ? [this.into] : [...this._writes];
  }

  /**
   * Whether the statement keeps state across rows (dedup, windows, joins; the upsert sink of a
   * change stream keeps the latest row per key too).
   */
  public get isStateful(): boolean {
    if (this.kind === FlinkStatementKind.SQL) return /\b(JOIN|GROUP\s+BY|OVER\s*\(|TUMBLE|HOP|CUMULATE|DISTINCT)\b/i.test(this._text!);
    return true;
  }

  /**
   * Whether the statement orders or groups rows by event time, so its source needs a watermark:
   * windows, hand-written stateful SQL, and latest-by-key over an append-only source (a
   * `ROW_NUMBER()` deduplication). Latest-by-key over a change stream needs none: the changelog
   * already is the latest row per key, in the source's commit order.
   */
  public get ordersByEventTime(): boolean {
    if (this.kind === FlinkStatementKind.LATEST_BY_KEY) return !this.readsChangelog;
    return this.isStateful;
  }

  /** Whether the statement reads a Debezium change stream (updates and deletes, not only inserts). */
  public get readsChangelog(): boolean {
    return this.from?.kind === FlinkTableKind.CDC_SOURCE;
  }
}

function requireTables(path: string, props: any) {
  for (const setting of ['from', 'into']) {
    if (!(props?.[setting] instanceof FlinkTable)) {
      throw new ValidationError({ path, setting, limit: 'a FlinkTable', value: String(props?.[setting]) });
    }
  }
  if (!props.into.isSink) throw new ValidationError({ path, setting: 'into', limit: 'a sink table', value: props.into.name });
}

function requireColumn(path: string, setting: string, table: FlinkTable, column: string) {
  if (!table.readableColumnNames.includes(column)) {
    throw new ValidationError({ path, setting, limit: `a column of ${table.name} (${table.readableColumnNames.join(', ')})`, value: JSON.stringify(column) });
  }
}
