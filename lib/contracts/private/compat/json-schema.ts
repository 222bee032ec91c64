import { CheckDirection, Incompatibility, SchemaParseError } from './types';

/**
 * JSON Schema compatibility by documented rules (docs/contracts.md). The reader schema must accept
 * every document the writer schema accepts:
 *
 * - REQUIRED_ADDED: a property required by the reader but not by the writer.
 * - TYPE_NARROWED: the reader allows fewer types (`["string","null"]` → `"string"`, `number` → `integer`).
 * - ENUM_NARROWED: the reader's `enum` lacks a value of the writer's (or adds an `enum` where there was none).
 * - PROPERTY_REMOVED_CLOSED: the reader is closed (`additionalProperties: false`) and lacks a property the writer has.
 * - CONTENT_MODEL_CLOSED: the reader is closed where the writer was open (documents may carry any extra property).
 * - CONSTRAINT_TIGHTENED: `minLength`, `minimum`, `minItems` rose or `maxLength`, `maximum`, `maxItems` fell.
 * - CONST_CHANGED: a `const` appears or changes.
 *
 * Checked recursively through `properties`, `items` and local `$ref`s (`#/...`). Not checked:
 * `oneOf`/`anyOf`/`allOf`, `patternProperties`, `if`/`then`, remote `$ref`s.
 *
 * BACKWARD: reader = new, writer = old. FORWARD: reader = old, writer = new.
 */

type Schema = Record<string, any> | boolean;

export function parseJsonSchema(text: string, label: string): Schema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SchemaParseError(`${label}: not JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'boolean' && (json === null || typeof json !== 'object' || Array.isArray(json))) {
    throw new SchemaParseError(`${label}: a JSON Schema must be an object or a boolean`);
  }
  return json as Schema;
}

export function checkJsonSchema(previous: Schema, next: Schema, direction: CheckDirection): Incompatibility[] {
  const [reader, writer] = direction === CheckDirection.BACKWARD ? [next, previous] : [previous, next];
  const out: Incompatibility[] = [];
  compare(reader, writer, { reader, writer }, '(root)', direction, out, new Set());
  return out;
}

interface Roots {
  readonly reader: Schema;
  readonly writer: Schema;
}

function deref(s: Schema, root: Schema): Schema {
  let cur = s;
  for (let i = 0; i < 32 && typeof cur === 'object' && typeof cur.$ref === 'string' && cur.$ref.startsWith('#'); i++) {
    const parts = cur.$ref.slice(1).split('/').filter(Boolean).map((p: string) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let target: any = root;
    for (const p of parts) target = target?.[p];
    if (target === undefined) return cur;
    cur = target;
  }
  return cur;
}

function typesOf(s: Record<string, any>): string[] | undefined {
  if (s.type === undefined) return undefined;
  return Array.isArray(s.type) ? s.type : [s.type];
}

function accepts(readerTypes: string[], writerType: string): boolean {
  return readerTypes.includes(writerType) || (writerType === 'integer' && readerTypes.includes('number'));
}

function compare(readerIn: Schema, writerIn: Schema, roots: Roots, at: string, direction: CheckDirection, out: Incompatibility[], seen: Set<string>) {
  const reader = deref(readerIn, roots.reader);
  const writer = deref(writerIn, roots.writer);
  const push = (location: string, rule: string, message: string) => out.push({ direction, location, rule, message });
  if (reader === true || (typeof reader === 'object' && Object.keys(reader).length === 0)) return;
  if (reader === false) {
    if (writer !== false) push(at, 'TYPE_NARROWED', 'the reader schema accepts nothing here');
    return;
  }
  if (writer === false) return;
  const w: Record<string, any> = writer === true ? {} : writer;
  const r = reader;
  // Recursive schemas ($ref to an ancestor) would recurse forever: stop at a generous depth.
  if (seen.has(at) || at.length > 2048) return;
  seen.add(at);

  const rTypes = typesOf(r);
  const wTypes = typesOf(w);
  if (rTypes) {
    const lost = (wTypes ?? ['null', 'boolean', 'object', 'array', 'number', 'string']).filter((t) => !accepts(rTypes, t));
    if (lost.length > 0) {
      push(at, 'TYPE_NARROWED', `type narrowed: ${JSON.stringify(wTypes ?? 'any')} data is no longer accepted by ${JSON.stringify(r.type)} (lost ${lost.join(', ')})`);
    }
  }
  if (Array.isArray(r.enum)) {
    if (!Array.isArray(w.enum)) {
      if (w.const === undefined) push(at, 'ENUM_NARROWED', `an enum ${JSON.stringify(r.enum)} now restricts values that were free before`);
    } else {
      const missing = w.enum.filter((v: unknown) => !r.enum.some((x: unknown) => JSON.stringify(x) === JSON.stringify(v)));
      if (missing.length > 0) push(at, 'ENUM_NARROWED', `enum values ${missing.map((v: unknown) => JSON.stringify(v)).join(', ')} were removed`);
    }
  }
  if (r.const !== undefined && JSON.stringify(r.const) !== JSON.stringify(w.const)) {
    push(at, 'CONST_CHANGED', `const ${JSON.stringify(r.const)} does not accept ${w.const === undefined ? 'the previously free values' : JSON.stringify(w.const)}`);
  }
  for (const [k, larger] of [['minLength', true], ['minimum', true], ['exclusiveMinimum', true], ['minItems', true], ['minProperties', true], ['maxLength', false], ['maximum', false], ['exclusiveMaximum', false], ['maxItems', false], ['maxProperties', false]] as const) {
    const rv = r[k];
    const wv = w[k];
    if (typeof rv !== 'number') continue;
    if (wv === undefined || (larger ? rv > wv : rv < wv)) {
      push(at, 'CONSTRAINT_TIGHTENED', `${k} tightened from ${wv === undefined ? 'none' : wv} to ${rv}`);
    }
  }

  const rRequired: string[] = Array.isArray(r.required) ? r.required : [];
  const wRequired: string[] = Array.isArray(w.required) ? w.required : [];
  for (const name of rRequired) {
    if (!wRequired.includes(name)) push(`${at}.${name}`, 'REQUIRED_ADDED', `property "${name}" is now required; documents without it were valid before`);
  }
  const rProps: Record<string, Schema> = r.properties ?? {};
  const wProps: Record<string, Schema> = w.properties ?? {};
  const rClosed = r.additionalProperties === false;
  const wClosed = w.additionalProperties === false;
  if (rClosed && !wClosed && (typesOf(r) ?? []).includes('object')) {
    push(at, 'CONTENT_MODEL_CLOSED', 'additionalProperties became false: documents with properties the schema does not list were valid before');
  }
  for (const [name, ws] of Object.entries(wProps)) {
    const rs = rProps[name];
    if (rs === undefined) {
      if (rClosed) push(`${at}.${name}`, 'PROPERTY_REMOVED_CLOSED', `property "${name}" was removed while additionalProperties is false`);
      else if (typeof r.additionalProperties === 'object') compare(r.additionalProperties, ws, roots, `${at}.${name}`, direction, out, seen);
      continue;
    }
    compare(rs, ws, roots, `${at}.${name}`, direction, out, seen);
  }
  if (r.items !== undefined && typeof r.items === 'object' && !Array.isArray(r.items)) {
    compare(r.items, w.items !== undefined && !Array.isArray(w.items) ? w.items : true, roots, `${at}[]`, direction, out, seen);
  }
}
