import { SchemaDefinition, SchemaFormat } from '../../contracts/schema-definition';
import type { ColumnDefinition } from '../../flink/sql-type';

/**
 * How a stream's declared schema disagrees with the rows its job writes: Flink's `json` and
 * `avro-confluent` formats serialize each column by its SQL type, whatever the registered schema
 * says, so a mismatch reaches consumers as data their schema does not describe. Empty when they
 * agree (or when the schema language is not checked here).
 */
export function schemaColumnMismatches(schema: SchemaDefinition, columns: ColumnDefinition[]): string[] {
  let doc: any;
  try {
    doc = JSON.parse(schema.text);
  } catch {
    return []; // the subject's own validation reports an unreadable schema
  }
  if (schema.format === SchemaFormat.JSON) return jsonMismatches(doc, columns);
  if (schema.format === SchemaFormat.AVRO) return avroMismatches(doc, columns);
  return [];
}

/** The JSON type(s) Flink's `json` format writes a SQL type as. */
function jsonTypesOf(sql: string): string[] | undefined {
  if (/^BOOLEAN/.test(sql)) return ['boolean'];
  if (/^(TINYINT|SMALLINT|INT|INTEGER|BIGINT)\b/.test(sql)) return ['integer', 'number'];
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(sql)) return ['number'];
  if (/^(CHAR|VARCHAR|STRING|TIMESTAMP|DATE|TIME|BYTES|BINARY|VARBINARY)/.test(sql)) return ['string'];
  if (/^ARRAY/.test(sql)) return ['array'];
  if (/^(MAP|ROW|MULTISET)/.test(sql)) return ['object'];
  return undefined;
}

function jsonMismatches(doc: any, columns: ColumnDefinition[]): string[] {
  const props: Record<string, any> = doc?.properties ?? {};
  const out: string[] = [];
  for (const c of columns) {
    const p = props[c.name];
    if (p === undefined) {
      out.push(`column ${c.name} ${c.type.sql} is written, the schema has no property ${c.name}`);
      continue;
    }
    const declared: string[] | undefined = typeof p.type === 'string' ? [p.type] : Array.isArray(p.type) ? p.type : undefined;
    const written = jsonTypesOf(c.type.sql);
    if (!declared || !written) continue; // $ref / anyOf: not judged here
    if (!written.some((t) => declared.includes(t))) {
      out.push(`column ${c.name} ${c.type.sql} is written as a JSON ${written[0]}, the schema says ${declared.filter((t) => t !== 'null').join(' | ') || 'null'}`);
    } else if (!c.notNull && !declared.includes('null')) {
      out.push(`column ${c.name} is nullable and written as null when empty, the schema's type does not allow null`);
    }
  }
  const written = new Set(columns.map((c) => c.name));
  for (const r of Array.isArray(doc?.required) ? doc.required : []) {
    if (!written.has(r)) out.push(`the schema requires ${r}, which the job does not write`);
  }
  return out;
}

/** The Avro type Flink's `avro-confluent` format writes a SQL type as (the non-null branch). */
function avroMatches(sql: string, t: any): boolean {
  const type = typeof t === 'string' ? t : t?.type;
  const logical = typeof t === 'object' ? t?.logicalType : undefined;
  if (/^BOOLEAN/.test(sql)) return type === 'boolean';
  if (/^(TINYINT|SMALLINT|INT|INTEGER)\b/.test(sql)) return type === 'int' && !logical;
  if (/^BIGINT/.test(sql)) return type === 'long' && !logical;
  if (/^FLOAT/.test(sql)) return type === 'float';
  if (/^DOUBLE/.test(sql)) return type === 'double';
  const decimal = /^DECIMAL\((\d+), (\d+)\)/.exec(sql);
  if (decimal) return (type === 'bytes' || type === 'fixed') && logical === 'decimal' && t.precision === Number(decimal[1]) && (t.scale ?? 0) === Number(decimal[2]);
  if (/^(CHAR|VARCHAR|STRING)/.test(sql)) return type === 'string';
  if (/^TIMESTAMP/.test(sql)) return type === 'long' && /^(local-)?timestamp-(millis|micros)$/.test(logical ?? '');
  if (/^DATE/.test(sql)) return type === 'int' && logical === 'date';
  if (/^TIME/.test(sql)) return type === 'int' && logical === 'time-millis';
  if (/^(BYTES|BINARY|VARBINARY)/.test(sql)) return type === 'bytes' || type === 'fixed';
  if (/^ARRAY/.test(sql)) return type === 'array';
  if (/^MAP/.test(sql)) return type === 'map';
  if (/^ROW/.test(sql)) return type === 'record';
  return true; // a type not judged here
}

function avroMismatches(doc: any, columns: ColumnDefinition[]): string[] {
  const fields: any[] = Array.isArray(doc?.fields) ? doc.fields : [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const out: string[] = [];
  for (const c of columns) {
    const f = byName.get(c.name);
    if (!f) {
      out.push(`column ${c.name} ${c.type.sql} is written, the schema has no field ${c.name}`);
      continue;
    }
    const branches: any[] = Array.isArray(f.type) ? f.type : [f.type];
    const nonNull = branches.filter((b) => b !== 'null');
    if (!nonNull.some((b) => avroMatches(c.type.sql, b))) {
      out.push(`column ${c.name} ${c.type.sql} is written as ${avroName(c.type.sql)}, the schema says ${nonNull.map(describeAvro).join(' | ')}`);
    } else if (!c.notNull && !branches.includes('null')) {
      out.push(`column ${c.name} is nullable and written as a ["null", …] union, the schema's type does not allow null`);
    }
  }
  const written = new Set(columns.map((c) => c.name));
  for (const f of fields) {
    if (!written.has(f.name) && !('default' in f)) out.push(`the schema's field ${f.name} has no default and the job does not write it`);
  }
  return out;
}

function describeAvro(t: any): string {
  if (typeof t === 'string') return t;
  const extra = t?.logicalType === 'decimal' ? `(${t.precision}, ${t.scale ?? 0})` : '';
  return t?.logicalType ? `${t.type} ${t.logicalType}${extra}` : String(t?.type);
}

function avroName(sql: string): string {
  const decimal = /^DECIMAL\((\d+), (\d+)\)/.exec(sql);
  if (decimal) return `bytes decimal(${decimal[1]}, ${decimal[2]})`;
  if (/^BIGINT/.test(sql)) return 'long';
  if (/^(TINYINT|SMALLINT|INT)/.test(sql)) return 'int';
  if (/^TIMESTAMP/.test(sql)) return 'long timestamp-millis';
  if (/^(CHAR|VARCHAR|STRING)/.test(sql)) return 'string';
  return sql.toLowerCase();
}
