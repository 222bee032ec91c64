import * as fs from 'fs';
import type { CliIo } from './main';
import { COMPAT_LEVELS, CompatFormat, CompatLevel, checkCompatibility, describeIncompatibility, LabeledSchema, SchemaParseError, ToolMissingError } from '../contracts/private/compat';
import { formatMismatch } from '../contracts/private/compat/sniff';
import { readVersionDirectory } from '../contracts/private/history';

const USAGE = [
  'usage: realtime-pipeline schemas check --format avro|protobuf|json [--compatibility LEVEL] [--reference FILE]... PREVIOUS NEXT',
  '',
  '  PREVIOUS  the previous schema file, or a directory of versions (v1.avsc, v2.avsc, …; transitive',
  '            levels check against all of them)',
  '  NEXT      the new schema file',
  `  LEVEL     ${COMPAT_LEVELS.join(' | ')} (default BACKWARD)`,
  '  --reference FILE  an Avro schema whose named types NEXT and PREVIOUS use (repeatable)',
  '',
  'exit codes: 0 NEXT may follow PREVIOUS, 1 it may not (reasons printed), 2 bad usage or unreadable input',
].join('\n');

const FORMATS: Record<string, CompatFormat> = { avro: 'AVRO', protobuf: 'PROTOBUF', proto: 'PROTOBUF', json: 'JSON' };
const FLAG: Record<CompatFormat, string> = { AVRO: 'avro', PROTOBUF: 'protobuf', JSON: 'json' };

/** `realtime-pipeline schemas …` */
export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (sub !== 'check') {
    io.err(`${sub ? `unknown schemas command "${sub}"` : 'missing schemas command'}\n\n${USAGE}`);
    return 2;
  }
  let format: CompatFormat | undefined;
  let level: CompatLevel = 'BACKWARD';
  const references: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? rest[++i];
    if (flag === '--format') {
      const v = value();
      format = FORMATS[(v ?? '').toLowerCase()];
      if (!format) return usageError(io, `--format must be avro, protobuf or json (got ${JSON.stringify(v ?? '')})`);
    } else if (flag === '--compatibility') {
      const v = (value() ?? '').toUpperCase() as CompatLevel;
      if (!COMPAT_LEVELS.includes(v)) return usageError(io, `--compatibility must be one of ${COMPAT_LEVELS.join(', ')} (got ${JSON.stringify(v)})`);
      level = v;
    } else if (flag === '--reference') {
      const v = value();
      if (!v) return usageError(io, '--reference needs a file');
      references.push(v);
    } else if (flag === '--help' || flag === '-h') {
      io.out(USAGE);
      return 0;
    } else if (flag.startsWith('-')) {
      return usageError(io, `unknown option ${flag}`);
    } else {
      positional.push(arg);
    }
  }
  if (!format) return usageError(io, '--format is required');
  if (positional.length !== 2) return usageError(io, `expected PREVIOUS and NEXT, got ${positional.length} argument(s)`);
  const [previousPath, nextPath] = positional;

  try {
    const previous: LabeledSchema[] = isDirectory(previousPath) ? readVersionDirectory(previousPath, format) : [readSchema(previousPath)];
    if (previous.length === 0) {
      io.err(`${previousPath}: no versions (v1.*, v2.*, …) found`);
      return 2;
    }
    const next = readSchema(nextPath);
    const referenceFiles = references.map(readSchema);
    // A check in the wrong language passes silently (an Avro record is a JSON Schema that allows
    // anything): refuse files that are plainly written in another format.
    for (const s of [...previous, next, ...referenceFiles]) {
      const mismatch = formatMismatch(format, s.text);
      if (mismatch) {
        io.err(`${s.label} ${mismatch.message}. Fix: run with --format ${FLAG[mismatch.found]}, or pass ${FLAG[format]} files`);
        return 2;
      }
    }
    const referenceTexts = referenceFiles.map((r) => r.text);
    const found = checkCompatibility(format, level, previous, next, { references: referenceTexts });
    if (found.length === 0) {
      io.out(`${nextPath}: ${level} compatible with ${previous.map((p) => p.label).join(', ')}`);
      return 0;
    }
    io.out(`${nextPath}: not ${level} compatible:`);
    for (const i of found) io.out(`  against ${i.against}: ${describeIncompatibility(i)}`);
    return 1;
  } catch (e) {
    if (e instanceof SchemaParseError || e instanceof ToolMissingError || (e as NodeJS.ErrnoException).code !== undefined) {
      io.err((e as Error).message);
      return 2;
    }
    throw e;
  }
}

function usageError(io: CliIo, message: string): number {
  io.err(`${message}\n\n${USAGE}`);
  return 2;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readSchema(file: string): LabeledSchema {
  try {
    return { label: file, text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    throw new SchemaParseError(`cannot read ${file}: ${(e as Error).message}`);
  }
}
