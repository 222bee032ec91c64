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

/**
 * The ways exporters spell a bucket bound in the `le` label, for the threshold `x` in the bucket's unit:
 *
 * - Go (client_golang) and Prometheus 2 store Go's shortest `%g`: `30`, `0.5`, `1.8e+06`;
 * - Prometheus 3 normalizes `le` to the OpenMetrics float, and the Python and Java clients write
 *   floats: `30.0`, `0.5`, `1.8e+06` (Python mimics Go above 1e6);
 * - Java's `Double.toString`: `30.0`, `1800000.0`, `1.0E7`.
 */
export function leSpellings(x: number): string[] {
  const go = goFloat(x);
  const goDot = /[.e]/.test(go) ? go : `${go}.0`;
  return [...new Set([go, goDot, javaDouble(x)])];
}

/** A label matcher selecting any spelling of the bucket bound `x`: `le="0.5"` or `le=~"30|30\\.0"`. */
export function leMatcher(x: number): string {
  const s = leSpellings(x);
  return s.length === 1 ? `le=${quote(s[0])}` : `le=~${quote(s.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))}`;
}

/** Go's `strconv.FormatFloat(x, 'g', -1, 64)`: shortest digits, exponent form below 1e-4 or from 1e6. */
function goFloat(x: number): string {
  const [mantissa, e] = x.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(x);
}

/** Java's `Double.toString(x)`: plain decimal with a fraction from 1e-3 up to 1e7, else `d.dddE<n>`. */
function javaDouble(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) return Number.isInteger(x) ? `${x}.0` : String(x);
  const [mantissa, e] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(e)}`;
}
