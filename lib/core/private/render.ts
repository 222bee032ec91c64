import { IConstruct } from 'constructs';
import { redactUrlCredentials } from './credentials';

/** A construct's path, or `<root>` for the app itself. */
export function pathOf(scope: IConstruct): string {
  return scope.node.path || '<root>';
}

/**
 * Marks the library's secret references (`Secret`): they hold no value, so errors print their
 * description (`Secret(kubernetes secret ns/name key k)`) even for secret-like settings.
 */
export const SECRET_REFERENCE = Symbol.for('cdktf-realtime-pipeline.secret-reference');

/** Whether a value is one of the library's secret references. */
export function isSecretReference(value: unknown): boolean {
  return !!value && typeof value === 'object' && (value as any)[SECRET_REFERENCE] === true;
}

/**
 * Render a value for an error message: strings quoted, objects as JSON, never `[object Object]`.
 * Passwords inside URLs are replaced by `<hidden>` wherever they appear.
 */
export function renderValue(value: unknown): string {
  if (isSecretReference(value)) return String(value);
  if (typeof value === 'string') return redactUrlCredentials(JSON.stringify(value));
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return redactUrlCredentials(JSON.stringify(value) ?? String(value));
  } catch {
    return redactUrlCredentials(String(value));
  }
}
