import type { FlinkTable } from './flink-table';
import { Duration } from '../core/duration';
import { ValidationError } from '../core/private/validation-error';

/** The kinds of quality expectation. Each has one stable error code (see `Expectation.code`). */
export enum ExpectationKind {
  /** The column is not `NULL`. Code `DQ001_NOT_NULL`. */
  NOT_NULL = 'not_null',
  /** The column lies between two numbers, inclusive. Code `DQ002_BETWEEN`. */
  BETWEEN = 'between',
  /** The column is one of a fixed set of values. Code `DQ003_IN_SET`. */
  IN_SET = 'in_set',
  /** The column matches a Java regular expression. Code `DQ004_MATCHES`. */
  MATCHES = 'matches',
  /** The column's value exists in a lookup table's column. Code `DQ005_REFERENCES`. */
  REFERENCES = 'references',
  /** The event time is no older than a maximum age when the row is processed. Code `DQ006_FRESHNESS`. */
  FRESHNESS = 'freshness',
}

const CODES: Record<string, string> = {
  [ExpectationKind.NOT_NULL]: 'DQ001_NOT_NULL',
  [ExpectationKind.BETWEEN]: 'DQ002_BETWEEN',
  [ExpectationKind.IN_SET]: 'DQ003_IN_SET',
  [ExpectationKind.MATCHES]: 'DQ004_MATCHES',
  [ExpectationKind.REFERENCES]: 'DQ005_REFERENCES',
  [ExpectationKind.FRESHNESS]: 'DQ006_FRESHNESS',
};

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A data-quality expectation on one column, compiled into the Flink job as a quality gate: rows
 * that meet every expectation go on to the sink, rows that fail one go to the dead-letter topic
 * with the expectation's stable error code.
 *
 * `NULL` values pass every expectation except `notNull` (state the two separately: a missing
 * value and a wrong value are different defects with different owners).
 */
export class Expectation {
  /** The column is not `NULL`. */
  public static notNull(column: string): Expectation {
    return new Expectation(ExpectationKind.NOT_NULL, column, `not_null(${column})`);
  }

  /** The column lies between `min` and `max`, both inclusive. */
  public static between(column: string, min: number, max: number): Expectation {
    for (const [setting, v] of [['min', min], ['max', max]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValidationError({ path: `Expectation.between(${column})`, setting, limit: 'a finite number', value: String(v) });
      }
    }
    if (min > max) {
      throw new ValidationError({
        path: `Expectation.between(${column})`,
        setting: 'min',
        limit: `<= max (${max})`,
        value: String(min),
        fix: 'swap min and max',
      });
    }
    const e = new Expectation(ExpectationKind.BETWEEN, column, `between(${column}, ${min}, ${max})`);
    e._min = min;
    e._max = max;
    return e;
  }

