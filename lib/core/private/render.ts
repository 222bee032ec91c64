import { IConstruct } from 'constructs';

/** A construct's path, or `<root>` for the app itself. */
export function pathOf(scope: IConstruct): string {
  return scope.node.path || '<root>';
}

/** Render a value for an error message: strings quoted, objects as JSON, never `[object Object]`. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
