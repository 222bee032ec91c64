/**
 * Plain types of the offline compatibility gate, shared by the synth-time check and the
 * `realtime-pipeline schemas check` command. No cdktf here.
 */

/** The direction a check runs in. */
export enum CheckDirection {
  /** The new schema (reader) must read data written with the old one. */
  BACKWARD = 'BACKWARD',
  /** The old schema (reader) must read data written with the new one. */
  FORWARD = 'FORWARD',
}

/** One reason a schema may not follow another. */
export interface Incompatibility {
  /** Which direction broke. */
  readonly direction: CheckDirection;
  /** Where: a field path such as `Order.amount`, or `(schema)` for the root. */
  readonly location: string;
  /** The rule that broke, e.g. `FIELD_ADDED_WITHOUT_DEFAULT`, `TYPE_NARROWED`, a buf rule id. */
  readonly rule: string;
  /** A sentence for humans. */
  readonly message: string;
}

/** Thrown when a schema text cannot be parsed: the CLI maps it to exit code 2. */
export class SchemaParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaParseError';
    Object.setPrototypeOf(this, SchemaParseError.prototype);
  }
}

/** Thrown when a tool the check needs (buf) is not installed. */
export class ToolMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolMissingError';
    Object.setPrototypeOf(this, ToolMissingError.prototype);
  }
}

/** Render an incompatibility on one line. */
export function describeIncompatibility(i: Incompatibility): string {
  return `${i.direction}: ${i.location}: ${i.message} [rule ${i.rule}]`;
}
