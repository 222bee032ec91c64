import { IConstruct } from 'constructs';
import { pathOf, renderValue } from './render';

/**
 * Details of a validation failure.
 */
export interface ValidationErrorDetails {
  /** Construct path (or a logical location such as a schema file) the error is about. */
  readonly path: string;
  /** The setting that is wrong, as the user wrote it (e.g. `partitions`, `config["retention.ms"]`). */
  readonly setting: string;
  /** The rule or limit the value broke (e.g. `>= 1`, `<= replicationFactor (3)`). */
  readonly limit: string;
  /** The offending value, rendered for humans. */
  readonly value: string;
  /** What to do about it. @default - no fix hint */
  readonly fix?: string;
}

/**
 * The one error type this library throws for bad input.
 *
 * Its message always names the construct path, the setting, the limit and the value, so a failed
 * `cdktf synth` points at the line of the definition to change:
 *
 * `[retail-prod/Inventory/orders] partitions must be >= 1 (got 0). Fix: …`
 */
export class ValidationError extends Error {
  /** Build an error for a construct: the path is taken from the construct tree. */
  public static of(
    scope: IConstruct | string,
    setting: string,
    limit: string,
    value: unknown,
    fix?: string,
  ): ValidationError {
    return new ValidationError({
      path: typeof scope === 'string' ? scope : pathOf(scope),
      setting,
      limit,
      value: renderValue(value),
      fix,
    });
  }
  /** Construct path (or logical location) the error is about. */
  public readonly path: string;
  /** The setting that is wrong. */
  public readonly setting: string;
  /** The rule or limit that was broken. */
  public readonly limit: string;
  /** The offending value, rendered for humans. */
  public readonly value: string;
  /** Suggested fix, when one is known. */
  public readonly fix?: string;

  constructor(details: ValidationErrorDetails) {
    const fix = details.fix ? ` Fix: ${details.fix}` : '';
    super(`[${details.path}] ${details.setting} must be ${details.limit} (got ${details.value}).${fix}`);
    this.name = 'ValidationError';
    this.path = details.path;
    this.setting = details.setting;
    this.limit = details.limit;
    this.value = details.value;
    this.fix = details.fix;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }


}
