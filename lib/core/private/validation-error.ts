import { IConstruct } from 'constructs';
import { hiddenValue, isSecretLikeSetting, redactUrlCredentials } from './credentials';
import { isSecretReference, pathOf, renderValue } from './render';

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
  /**
   * Build an error for a construct: the path is taken from the construct tree. A refused value of
   * a secret-like setting (`password`, `apiSecret`, `additionalConfig["ssl.key.password"]`, …) is
   * never printed, only its kind; a `Secret` reference prints its description.
   */
  public static of(
    scope: IConstruct | string,
    setting: string,
    limit: string,
    value: unknown,
    fix?: string,
  ): ValidationError {
    const secret = isSecretLikeSetting(setting) && value !== undefined && !isSecretReference(value);
    return new ValidationError({
      path: typeof scope === 'string' ? scope : pathOf(scope),
      setting,
      limit,
      value: secret ? hiddenValue(value) : renderValue(value),
      fix,
    });
  }

  /** An error about a secret-like setting: the value is described by its kind, never printed. */
  public static hidden(scope: IConstruct | string, setting: string, limit: string, value: unknown, fix?: string): ValidationError {
    return new ValidationError({ path: typeof scope === 'string' ? scope : pathOf(scope), setting, limit, value: hiddenValue(value), fix });
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
    // Whatever the caller rendered, a URL's password is not printed.
    const value = redactUrlCredentials(details.value);
    super(`[${details.path}] ${details.setting} must be ${details.limit} (got ${value}).${fix}`);
    this.name = 'ValidationError';
    this.path = details.path;
    this.setting = details.setting;
    this.limit = details.limit;
    this.value = value;
    this.fix = details.fix;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}
