import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import fc from 'fast-check';
import { Errors } from '../../lib/core';
import { CrdValidator } from '../conformance/crd-validator';
import { validateWithCrds } from '../conformance/shared';
import { TerraformSchemaChecker } from '../conformance/terraform-schema';
import { TYPES_CHECKED_ELSEWHERE } from '../helpers';

/**
 * Shared machinery of the reliability (property-based) suite.
 *
 * Every generated definition must end in one of two ways:
 * - it synthesizes, and the output conforms (provider schemas, CRDs) and holds no rendering
 *   accidents (`undefined`, `NaN`, `Infinity`, `[object Object]`, `null`);
 * - or it is refused with the library's ValidationError whose message names where the problem is:
 *   a construct path inside the generated stack, or a factory such as `Duration` or `CdcSource.mysql`.
 * Anything else (a TypeError from deep inside, a RangeError, a plain Error) fails the property.
 */

/** Scale every property's run count: `RELIABILITY_RUNS=10 npx jest test/reliability` for a deep run. */
export const RUN_SCALE = Math.max(0.01, Number(process.env.RELIABILITY_RUNS ?? '1') || 1);

/** Runs for a property: `base` on a normal run, scaled by RELIABILITY_RUNS. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * RUN_SCALE));
}

/**
 * fast-check parameters for a property: a random seed, which fast-check prints with the path on
 * failure. Replay a failure with `RELIABILITY_SEED=<seed> RELIABILITY_PATH=<path> npx jest <file>`.
 */
export function params(base: number): fc.Parameters<any> {
  const seed = process.env.RELIABILITY_SEED;
  if (seed && !Number.isInteger(Number(seed))) throw new Error(`RELIABILITY_SEED must be the integer seed fast-check printed, got "${seed}"`);
  const replay = seed ? { seed: Number(seed), path: process.env.RELIABILITY_PATH || undefined } : {};
  return { numRuns: runs(base), verbose: fc.VerbosityLevel.Verbose, endOnFailure: true, ...replay };
}

/** Jest timeout for a property of `base` runs costing about `msPerRun` each, with headroom. */
export function timeout(base: number, msPerRun: number): number {
  return Math.max(30_000, runs(base) * msPerRun * 4);
}

export const STACK_ID = 'reliability';

/** One output directory for every generated App: `Testing.synth` writes nothing there. */
const OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-reliability-'));

/** A fresh App + stack whose constructs live under the path `reliability/…`. */
export function freshStack(): TerraformStack {
  const app: App = Testing.app({ outdir: OUTDIR });
  return new TerraformStack(app, STACK_ID);
}

/** Factories and value types that validate before any construct exists; their errors name them. */
const FACTORY_PATH = /^[A-Z][A-Za-z]*(\.[A-Za-z_]+)*(\(.*\))?$/s;

/** Words that only appear in output when a value was rendered by accident. */
const ACCIDENTS = /\bundefined\b|\bNaN\b|\bInfinity\b|\[object Object\]/;

export interface Synthesized {
  readonly tf: any;
  readonly text: string;
  readonly manifests: any[];
}

export type Outcome = { readonly ok: true; readonly out: Synthesized } | { readonly ok: false; readonly error: Error };

/**
 * Build (inside the callback) and synthesize with validations on; return the conforming output or
 * the acceptable refusal, and throw (failing the property) for any other result.
 */
export function synthOrRefuse(build: (stack: TerraformStack) => void): Outcome {
  const stack = freshStack();
  try {
    build(stack);
  } catch (e) {
    return { ok: false, error: acceptableRefusal(e, stack) };
  }
  let text: string;
  try {
    text = Testing.synth(stack, true);
  } catch (e) {
    return { ok: false, error: acceptableRefusal(e, stack) };
  }
  return { ok: true, out: expectConformingOutput(text) };
}

