import { ValidationError } from './private/validation-error';

const MS = 1;
const SECOND = 1000 * MS;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * A length of time, rendered in the unit each system wants: Kafka's `retention.ms` (`toKafkaMs()`),
 * Flink's `10 s` (`toFlink()`), Prometheus' `5m` (`toPrometheus()`), Flink SQL's
 * `INTERVAL '5' SECOND` (`toSqlInterval()`).
 *
 * Durations are whole milliseconds and never negative. `Duration.infinite()` stands for "keep
 * forever" where a system has such a value (Kafka retention `-1`) and is refused elsewhere.
 */
export class Duration {
  /** A duration of whole milliseconds. */
  public static millis(amount: number): Duration {
    return new Duration(amount, MS, 'millis');
  }
  /** A duration of seconds. */
  public static seconds(amount: number): Duration {
    return new Duration(amount, SECOND, 'seconds');
  }
  /** A duration of minutes. */
  public static minutes(amount: number): Duration {
    return new Duration(amount, MINUTE, 'minutes');
  }
  /** A duration of hours. */
  public static hours(amount: number): Duration {
    return new Duration(amount, HOUR, 'hours');
  }
  /** A duration of days. */
  public static days(amount: number): Duration {
    return new Duration(amount, DAY, 'days');
  }
  /** No limit: Kafka's `-1` retention. Refused by every renderer that has no "forever". */
  public static infinite(): Duration {
    return new Duration(Number.POSITIVE_INFINITY, MS, 'infinite');
  }
  /**
   * Parse a Prometheus-style duration such as `30s`, `5m`, `1h30m`, `2d`, `500ms`, `1w`.
   */
  public static parse(text: string): Duration {
    const re = /(\d+)(ms|s|m|h|d|w)/g;
    const trimmed = (text ?? '').trim();
    if (!/^(\d+(ms|s|m|h|d|w))+$/.test(trimmed)) {
      throw new ValidationError({
        path: 'Duration.parse',
        setting: 'duration',
        limit: 'a duration like 30s, 5m, 1h30m, 2d, 500ms or 1w',
        value: JSON.stringify(text),
      });
    }
    const units: Record<string, number> = { ms: MS, s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK };
    let total = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(trimmed))) total += Number(m[1]) * units[m[2]];
    return Duration.millis(total);
  }

  private readonly ms: number;

  private constructor(amount: number, unitMs: number, unitName: string) {
    if (unitName !== 'infinite') {
      if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
        throw new ValidationError({
          path: 'Duration',
          setting: `Duration.${unitName}()`,
          limit: 'a finite number >= 0',
          value: String(amount),
        });
      }
      const ms = amount * unitMs;
      if (!Number.isSafeInteger(Math.round(ms))) {
        throw new ValidationError({
          path: 'Duration',
          setting: `Duration.${unitName}()`,
          limit: `at most ${Number.MAX_SAFE_INTEGER} milliseconds (use Duration.infinite() for "forever")`,
          value: String(amount),
        });
      }
      if (Math.abs(ms - Math.round(ms)) > 1e-6) {
        throw new ValidationError({
          path: 'Duration',
          setting: `Duration.${unitName}()`,
          limit: 'a whole number of milliseconds',
          value: String(amount),
        });
      }
      this.ms = Math.round(ms);
    } else {
      this.ms = amount;
    }
  }

  /** True for `Duration.infinite()`. */
  public get isInfinite(): boolean {
    return this.ms === Number.POSITIVE_INFINITY;
  }

  /** Whole milliseconds. Throws for an infinite duration. */
  public toMilliseconds(): number {
    this.assertFinite('toMilliseconds()');
    return this.ms;
  }

  /** Seconds (may be fractional). Throws for an infinite duration. */
  public toSeconds(): number {
    this.assertFinite('toSeconds()');
    return this.ms / SECOND;
  }

  /** Kafka's `*.ms` settings: milliseconds as a string, `-1` for infinite. */
  public toKafkaMs(): string {
    return this.isInfinite ? '-1' : String(this.ms);
  }

  /** Flink configuration duration: the largest exact unit, e.g. `10 s`, `3 min`, `500 ms`. */
  public toFlink(): string {
    this.assertFinite('toFlink()');
    const [amount, unit] = this.largestUnit([
      [DAY, 'd'],
      [HOUR, 'h'],
      [MINUTE, 'min'],
      [SECOND, 's'],
      [MS, 'ms'],
    ]);
    return `${amount} ${unit}`;
  }

  /** Prometheus duration: the largest exact unit, e.g. `5m`, `1h`, `30s`, `3d`. */
  public toPrometheus(): string {
    this.assertFinite('toPrometheus()');
    if (this.ms === 0) return '0s';
    const [amount, unit] = this.largestUnit([
      [WEEK, 'w'],
      [DAY, 'd'],
      [HOUR, 'h'],
      [MINUTE, 'm'],
      [SECOND, 's'],
      [MS, 'ms'],
    ]);
    return `${amount}${unit}`;
  }

  /** Flink SQL interval literal, e.g. `INTERVAL '5' SECOND`, `INTERVAL '1' MINUTE`, `INTERVAL '130' SECOND(3)`. */
  public toSqlInterval(): string {
    this.assertFinite('toSqlInterval()');
    // Flink's default leading precision is 2 digits: `INTERVAL '120' SECOND` is refused ("exceeds
    // precision of SECOND(2) field"), `INTERVAL '120' SECOND(3)` is not.
    if (this.ms % SECOND !== 0) {
      const [amount] = this.largestUnit([[MS, 'ms']]);
      const digits = String(Math.floor(amount / 1000)).length;
      return `INTERVAL '${(amount / 1000).toFixed(3)}' SECOND${digits > 2 ? `(${digits}, 3)` : ''}`;
    }
    const [amount, unit] = this.largestUnit([
      [DAY, 'DAY'],
      [HOUR, 'HOUR'],
      [MINUTE, 'MINUTE'],
      [SECOND, 'SECOND'],
    ]);
    const digits = String(amount).length;
    return `INTERVAL '${amount}' ${unit}${digits > 2 ? `(${digits})` : ''}`;
  }

  /** Human text for reports and error messages, e.g. `30s`, `2m`, `infinite`. */
  public toHumanString(): string {
    return this.isInfinite ? 'infinite' : this.toPrometheus();
  }

  /** The sum of two durations. */
  public plus(other: Duration): Duration {
    if (this.isInfinite || other.isInfinite) return Duration.infinite();
    return Duration.millis(this.ms + other.ms);
  }

  /** -1, 0 or 1 as this duration is shorter than, equal to or longer than the other. */
  public compareTo(other: Duration): number {
    return this.ms === other.ms ? 0 : this.ms < other.ms ? -1 : 1;
  }

  /** Not a value to interpolate into text: use one of the `to*()` renderers. */
  public toString(): string {
    return this.toHumanString();
  }

  private largestUnit(units: Array<[number, string]>): [number, string] {
    for (const [size, name] of units) {
      if (this.ms % size === 0) return [this.ms / size, name];
    }
    return [this.ms, units[units.length - 1][1]];
  }

  private assertFinite(method: string) {
    if (this.isInfinite) {
      throw new ValidationError({
        path: 'Duration',
        setting: method,
        limit: 'a finite duration (only Kafka retention accepts Duration.infinite())',
        value: 'Duration.infinite()',
      });
    }
  }
}
