import { checkAvro, parseAvro } from './avro';
import { checkJsonSchema, parseJsonSchema } from './json-schema';
import { checkProtobuf, parseProtobuf } from './protobuf';
import { CheckDirection, Incompatibility } from './types';

export * from './types';

/** One schema text with a label for messages (a file path, `v2`, `inline`). */
export interface LabeledSchema {
  readonly label: string;
  readonly text: string;
}

/** An incompatibility and the version it was found against. */
export interface VersionedIncompatibility extends Incompatibility {
  /** Label of the previous version the new schema broke against. */
  readonly against: string;
}

/** Format names as the registry spells them. */
export type CompatFormat = 'AVRO' | 'PROTOBUF' | 'JSON';

/** Level names as the registry spells them. */
export type CompatLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

export const COMPAT_LEVELS: CompatLevel[] = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'];

export function directionsOf(level: CompatLevel): CheckDirection[] {
  if (level === 'NONE') return [];
  if (level.startsWith('BACKWARD')) return [CheckDirection.BACKWARD];
  if (level.startsWith('FORWARD')) return [CheckDirection.FORWARD];
  return [CheckDirection.BACKWARD, CheckDirection.FORWARD];
}

export function isTransitive(level: CompatLevel): boolean {
  return level.endsWith('_TRANSITIVE');
}

export interface CheckOptions {
  /** Texts of referenced schemas (Avro named types), registered before parsing. */
  readonly references?: string[];
  /** Protobuf files the schema imports, by import path (its references). */
  readonly protobufImports?: Record<string, string>;
}

/**
 * Check `next` against the previous versions (oldest first): the latest only, or all of them for
 * transitive levels. Throws SchemaParseError on unreadable input, ToolMissingError without buf.
 */
export function checkCompatibility(
  format: CompatFormat,
  level: CompatLevel,
  previous: LabeledSchema[],
  next: LabeledSchema,
  options: CheckOptions = {},
): VersionedIncompatibility[] {
  const directions = directionsOf(level);
  const against = isTransitive(level) ? previous : previous.slice(-1);
  const out: VersionedIncompatibility[] = [];
  const parse = parser(format, options);
  const parsedNext = parse(next);
  // buf compiles both sides in `buf breaking` anyway: one build per previous version is saved.
  const parsedPrevious = previous.map((p) => ({ label: p.label, parsed: format === 'PROTOBUF' ? p.text : parse(p) }));
  if (directions.length === 0) return out;
  for (const prev of against) {
    const p = parsedPrevious.find((x) => x.label === prev.label)!.parsed;
    for (const direction of directions) {
      const found = compare(format, p, parsedNext, direction, options);
      out.push(...found.map((i) => ({ ...i, against: prev.label })));
    }
  }
  return out;
}

function parser(format: CompatFormat, options: CheckOptions): (s: LabeledSchema) => any {
  switch (format) {
    case 'AVRO':
      return (s) => parseAvro(s.text, s.label, options.references);
    case 'JSON':
      return (s) => parseJsonSchema(s.text, s.label);
    case 'PROTOBUF':
      return (s) => {
        parseProtobuf(s.text, s.label, undefined, options.protobufImports);
        return s.text;
      };
  }
}

function compare(format: CompatFormat, previous: any, next: any, direction: CheckDirection, options: CheckOptions): Incompatibility[] {
  switch (format) {
    case 'AVRO':
      return checkAvro(previous, next, direction);
    case 'JSON':
      return checkJsonSchema(previous, next, direction);
    case 'PROTOBUF':
      return checkProtobuf(previous, next, direction, undefined, options.protobufImports);
  }
}
