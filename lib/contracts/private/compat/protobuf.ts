import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckDirection, Incompatibility, SchemaParseError, ToolMissingError } from './types';

/**
 * Protobuf compatibility with `buf breaking` and its WIRE_JSON rule category: what breaks the
 * binary wire format or the JSON mapping (field type and number changes, fields deleted without
 * reserving both their number and name, enum values deleted, …). buf comes from the optional
 * `@bufbuild/buf` package (or `REALTIME_PIPELINE_BUF`, or `buf` on PATH).
 *
 * BACKWARD runs `buf breaking NEW --against OLD`; FORWARD the reverse.
 */

export const BUF_RULE_CATEGORY = 'WIRE_JSON';

/** Where the buf binary is, or undefined. */
export function findBuf(): string | undefined {
  const fromEnv = process.env.REALTIME_PIPELINE_BUF;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  // The platform package holds the native binary: calling it directly saves the Node wrapper's
  // start-up (about half of each check).
  try {
    const native = require.resolve(`@bufbuild/buf-${process.platform}-${process.arch}/bin/buf${process.platform === 'win32' ? '.exe' : ''}`);
    if (fs.existsSync(native)) return native;
  } catch {
    // no platform package: try the wrapper
  }
  try {
    const pkg = require.resolve('@bufbuild/buf/package.json');
    const bin = path.join(path.dirname(pkg), 'bin', 'buf');
    if (fs.existsSync(bin)) return bin;
  } catch {
    // not installed: try PATH
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'buf.exe' : 'buf');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function requireBuf(): string {
  const buf = findBuf();
  if (!buf) {
    throw new ToolMissingError(
      'the Protobuf compatibility check needs buf: install the optional dependency with `npm i -D @bufbuild/buf`, or set REALTIME_PIPELINE_BUF to a buf binary',
    );
  }
  return buf;
}

/** The file name buf sees: the schema's `package` decides nothing here, one file per side is enough. */
const FILE = 'schema.proto';

/** Files a schema imports (its references), by import path. */
export type ProtoImports = Record<string, string>;

function writeModule(dir: string, text: string, imports: ProtoImports = {}) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, FILE), text);
  for (const [importPath, importText] of Object.entries(imports)) {
    const target = path.resolve(dir, importPath);
    if (!target.startsWith(path.resolve(dir) + path.sep) || importPath.endsWith(FILE)) {
      throw new SchemaParseError(`reference name ${JSON.stringify(importPath)} is not a usable relative .proto import path`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, importText);
  }
  fs.writeFileSync(path.join(dir, 'buf.yaml'), `version: v2\nbreaking:\n  use:\n    - ${BUF_RULE_CATEGORY}\n`);
}

/** Fail with a parse error when buf cannot compile a schema. */
export function parseProtobuf(text: string, label: string, buf = requireBuf(), imports: ProtoImports = {}): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-proto-'));
  try {
    writeModule(dir, text, imports);
    const res = spawnSync(buf, ['build', dir, '--error-format', 'text'], { encoding: 'utf8' });
    if (res.error) throw new ToolMissingError(`cannot run buf at ${buf}: ${res.error.message}`);
    if (res.status !== 0) {
      throw new SchemaParseError(`${label}: not a valid Protobuf schema: ${(res.stderr || res.stdout).trim().replace(new RegExp(`${escape(dir)}/?`, 'g'), '')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Incompatibilities of `next` after `previous` in one direction; empty when compatible. */
export function checkProtobuf(
  previous: string,
  next: string,
  direction: CheckDirection,
  buf = requireBuf(),
  imports: ProtoImports = {},
): Incompatibility[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-proto-'));
  try {
    const [input, against] = direction === CheckDirection.BACKWARD ? [next, previous] : [previous, next];
    writeModule(path.join(root, 'input'), input, imports);
    writeModule(path.join(root, 'against'), against, imports);
    const res = spawnSync(buf, ['breaking', 'input', '--against', 'against', '--error-format', 'json'], { cwd: root, encoding: 'utf8' });
    if (res.error) throw new ToolMissingError(`cannot run buf at ${buf}: ${res.error.message}`);
    if (res.status === 0) return [];
    if (res.status !== 100) {
      throw new SchemaParseError(`buf could not compare the schemas: ${(res.stderr || res.stdout).trim()}`);
    }
    const findings = res.stdout
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as { path: string; start_line?: number; type: string; message: string });
    // buf reports syntax errors as findings of type COMPILE with the same exit code as breaks.
    const compile = findings.filter((f) => f.type === 'COMPILE');
    if (compile.length > 0) {
      const side = (f: { path: string }) => (f.path.startsWith('input') === (direction === CheckDirection.BACKWARD) ? 'new schema' : 'previous schema');
      throw new SchemaParseError(compile.map((f) => `${side(f)} line ${f.start_line ?? '?'}: ${f.message}`).join('; '));
    }
    return findings.map((f) => ({ direction, location: locationOf(f.message), rule: `buf:${f.type}`, message: f.message }));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `… field "2" with name "note" on message "Order" …` → `Order.note`. */
function locationOf(message: string): string {
  const msg = /on message "([^"]+)"/.exec(message)?.[1];
  const field = /with name "([^"]+)"/.exec(message)?.[1] ?? /[Ff]ield "\d+" (?:with name )?"?([A-Za-z_][\w]*)"?/.exec(message)?.[1];
  if (msg && field) return `${msg}.${field}`;
  return msg ?? /(?:enum|message|service) "([^"]+)"/.exec(message)?.[1] ?? '(schema)';
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
