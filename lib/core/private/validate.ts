import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { hiddenValue, isSecretLikeSetting } from './credentials';
import { pathOf, renderValue } from './render';
import { ValidationError } from './validation-error';

/**
 * Checks shared by every construct. Each throws a ValidationError naming path, setting, limit
 * and value. Values that are unresolved tokens are skipped: they are only known at apply time.
 */

export function isToken(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value);
}

/** Options of `requireWholeNumber`. */
export interface WholeNumberLimits {
  readonly min?: number;
  readonly max?: number;
  /** Let `undefined` pass (the setting is optional). */
  readonly optional?: boolean;
  /** The limit as the error states it, when the plain one says too little (e.g. "a registered version number >= 1"). */
  readonly limit?: string;
  readonly fix?: string;
}

/**
 * A whole number within `min`..`max`: the one check behind every count, port, id and version.
 * The error states the whole limit ("a whole number between 1 and 65535").
 */
export function requireWholeNumber(scope: IConstruct | string, setting: string, value: unknown, limits: WholeNumberLimits = {}) {
  if ((value === undefined && limits.optional) || isToken(value)) return;
  const { min, max } = limits;
  const ok = typeof value === 'number' && Number.isInteger(value) && (min === undefined || value >= min) && (max === undefined || value <= max);
  if (ok) return;
  const limit =
    limits.limit ??
    (min !== undefined && max !== undefined
      ? `a whole number between ${min} and ${max}`
      : min !== undefined
        ? `a whole number >= ${min}`
        : max !== undefined
          ? `a whole number <= ${max}`
          : 'a whole number');
  throw ValidationError.of(scope, setting, limit, value, limits.fix);
}

/** Any class, abstract or with a private constructor: what `instanceof` needs. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ClassOf<T> = Function & { readonly prototype: T };

/**
 * Require an instance of one of the library's classes (`Duration`, `Size`, `Delivery`,
 * `PipelineEnvironment`, …) where plain JavaScript or another jsii language may pass anything: a
 * number for a `Duration`, a string for a `Delivery`. Without this check such a value crashes later
 * with a TypeError far from the definition, or is silently ignored.
 *
 * @param expected how to make a right value, e.g. `a Duration (Duration.seconds(30), …)`
 * @param required refuse `undefined` too (by default an unset optional prop is fine)
 */
export function requireInstance<T>(
  scope: IConstruct | string,
  setting: string,
  value: unknown,
  type: ClassOf<T>,
  expected: string,
  options: { readonly required?: boolean; readonly fix?: string } = {},
): asserts value is T {
  if (value === undefined && !options.required) return;
  if (!(value instanceof type)) {
    throw new ValidationError({
      path: typeof scope === 'string' ? scope : pathOf(scope),
      setting,
      limit: expected,
      value: isSecretLikeSetting(setting) ? hiddenValue(value) : describeWrongType(value),
      fix: options.fix,
    });
  }
}

/** Require every element of an optional list to be an instance of a library class. */
export function requireInstances<T>(
  scope: IConstruct | string,
  setting: string,
  values: unknown,
  type: ClassOf<T>,
  expected: string,
  options: { readonly required?: boolean; readonly fix?: string } = {},
): void {
  if (values === undefined && !options.required) return;
  if (!Array.isArray(values)) throw ValidationError.of(scope, setting, `a list, each ${expected}`, values, options.fix);
  values.forEach((v, i) => requireInstance(scope, `${setting}[${i}]`, v, type, expected, { required: true, fix: options.fix }));
}

/** Require a member of a string enum (`Compatibility.BACKWARD`), when set. */
export function requireEnumValue(
  scope: IConstruct | string,
  setting: string,
  value: unknown,
  enumObject: Record<string, string>,
  enumName: string,
): void {
  if (value === undefined) return;
  const members = Object.values(enumObject);
  if (!members.includes(value as string)) {
    throw ValidationError.of(scope, setting, `a ${enumName} (${Object.keys(enumObject).map((k) => `${enumName}.${k}`).join(', ')})`, value);
  }
}

/** A wrong value for a class-typed prop, with its JavaScript type: `30 (a number)`, `"dev" (a string)`. */
export function describeWrongType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' && name !== 'Array' ? `a ${name}` : `${renderValue(value)} (a plain ${Array.isArray(value) ? 'list' : 'object'})`;
  }
  return `${renderValue(value)} (a ${typeof value})`;
}

/**
 * Where a Terraform template sequence starts: what `escapeTerraformLiterals` escapes in a string
 * without tokens.
 */
export const TEMPLATE_START = /[$%]\{/;

/** A DNS label (RFC 1123), as Kubernetes requires of namespace and many other names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Escape literal text for Terraform: `${` and `%{` start template sequences in any Terraform
 * string, so user text (a Strimzi `${secrets:…}` placeholder, a regex, a description) is written as
 * `$${` / `%%{`, which Terraform turns back into the literal. Strings holding unresolved cdktf
 * tokens are left alone: their `${…}` is meant for Terraform.
 */
export function escapeTerraformLiterals<T>(value: T): T {
  // Large manifests usually hold nothing to escape: check before copying anything.
  return needsEscape(value) ? escapeAll(value) : value;
}

function needsEscape(value: unknown): boolean {
  if (typeof value === 'string') return TEMPLATE_START.test(value) && !Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(needsEscape);
  if (value && typeof value === 'object' && (value as object).constructor === Object) {
    const obj = value as Record<string, unknown>;
    for (const k in obj) if (needsEscape(k) || needsEscape(obj[k])) return true;
  }
  return false;
}

function escapeAll<T>(value: T): T {
  if (typeof value === 'string') {
    if (!needsEscape(value)) return value;
    // Already-escaped sequences (`$${`, `%%{`, e.g. from Secret.toTerraformValue()) stay as they are.
    return value.replace(/(?<!\$)\$\{/g, () => '$${').replace(/(?<!%)%\{/g, () => '%%{') as unknown as T;
  }
  if (Array.isArray(value)) return value.map(escapeAll) as unknown as T;
  if (value && typeof value === 'object' && (value as object).constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[escapeAll(k)] = escapeAll(v);
    return out as T;
  }
  return value;
}
