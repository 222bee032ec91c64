/** PromQL text helpers shared by the SLI plans and the rule renderers. */

/** A PromQL string literal (double-quoted, with `\` and `"` escaped). */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `{a="1",b="2"}` with sorted label names, or `` for no matchers. Extra raw matchers go last. */
export function selector(labels: Record<string, string> | undefined, ...raw: string[]): string {
  const parts = Object.keys(labels ?? {})
    .sort()
    .map((k) => `${k}=${quote(labels![k])}`);
  const all = [...parts, ...raw];
  return all.length ? `{${all.join(',')}}` : '';
}

/** A number as PromQL writes it: no exponent noise, no trailing zeros. */
export function num(x: number): string {
  const r = Number(x.toPrecision(10));
  return Number.isInteger(r) ? String(r) : String(r);
}

/** Placeholders a custom query may use for the window: `{{window}}` (ours) and `{{.window}}` (Sloth's). */
export const WINDOW_PLACEHOLDER = /\{\{\s*\.?window\s*\}\}/g;

export function hasWindowPlaceholder(query: string): boolean {
  return new RegExp(WINDOW_PLACEHOLDER.source).test(query);
}

export function withWindow(query: string, window: string): string {
  return query.replace(new RegExp(WINDOW_PLACEHOLDER.source, 'g'), window);
}

/** The label naming the rule set a series was recorded by; the set-wide rules select on it. */
export const SET_LABEL = 'slo_set';

/** A metric name as Prometheus allows it. */
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** A label name as Prometheus allows it. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
