import * as fs from 'fs';
import * as path from 'path';
import { CompatFormat, LabeledSchema, SchemaParseError } from './compat';

/**
 * The committed history of a subject: one file per registered version, `v<N>.<ext>` in one
 * directory (`schemas/<subject>/v1.avsc`, `v2.avsc`, …). Files that do not match are ignored, so
 * a README may live there too.
 */

export const EXTENSIONS: Record<CompatFormat, string[]> = {
  AVRO: ['avsc', 'json'],
  PROTOBUF: ['proto'],
  JSON: ['json', 'schema.json'],
};

/** The versions in a directory, oldest first. Throws when two files claim one version. */
export function readVersionDirectory(dir: string, format: CompatFormat): LabeledSchema[] {
  const pattern = new RegExp(`^v(\\d+)\\.(${EXTENSIONS[format].map((e) => e.replace('.', '\\.')).join('|')})$`);
  const versions = new Map<number, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    const m = pattern.exec(name);
    if (!m) continue;
    const n = Number(m[1]);
    if (versions.has(n)) {
      throw new SchemaParseError(`${dir}: two files for version ${n} (${versions.get(n)} and ${name})`);
    }
    versions.set(n, name);
  }
  return [...versions.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, name]) => ({ label: path.join(dir, name), text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}