/** Throw unless `e` is the library's refusal naming a construct path under `stack` or a factory. */
export function acceptableRefusal(e: unknown, stack?: TerraformStack): Error {
  if (!(e instanceof Error)) throw new Error(`threw a non-Error: ${String(e)}`);
  if (Errors.isValidationError(e)) {
    const where = (e as any).path as string;
    const namesConstruct = stack !== undefined && (where === stack.node.path || where.startsWith(`${stack.node.path}/`));
    if (!namesConstruct && !FACTORY_PATH.test(where)) {
      throw withCause(`ValidationError names neither a construct path under "${stack?.node.path}" nor a factory: ${where}`, e);
    }
    if (!e.message.includes(`[${where}]`)) throw withCause(`ValidationError message does not start with its path [${where}]`, e);
    if (e.message.includes('[object Object]')) throw withCause('ValidationError message renders an object as [object Object]', e);
    return e;
  }
  // KNOWN LIMITATION: checks that need the whole stack (duplicate topic names, duplicate CDC
  // identities) run as cdktf validations, which return strings that cdktf joins into one plain
  // Error. Accept it only when every line names a construct path inside the stack.
  if (stack && e.message.startsWith('Validation failed with the following errors:')) {
    const lines = e.message.split('\n').slice(1).map((l) => l.trim()).filter((l) => l.startsWith('['));
    const prefix = `[${stack.node.path}`;
    if (lines.length > 0 && lines.every((l) => l.startsWith(prefix))) return e;
  }
  throw withCause(`threw ${e.name} instead of a ValidationError`, e);
}

function withCause(message: string, cause: Error): Error {
  const err = new Error(`${message}\n--- original: ${cause.name}: ${cause.message}\n${cause.stack ?? ''}`);
  return err;
}

/** Parse, check conformance and look for rendering accidents; throws a descriptive Error on failure. */
export function expectConformingOutput(text: string): Synthesized {
  const tf = JSON.parse(text);
  const accidents = findAccidents(tf);
  if (accidents.length > 0) throw new Error(`rendering accidents in output:\n  ${accidents.slice(0, 10).join('\n  ')}`);
  const injected = /(^|[^$])\$\{var\.zz_injected\}|(^|[^%])%\{zz_injected\}/.exec(text);
  if (injected) {
    throw new Error(`user text reached Terraform unescaped (Terraform would interpolate it): ...${text.slice(Math.max(0, injected.index - 120), injected.index + 40)}...`);
  }
  const violations = TerraformSchemaChecker.forProjectProviders().check(tf, { allowTypesWithoutSchema: TYPES_CHECKED_ELSEWHERE });
  if (violations.length > 0) {
    throw new Error(`Terraform JSON does not match the provider schemas:\n  ${violations.map((v) => `${v.address}: ${v.message}`).join('\n  ')}`);
  }
  const manifests = Object.values<any>(tf.resource?.kubernetes_manifest ?? {}).map((r) => r.manifest);
  if (validateWithCrds()) {
    const validator = CrdValidator.shared();
    const known = new Set(validator.kinds);
    for (const m of manifests) {
      if (!known.has(`${m?.apiVersion}/${m?.kind}`)) continue;
      const problems = validator.validate(m);
      if (problems.length > 0) {
        throw new Error(`${m.kind} does not validate against its CRD:\n  ${problems.map((v) => `${v.resource}${v.path}: ${v.message}`).join('\n  ')}`);
      }
    }
  }
  return { tf, text, manifests };
}

/** JSON paths whose value was rendered by accident (null, or a string with undefined/NaN/…). */
export function findAccidents(value: unknown, at = '$'): string[] {
  if (value === null) return [`${at}: null`];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${at}: ${value}`];
  if (typeof value === 'string') return ACCIDENTS.test(value) ? [`${at}: ${JSON.stringify(value).slice(0, 200)}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findAccidents(v, `${at}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as object).flatMap(([k, v]) => [
      ...(ACCIDENTS.test(k) ? [`${at}: key ${JSON.stringify(k)}`] : []),
      ...findAccidents(v, `${at}.${k}`),
    ]);
  }
  return [];
}

/** Run `fn`, accepting only success or a factory's ValidationError (for value types such as Duration). */
export function valueOrRefusal<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: Error } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: acceptableRefusal(e) };
  }
}

/** Counts of each outcome, so a test can insist that both outcomes were actually exercised. */
export class Tally {
  public synthesized = 0;
  public refused = 0;
  public readonly reasons = new Map<string, number>();
  public record(o: Outcome) {
    if (o.ok) {
      this.synthesized++;
    } else {
      this.refused++;
      const key = ((o.error as any).setting as string | undefined) ?? o.error.message.slice(0, 60);
      if (process.env.RELIABILITY_DEBUG === key) process.stderr.write(`${o.error.message}\n`);
      this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
    }
  }
  /** `RELIABILITY_DEBUG=1`: print how often each outcome occurred, to tune the generators. */
  public report(name: string) {
    if (!process.env.RELIABILITY_DEBUG) return;
    const top = [...this.reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
    process.stderr.write(`${name}: synthesized ${this.synthesized}, refused ${this.refused}: ${JSON.stringify(top)}\n`);
  }
}
