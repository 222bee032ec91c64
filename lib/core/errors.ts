import { ValidationError } from './private/validation-error';

/**
 * Recognise the library's errors.
 *
 * Bad input always raises a `ValidationError` (an `Error` named `ValidationError`, with `path`,
 * `setting`, `limit`, `value` and optional `fix`). jsii cannot export subclasses of `Error`, so
 * callers in any language test with `Errors.isValidationError(e)`.
 */
export class Errors {
  /** True when the error was raised by this library's input validation. */
  public static isValidationError(error: any): boolean {
    return error instanceof ValidationError || (error instanceof Error && error.name === 'ValidationError');
  }

  private constructor() {}
}
