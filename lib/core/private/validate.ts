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

export function requireInteger(scope: IConstruct | string, setting: string, value: number | undefined, fix?: string) {
  if (value === undefined || isToken(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw ValidationError.of(scope, setting, 'a whole number', value, fix);
  }
}

export function requireRange(
  scope: IConstruct | string,
  setting: string,
  value: number | undefined,
  min: number | undefined,
  max: number | undefined,
  fix?: string,
) {
  if (value === undefined || isToken(value)) return;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw ValidationError.of(scope, setting, 'a number', value, fix);
  }
  if (min !== undefined && value < min) throw ValidationError.of(scope, setting, `>= ${min}`, value, fix);
  if (max !== undefined && value > max) throw ValidationError.of(scope, setting, `<= ${max}`, value, fix);
}

export function requireIntegerRange(
  scope: IConstruct | string,
  setting: string,
  value: number | undefined,
  min: number | undefined,
  max: number | undefined,
  fix?: string,
) {
  requireInteger(scope, setting, value, fix);
  requireRange(scope, setting, value, min, max, fix);
}

export function requireNonEmpty(scope: IConstruct | string, setting: string, value: string | undefined, fix?: string) {
  if (isToken(value)) return;
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw ValidationError.of(scope, setting, 'a non-empty string', value, fix);
  }
}

export function requirePattern(
  scope: IConstruct | string,
  setting: string,
  value: string | undefined,
  pattern: RegExp,
  description: string,
  fix?: string,
) {
  if (value === undefined || isToken(value)) return;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw ValidationError.of(scope, setting, description, value, fix);
  }
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

export function requireNonEmptyList<T>(scope: IConstruct | string, setting: string, value: T[] | undefined, fix?: string) {
  if (!Array.isArray(value) || value.length === 0) {
    throw ValidationError.of(scope, setting, 'a non-empty list', value, fix);
  }
}

export function requireUnique(scope: IConstruct | string, setting: string, values: string[], fix?: string) {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw ValidationError.of(scope, setting, 'free of duplicates', v, fix);
    seen.add(v);
  }
}

/** Sort an object's keys, recursively: synthesized artifacts are byte-identical run to run. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as unknown as T;
  if (value && typeof value === 'object' && value.constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
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
