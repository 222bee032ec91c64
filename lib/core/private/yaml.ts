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
 * YAML for generated files: stable key order, multi-line strings as literal blocks (SQL scripts and
 * PromQL stay readable), so two synths of one definition are byte-identical.
 */
export function toYaml(value: unknown): string {
  return emitYaml(orderKeys(value));
}

/**
 * A small YAML emitter for the plain data the library generates (objects, arrays, strings,
 * numbers, booleans, null), keeping key order. Scalars that could read as anything but a string
 * are double-quoted with JSON escapes, which YAML's double-quoted style shares. It is an order of
 * magnitude faster than a general YAML library on large rule files. `indent` places the whole
 * document that many spaces in (blank lines stay empty), to embed it in a larger one.
 */
export function emitYaml(value: unknown, indent = 0): string {
  const lines: string[] = [];
  emitValue(value, indent, lines);
  return lines.join('\n') + '\n';
}

const PLAIN = /^[A-Za-z_/$][A-Za-z0-9_./:=@+$-]*( [A-Za-z0-9_./:=@+()$-]+)*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to YAML`);
    return String(value);
  }
  const s = String(value);
  if (s !== '' && PLAIN.test(s) && !RESERVED.test(s) && !/:(\s|$)/.test(s)) return s;
  return JSON.stringify(s);
}

function isBlockString(s: unknown): s is string {
  return typeof s === 'string' && s.includes('\n') && !s.startsWith(' ') && !s.startsWith('\n') && !CONTROL.test(s) && !s.includes('\r');
}

function blockString(s: string, indent: number): string[] {
  const trailing = /\n*$/.exec(s)![0].length;
  const header = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
  const body = trailing === 1 ? s.slice(0, -1) : trailing > 1 ? s.slice(0, -1) : s;
  const pad = ' '.repeat(indent);
  return [header, ...body.split('\n').map((l) => (l === '' ? '' : pad + l))];
}

function isCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return !!v && typeof v === 'object' && hasKeys(v);
}

function hasKeys(v: object): boolean {
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
  return false;
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (v && typeof v === 'object') return '{}';
  return scalar(v);
}

/** Emit a value that starts on its own line(s) at `indent`. */
function emitValue(value: unknown, indent: number, out: string[]) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value) && value.length > 0) {
    for (const item of value) emitItem(item, indent, out);
  } else if (value && typeof value === 'object' && !Array.isArray(value) && hasKeys(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      emitEntry(pad, scalar(k), v, indent, out);
    }
  } else if (isBlockString(value)) {
    const [header, ...rest] = blockString(value, indent + 2);
    out.push(pad + header, ...rest);
  } else {
    out.push(pad + inline(value));
  }
}

function emitEntry(prefix: string, key: string, v: unknown, indent: number, out: string[]) {
  if (isCollection(v)) {
    out.push(`${prefix}${key}:`);
    emitValue(v, indent + 2, out);
  } else if (isBlockString(v)) {
    const [header, ...rest] = blockString(v, indent + 2);
    out.push(`${prefix}${key}: ${header}`, ...rest);
  } else {
    out.push(`${prefix}${key}: ${inline(v)}`);
  }
}

function emitItem(item: unknown, indent: number, out: string[]) {
  const pad = ' '.repeat(indent);
  if (item && typeof item === 'object' && !Array.isArray(item) && hasKeys(item)) {
    let first = true;
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (v === undefined) continue;
      emitEntry(first ? `${pad}- ` : `${pad}  `, scalar(k), v, indent + 2, out);
      first = false;
    }
  } else if (Array.isArray(item) && item.length > 0) {
    out.push(`${pad}-`);
    emitValue(item, indent + 2, out);
  } else if (isBlockString(item)) {
    const [header, ...rest] = blockString(item, indent + 2);
    out.push(`${pad}- ${header}`, ...rest);
  } else {
    out.push(`${pad}- ${inline(item)}`);
  }
}
