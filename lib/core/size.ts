import { ValidationError } from './private/validation-error';

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;
const TIB = 1024 * GIB;

/**
 * An amount of data, in whole bytes, rendered per system: Kafka's `retention.bytes`
 * (`toKafkaBytes()`), Kubernetes quantities `512Mi` (`toKubernetes()`), Flink memory sizes
 * `512 mb` (`toFlink()`).
 */
export class Size {
  /** Whole bytes. */
  public static bytes(amount: number): Size {
    return new Size(amount, 1, 'bytes');
  }
  /** Kibibytes (1024 bytes). */
  public static kibibytes(amount: number): Size {
    return new Size(amount, KIB, 'kibibytes');
  }
  /** Mebibytes (1024² bytes). */
  public static mebibytes(amount: number): Size {
    return new Size(amount, MIB, 'mebibytes');
  }
  /** Gibibytes (1024³ bytes). */
  public static gibibytes(amount: number): Size {
    return new Size(amount, GIB, 'gibibytes');
  }
  /** Tebibytes (1024⁴ bytes). */
  public static tebibytes(amount: number): Size {
    return new Size(amount, TIB, 'tebibytes');
  }

  private readonly b: number;

  private constructor(amount: number, unit: number, unitName: string) {
    const total = amount * unit;
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0 || !Number.isSafeInteger(total)) {
      throw new ValidationError({
        path: 'Size',
        setting: `Size.${unitName}()`,
        limit: 'a finite number >= 0 that is a whole number of bytes',
        value: String(amount),
      });
    }
    this.b = total;
  }

  /** Whole bytes. */
  public toBytes(): number {
    return this.b;
  }

  /** Kafka's `*.bytes` settings: bytes as a string. */
  public toKafkaBytes(): string {
    return String(this.b);
  }

  /** A Kubernetes quantity with a binary suffix, e.g. `512Mi`, `2Gi`. */
  public toKubernetes(): string {
    const [amount, unit] = this.largest([
      [TIB, 'Ti'],
      [GIB, 'Gi'],
      [MIB, 'Mi'],
      [KIB, 'Ki'],
      [1, ''],
    ]);
    return `${amount}${unit}`;
  }

  /** A Flink memory size, e.g. `512 mb`, `2 gb`, `100 bytes`. */
  public toFlink(): string {
    const [amount, unit] = this.largest([
      [TIB, 'tb'],
      [GIB, 'gb'],
      [MIB, 'mb'],
      [KIB, 'kb'],
      [1, 'bytes'],
    ]);
    return `${amount} ${unit}`;
  }

  /** -1, 0 or 1 as this size is smaller than, equal to or larger than the other. */
  public compareTo(other: Size): number {
    return this.b === other.b ? 0 : this.b < other.b ? -1 : 1;
  }

  /** Human text for reports and error messages. */
  public toString(): string {
    return this.toKubernetes();
  }

  private largest(units: Array<[number, string]>): [number, string] {
    if (this.b === 0) return [0, units[units.length - 1][1]];
    for (const [size, name] of units) {
      if (this.b % size === 0) return [this.b / size, name];
    }
    return [this.b, units[units.length - 1][1]];
  }
}