  /** The column is one of `values` (compared as text for string columns, as numbers for numeric ones). */
  public static inSet(column: string, values: string[]): Expectation {
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
      throw new ValidationError({
        path: `Expectation.inSet(${column})`,
        setting: 'values',
        limit: 'a non-empty list of strings',
        value: JSON.stringify(values),
      });
    }
    const sorted = [...new Set(values)];
    const e = new Expectation(ExpectationKind.IN_SET, column, `in_set(${column})`);
    e._values = sorted;
    return e;
  }

  /** The column matches `pattern`, a Java regular expression (Flink's `REGEXP`, a partial match unless anchored). */
  public static matches(column: string, pattern: string): Expectation {
    try {
      new RegExp(pattern);
    } catch {
      throw new ValidationError({
        path: `Expectation.matches(${column})`,
        setting: 'pattern',
        limit: 'a valid regular expression',
        value: JSON.stringify(pattern),
      });
    }
    if (typeof pattern !== 'string' || pattern.length === 0) {
      throw new ValidationError({ path: `Expectation.matches(${column})`, setting: 'pattern', limit: 'a non-empty string', value: JSON.stringify(pattern) });
    }
    const e = new Expectation(ExpectationKind.MATCHES, column, `matches(${column})`);
    e._pattern = pattern;
    return e;
  }

  /**
   * The column's value exists in `lookupColumn` of `lookupTable` (referential integrity). Compiled
   * as a regular left join: the lookup table's rows are kept in state, so a late-arriving parent
   * row turns an earlier rejection into a retraction on the keyed dead-letter topic.
   */
  public static references(column: string, lookupTable: FlinkTable, lookupColumn: string): Expectation {
    if (!lookupTable || !lookupTable.columnNames.includes(lookupColumn)) {
      throw new ValidationError({
        path: `Expectation.references(${column})`,
        setting: 'lookupColumn',
        limit: `a column of the lookup table (${lookupTable ? lookupTable.columnNames.join(', ') : 'none given'})`,
        value: JSON.stringify(lookupColumn),
      });
    }
    const e = new Expectation(ExpectationKind.REFERENCES, column, `references(${column}, ${lookupTable.name}.${lookupColumn})`);
    e._lookupTable = lookupTable;
    e._lookupColumn = lookupColumn;
    return e;
  }

  /**
   * The event-time column is no older than `maxAge` when the row is processed. A row that arrives
   * later than that is already stale for every consumer with a tighter freshness objective.
   */
  public static freshness(eventTimeColumn: string, maxAge: Duration): Expectation {
    if (!maxAge || maxAge.isInfinite || maxAge.toMilliseconds() === 0) {
      throw new ValidationError({
        path: `Expectation.freshness(${eventTimeColumn})`,
        setting: 'maxAge',
        limit: 'a finite duration > 0',
        value: maxAge ? maxAge.toHumanString() : 'nothing',
      });
    }
    const e = new Expectation(ExpectationKind.FRESHNESS, eventTimeColumn, `freshness(${eventTimeColumn}, ${maxAge.toHumanString()})`);
    e._maxAge = maxAge;
    return e;
  }

  /** What is checked. */
  public readonly kind: ExpectationKind;
  /** The checked column. */
  public readonly column: string;
  /** Stable name written to the dead-letter record's `expectation` field, e.g. `not_null(order_id)`. */
  public readonly name: string;

  private _min?: number;
  private _max?: number;
  private _values?: string[];
  private _pattern?: string;
  private _lookupTable?: FlinkTable;
  private _lookupColumn?: string;
  private _maxAge?: Duration;

  private constructor(kind: ExpectationKind, column: string, name: string) {
    if (typeof column !== 'string' || !IDENT.test(column)) {
      throw new ValidationError({
        path: `Expectation.${kind}`,
        setting: 'column',
        limit: 'a column name (letters, digits and "_", not starting with a digit)',
        value: JSON.stringify(column),
      });
    }
    this.kind = kind;
    this.column = column;
    this.name = name;
  }

  /** Stable error code written to the dead-letter record's `error_code` field, e.g. `DQ001_NOT_NULL`. */
  public get code(): string {
    return CODES[this.kind];
  }

  /** Lower bound of `between`. */
  public get min(): number | undefined {
    return this._min;
  }
  /** Upper bound of `between`. */
  public get max(): number | undefined {
    return this._max;
  }
  /** Allowed values of `inSet`, de-duplicated, in the order given. */
  public get values(): string[] | undefined {
    return this._values ? [...this._values] : undefined;
  }
  /** Pattern of `matches`. */
  public get pattern(): string | undefined {
    return this._pattern;
  }
  /** Lookup table of `references`. */
  public get lookupTable(): FlinkTable | undefined {
    return this._lookupTable;
  }
  /** Lookup column of `references`. */
  public get lookupColumn(): string | undefined {
    return this._lookupColumn;
  }
  /** Maximum age of `freshness`. */
  public get maxAge(): Duration | undefined {
    return this._maxAge;
  }
}

/** Every expectation kind with its code, in code order (the table in docs/flink.md lists the same). */
export const EXPECTATION_CODES: ReadonlyArray<[ExpectationKind, string]> = Object.entries(CODES).map(
  ([k, c]) => [k as ExpectationKind, c],
);
