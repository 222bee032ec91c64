import { ValidationError } from '../core/private/validation-error';

/**
 * A Flink SQL data type, rendered as in DDL (`BIGINT`, `DECIMAL(12, 2)`, `TIMESTAMP(3)`).
 *
 * @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/dev/table/types/
 */
export class SqlType {
  /** `BOOLEAN`. */
  public static boolean(): SqlType {
    return new SqlType('BOOLEAN');
  }
  /** `TINYINT`. */
  public static tinyint(): SqlType {
    return new SqlType('TINYINT');
  }
  /** `SMALLINT`. */
  public static smallint(): SqlType {
    return new SqlType('SMALLINT');
  }
  /** `INT`. */
  public static int(): SqlType {
    return new SqlType('INT');
  }
  /** `BIGINT`. */
  public static bigint(): SqlType {
    return new SqlType('BIGINT');
  }
  /** `FLOAT`. */
  public static float(): SqlType {
    return new SqlType('FLOAT');
  }
  /** `DOUBLE`. */
  public static double(): SqlType {
    return new SqlType('DOUBLE');
  }
  /** `DECIMAL(precision, scale)`: exact money amounts. */
  public static decimal(precision: number, scale: number): SqlType {
    checkInt('SqlType.decimal', 'precision', precision, 1, 38);
    checkInt('SqlType.decimal', 'scale', scale, 0, precision);
    return new SqlType(`DECIMAL(${precision}, ${scale})`);
  }
  /** `STRING` (`VARCHAR` of maximum length). */
  public static string(): SqlType {
    return new SqlType('STRING');
  }
  /** `VARCHAR(length)`. */
  public static varchar(length: number): SqlType {
    checkInt('SqlType.varchar', 'length', length, 1, 2147483647);
    return new SqlType(`VARCHAR(${length})`);
  }
  /** `BYTES`. */
  public static bytes(): SqlType {
    return new SqlType('BYTES');
  }
  /** `DATE`. */
  public static date(): SqlType {
    return new SqlType('DATE');
  }
  /** `TIMESTAMP(precision)` (without time zone). Event-time columns use precision 3. */
  public static timestamp(precision: number = 3): SqlType {
    checkInt('SqlType.timestamp', 'precision', precision, 0, 9);
    return new SqlType(`TIMESTAMP(${precision})`, 'timestamp');
  }
  /** `TIMESTAMP_LTZ(precision)` (an instant). Kafka's record timestamp is `TIMESTAMP_LTZ(3)`. */
  public static timestampLtz(precision: number = 3): SqlType {
    checkInt('SqlType.timestampLtz', 'precision', precision, 0, 9);
    return new SqlType(`TIMESTAMP_LTZ(${precision})`, 'timestamp_ltz');
  }

  /** The type as written in DDL. */
  public readonly sql: string;
  private readonly timeKind?: string;

  private constructor(sql: string, timeKind?: string) {
    this.sql = sql;
    this.timeKind = timeKind;
  }

  /** Whether a watermark may be declared on a column of this type. */
  public get isTimestamp(): boolean {
    return this.timeKind !== undefined;
  }

  /** Whether the type carries a time zone (`TIMESTAMP_LTZ`). */
  public get isInstant(): boolean {
    return this.timeKind === 'timestamp_ltz';
  }

  /** The type as written in DDL. */
  public toString(): string {
    return this.sql;
  }
}

/** One column of a Flink table. */
export interface ColumnDefinition {
  /** Column name: letters, digits and `_`, not starting with a digit. */
  readonly name: string;
  /** Flink SQL type. */
  readonly type: SqlType;
  /**
   * Whether the column is declared `NOT NULL`. Primary-key columns are always `NOT NULL`.
   * @default false
   */
  readonly notNull?: boolean;
}

function checkInt(path: string, setting: string, value: number, min: number, max: number) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError({ path, setting, limit: `a whole number between ${min} and ${max}`, value: String(value) });
  }
}
