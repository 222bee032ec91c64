import { requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';

/**
 * A Debezium column mask: the values of the listed columns are replaced before they leave the
 * connector (personal data that downstream consumers must not see).
 *
 * Columns are fully qualified: `database.table.column` (MySQL) or `schema.table.column` (Postgres).
 *
 * @see https://debezium.io/documentation/reference/stable/connectors/mysql.html#mysql-property-column-mask-with-length-chars
 */
export class ColumnMask {
  /** Replace the value with `length` asterisks (`column.mask.with.<length>.chars`). */
  public static asterisks(columns: string[], length: number): ColumnMask {
    requireWholeNumber('ColumnMask.asterisks', 'length', length, { min: 1, max: 255 });
    return new ColumnMask(`column.mask.with.${length}.chars`, columns);
  }

  /**
   * Replace the value with a salted SHA-256 hash (`column.mask.hash.SHA-256.with.salt.<salt>`):
   * equal values still join, the value is not readable. The salt is configuration, not a secret.
   */
  public static hashed(columns: string[], salt: string): ColumnMask {
    if (typeof salt !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(salt)) {
      throw ValidationError.of('ColumnMask.hashed', 'salt', '8 to 64 letters, digits, "_" or "-"', salt);
    }
    return new ColumnMask(`column.mask.hash.SHA-256.with.salt.${salt}`, columns);
  }

  /** Cut the value to `length` characters (`column.truncate.to.<length>.chars`). */
  public static truncated(columns: string[], length: number): ColumnMask {
    requireWholeNumber('ColumnMask.truncated', 'length', length, { min: 0, max: 65535 });
    return new ColumnMask(`column.truncate.to.${length}.chars`, columns);
  }

  /** The Debezium configuration key of this mask. */
  public readonly configKey: string;
  /** The fully qualified columns it applies to. */
  public readonly columns: string[];

  private constructor(configKey: string, columns: string[]) {
    if (!Array.isArray(columns) || columns.length === 0) {
      throw ValidationError.of('ColumnMask', 'columns', 'a non-empty list', columns);
    }
    this.configKey = configKey;
    this.columns = [...columns];
  }
}
