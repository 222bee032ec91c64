import type * as avsc from 'avsc';
import { CheckDirection, Incompatibility, SchemaParseError } from './types';

/**
 * Avro compatibility with the Avro specification's schema-resolution rules, as `avsc` implements
 * them: `avsc` decides (a reader type's `createResolver(writerType)` throws when the reader cannot
 * read the writer's data); a walk over both types names the field and the rule for the message.
 *
 * BACKWARD: the new schema reads data written with the old one (reader = new, writer = old).
 * FORWARD: the old schema reads data written with the new one (reader = old, writer = new).
 */

let avscModule: typeof avsc | undefined;

/** `avsc`, loaded on first use: most programs that import the library never check an Avro schema. */
function avro(): typeof avsc {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (avscModule ??= require('avsc') as typeof avsc);
}

/** Parse an Avro schema text (JSON), with named types from references registered first. */
export function parseAvro(text: string, label: string, referenced: string[] = []): avsc.Type {
  const registry: Record<string, avsc.Type> = {};
  try {
    for (const ref of referenced) avro().Type.forSchema(JSON.parse(ref), { registry });
  } catch (e) {
    throw new SchemaParseError(`${label}: a referenced Avro schema is invalid: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SchemaParseError(`${label}: not JSON: ${(e as Error).message}`);
  }
  try {
    return avro().Type.forSchema(json as avsc.Schema, { registry });
  } catch (e) {
    throw new SchemaParseError(`${label}: not a valid Avro schema: ${(e as Error).message}`);
  }
}

/** Incompatibilities of `next` after `previous` in one direction; empty when compatible. */
export function checkAvro(previous: avsc.Type, next: avsc.Type, direction: CheckDirection): Incompatibility[] {
  const [reader, writer] = direction === CheckDirection.BACKWARD ? [next, previous] : [previous, next];
  try {
    reader.createResolver(writer);
    return [];
  } catch (e) {
    const found: Incompatibility[] = [];
    walk(reader, writer, rootName(reader), direction, found, new Set());
    if (found.length === 0) {
      found.push({ direction, location: rootName(reader), rule: 'AVRO_RESOLUTION', message: (e as Error).message });
    }
    return found;
  }
}

const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

function rootName(t: avsc.Type): string {
  return t.name ?? kind(t);
}

function kind(t: avsc.Type): string {
  const name = t.typeName;
  if (name.startsWith('union')) return 'union';
  if (name.startsWith('logical:')) return (t as any).underlyingType?.typeName ?? name;
  return name;
}

function describe(t: avsc.Type): string {
  if (kind(t) === 'union') return `[${(t as any).types.map(describe).join(', ')}]`;
  return t.name ? `${kind(t)} ${t.name}` : kind(t);
}

function aliasesOf(x: { getAliases?: () => string[]; aliases?: string[] }): string[] {
  return (typeof x.getAliases === 'function' ? x.getAliases() : x.aliases) ?? [];
}

/** Whether data of `writer` may be read as `reader`, per the Avro resolution rules (shallow for named types). */
function matches(reader: avsc.Type, writer: avsc.Type): boolean {
  const r = kind(reader);
  const w = kind(writer);
  if (r === 'union' || w === 'union') return false;
  if (r !== w) return (PROMOTIONS[w] ?? []).includes(r);
  if (reader.name && writer.name) return reader.name === writer.name || aliasesOf(reader).includes(writer.name);
  return true;
}

function walk(reader: avsc.Type, writer: avsc.Type, at: string, direction: CheckDirection, out: Incompatibility[], seen: Set<string>) {
  const key = `${at}|${reader.name ?? reader.typeName}|${writer.name ?? writer.typeName}`;
  if (seen.has(key)) return;
  seen.add(key);
  const r = kind(reader);
  const w = kind(writer);
  const push = (rule: string, message: string) => out.push({ direction, location: at, rule, message });
  const readerRole = direction === CheckDirection.BACKWARD ? 'the new schema' : 'the old schema';
  const writerRole = direction === CheckDirection.BACKWARD ? 'old' : 'new';

  if (w === 'union') {
    for (const branch of (writer as any).types as avsc.Type[]) {
      const target = r === 'union' ? ((reader as any).types as avsc.Type[]).find((b) => matches(b, branch)) : matches(reader, branch) ? reader : undefined;
      if (!target) {
        push('UNION_BRANCH_UNREADABLE', `${writerRole} data may be ${describe(branch)}, which ${readerRole} (${describe(reader)}) cannot read`);
      } else {
        walk(target, branch, at, direction, out, seen);
      }
    }
    return;
  }
  if (r === 'union') {
    const target = ((reader as any).types as avsc.Type[]).find((b) => matches(b, writer));
    if (!target) push('UNION_BRANCH_MISSING', `${readerRole} (${describe(reader)}) has no branch for ${writerRole} data of type ${describe(writer)}`);
    else walk(target, writer, at, direction, out, seen);
    return;
  }
  if (r !== w) {
    if (!(PROMOTIONS[w] ?? []).includes(r)) {
      push('TYPE_CHANGED', `${writerRole} data is ${w} but ${readerRole} expects ${r}; ${w} cannot be read as ${r} (allowed promotions: int→long→float→double, string↔bytes)`);

    }
    return;
  }
  if (reader.name && writer.name && reader.name !== writer.name && !aliasesOf(reader).includes(writer.name)) {
    push('NAME_CHANGED', `named type ${writer.name} became ${reader.name} without an alias "${writer.name}" on the reader`);
    return;
  }
  switch (r) {
    case 'record': {
      const writerFields = (writer as any).fields as any[];
      for (const rf of (reader as any).fields as any[]) {
        const names = [rf.name, ...aliasesOf(rf)];
        const wf = writerFields.find((f) => names.includes(f.name));
        const path = `${at}.${rf.name}`;
        if (wf) {
          walk(rf.type, wf.type, path, direction, out, seen);
        } else if (rf.defaultValue() === undefined) {
          out.push({
            direction,
            location: path,
            rule: 'FIELD_ADDED_WITHOUT_DEFAULT',
            message:
              direction === CheckDirection.BACKWARD
                ? `field "${rf.name}" is new and has no default, so the new schema cannot read old records (add a default, or an alias if it was renamed)`
                : `field "${rf.name}" was removed (or renamed) and has no default in the old schema, so old readers cannot read new records`,
          });
        }
      }
      return;
    }
    case 'enum': {
      const symbols: string[] = (reader as any).symbols;
      const fallback = (reader as any).default;
      for (const s of (writer as any).symbols as string[]) {
        if (!symbols.includes(s) && fallback === undefined) {
          push('ENUM_SYMBOL_UNREADABLE', `${writerRole} data may hold symbol ${s}, which ${readerRole} lacks and has no enum default for`);
        }
      }
      return;
    }
    case 'array':
      walk((reader as any).itemsType, (writer as any).itemsType, `${at}[]`, direction, out, seen);
      return;
    case 'map':
      walk((reader as any).valuesType, (writer as any).valuesType, `${at}{}`, direction, out, seen);
      return;
    case 'fixed':
      if ((reader as any).size !== (writer as any).size) push('FIXED_SIZE_CHANGED', `fixed size changed from ${(writer as any).size} to ${(reader as any).size}`);
      return;
    default:
      return;
  }
}
