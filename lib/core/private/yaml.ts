import { stringify } from 'yaml';

const LEADING = ['apiVersion', 'kind', 'metadata', 'spec'];

/** Deterministic key order: Kubernetes' leading keys first, the rest sorted, recursively. */
export function orderKeys(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => orderKeys(v, false));
  if (value && typeof value === 'object' && (value as object).constructor === Object) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    const lead = top ? LEADING.filter((k) => keys.includes(k)) : [];
    const rest = keys.filter((k) => !lead.includes(k)).sort();
    const out: Record<string, unknown> = {};
    for (const k of [...lead, ...rest]) out[k] = orderKeys(obj[k], false);
    return out;
  }
  return value;
}

/**
 * YAML for generated files: stable key order, no line folding, multi-line strings as literal
 * blocks (SQL scripts and PromQL stay readable), so two synths of one definition are byte-identical.
 */
export function toYaml(value: unknown): string {
  return stringify(orderKeys(value), { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}
