import type { CompatFormat } from './index';

const AVRO_COMPLEX = ['record', 'enum', 'fixed', 'map', 'error'];
const AVRO_PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];
const JSON_SCHEMA_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'];
const PROTO_STATEMENT = /^\s*(syntax|edition|package|message|import|option|service)\b/m;

/**
 * Which schema language a text is written in, when it can tell for sure; `undefined` when the text
 * could be either (or neither). An Avro schema is valid JSON, and most of it is a valid JSON
 * Schema that constrains nothing (`"type": "record"` is an unknown keyword value), so a JSON
 * Schema check over Avro files would report every change as compatible: callers refuse instead.
 */
export function detectSchemaFormat(text: string): { format: CompatFormat; reason: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (PROTO_STATEMENT.test(text)) return { format: 'PROTOBUF', reason: 'it is Protobuf source (not JSON)' };
    return undefined;
  }
  if (typeof value === 'string') return { format: 'AVRO', reason: `it is an Avro type name (${JSON.stringify(value)})` };
  if (Array.isArray(value)) return { format: 'AVRO', reason: 'it is an Avro union (a JSON array)' };
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.type === 'string' && AVRO_COMPLEX.includes(o.type)) return { format: 'AVRO', reason: `it declares an Avro "type": "${o.type}"` };
  if (Array.isArray(o.fields)) return { format: 'AVRO', reason: 'it has Avro "fields"' };
  if (o.type === 'array' && typeof o.items === 'string') return { format: 'AVRO', reason: 'it is an Avro array of a named type' };
  if (typeof o.type === 'string' && AVRO_PRIMITIVES.includes(o.type) && !JSON_SCHEMA_TYPES.includes(o.type)) {
    return { format: 'AVRO', reason: `it declares the Avro primitive "${o.type}"` };
  }
  if (typeof o.$schema === 'string' || (o.properties && typeof o.properties === 'object') || (typeof o.type === 'string' && ['object', 'integer', 'number'].includes(o.type))) {
    return { format: 'JSON', reason: 'it is a JSON Schema ($schema, properties or a JSON Schema type)' };
  }
  return undefined;
}

const NAMES: Record<CompatFormat, string> = { AVRO: 'an Avro schema', PROTOBUF: 'a Protobuf schema', JSON: 'a JSON Schema' };

/** How a schema text does not fit the format it is checked as, or `undefined` when it may. */
export function formatMismatch(format: CompatFormat, text: string): { found: CompatFormat; message: string } | undefined {
  const detected = detectSchemaFormat(text);
  if (!detected || detected.format === format) return undefined;
  return { found: detected.format, message: `is ${NAMES[detected.format]}, not ${NAMES[format]}: ${detected.reason}` };
}
