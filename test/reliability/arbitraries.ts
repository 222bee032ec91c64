import fc from 'fast-check';
import { Duration, Secret, Size } from '../../lib/core';

/**
 * Generators of hostile input. Each mixes plausible values (so some definitions synthesize) with the
 * values that break naive code: empty strings, unicode, very long names, separators, NaN, infinities,
 * negatives, fractions and numbers beyond 2^53.
 */

/** Words that would be indistinguishable from rendering accidents in the output. */
const ACCIDENT_WORDS = /undefined|nan|infinity|object/i;
const clean = (s: string) => !ACCIDENT_WORDS.test(s);

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

function fromChars(chars: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...chars.split('')), minLength, maxLength });
}

/** A DNS-label-like name that is usually valid: `orders`, `store-cdc-2`. */
export const dnsLabel: fc.Arbitrary<string> = fc
  .tuple(fromChars(LOWER, 1, 1), fromChars(LOWER + DIGITS + '-', 0, 14), fromChars(LOWER + DIGITS, 1, 1))
  .map(([a, b, c]) => a + b + c)
  .filter(clean);

/** An SQL / Terraform identifier that is usually valid: `order_id`. */
export const identifier: fc.Arbitrary<string> = fc
  .tuple(fromChars(LOWER, 1, 1), fromChars(LOWER + DIGITS + '_', 0, 12))
  .map(([a, b]) => a + b)
  .filter(clean);

/**
 * Strings that break names: empty, blank, unicode, 300+ characters, separators, injection. They
 * include the Terraform template sequences `${var.zz_injected}` and `%{zz_injected}`: the harness
 * fails when either reaches the Terraform JSON unescaped (Terraform would interpolate user text).
 */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t',
    'a b',
    'Orders',
    'ORDERS',
    'orders.',
    '.orders',
    '..',
    '.',
    'a..b',
    'a.b_c',
    'a/b',
    '../etc',
    'a\\b',
    "o'rders",
    'o"rders',
    'a;DROP TABLE x',
    '${var.x}',
    '$${x}',
    '%{zz_injected}',
    'a ${var.zz_injected} b',
    '{{ x }}',
    'a\nb',
    'ünïcödé',
    'заказы',
    '注文',
    '🚀orders',
    '-orders',
    'orders-',
    '_orders',
    '0orders',
    'a'.repeat(64),
    'a'.repeat(250),
    'b'.repeat(300),
    'x.'.repeat(130),
  ),
  fc.string({ maxLength: 20 }).filter(clean),
  fc.string({ unit: 'grapheme', maxLength: 12 }).filter(clean),
  fromChars(LOWER + DIGITS + '._-/', 1, 40).filter(clean),
);

/**
 * One field in HOSTILITY+1 gets a hostile value: a definition has dozens of fields, so about half of
 * the generated definitions hold at least one hostile value and the rest exercise the valid paths.
 */
export const HOSTILITY = 30;

/** Mostly valid names, sometimes hostile. */
export function nameLike(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: HOSTILITY, arbitrary: valid }, { weight: 1, arbitrary: hostileString });
}

/** Numbers that break numeric code: NaN, infinities, negatives, fractions, > 2^53. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 0, -0, 0.5, 1.5, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, Number.MIN_VALUE,
  ),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double({ noNaN: false }),
);

/** Mostly in-range integers, sometimes hostile numbers. */
export function intLike(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof({ weight: HOSTILITY, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: hostileNumber });
}

/** A member of an enum, or (one in HOSTILITY+1) a string outside it, as a jsii caller could pass. */
export function enumOrJunk<T>(values: T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: HOSTILITY, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileString as fc.Arbitrary<any> });
}

/** Optional: a missing prop half of the time (exercises every default). */
export function opt<T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(a, { nil: undefined, freq: 2 });
}

/** Optional and usually missing: for settings that only fit some combinations (one in `oneIn`). */
export function rarely<T>(a: fc.Arbitrary<T>, oneIn = 6): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
}

/**
 * Build a value type lazily from generated raw input: the factory is called inside the property, so
 * its own ValidationError (e.g. `[Duration] Duration.seconds() must be …`) counts as a refusal.
 */
export type Lazy<T> = { readonly describe: string; readonly make: () => T };

function lazy<T>(describe: string, build: () => T): Lazy<T> {
  return { describe, make: build, toString: () => describe } as Lazy<T>;
}

/** Durations: mostly sensible, sometimes negative, fractional, NaN or infinite. */
export const duration: fc.Arbitrary<Lazy<Duration>> = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 1, max: 3600 }).map((n) => lazy(`Duration.seconds(${n})`, () => Duration.seconds(n))) },
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 120 }).map((n) => lazy(`Duration.minutes(${n})`, () => Duration.minutes(n))) },
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 30 }).map((n) => lazy(`Duration.days(${n})`, () => Duration.days(n))) },
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 5000 }).map((n) => lazy(`Duration.millis(${n})`, () => Duration.millis(n))) },
  { weight: 3, arbitrary: hostileNumber.map((n) => lazy(`Duration.seconds(${n})`, () => Duration.seconds(n))) },
  { weight: 3, arbitrary: fc.constant(lazy('Duration.infinite()', () => Duration.infinite())) },
);

/** Sizes: mostly sensible, sometimes hostile. */
export const size: fc.Arbitrary<Lazy<Size>> = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => lazy(`Size.mebibytes(${n})`, () => Size.mebibytes(n))) },
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((n) => lazy(`Size.bytes(${n})`, () => Size.bytes(n))) },
  { weight: 3, arbitrary: hostileNumber.map((n) => lazy(`Size.gibibytes(${n})`, () => Size.gibibytes(n))) },
);

/** Terraform-variable secrets with generated (sometimes invalid) names. */
export const tfSecret: fc.Arbitrary<Lazy<Secret>> = nameLike(identifier).map((n) =>
  lazy(`Secret.fromTerraformVariable(${JSON.stringify(n)})`, () => Secret.fromTerraformVariable(n)),
);

/** Kubernetes-secret references with generated (sometimes invalid) names, keys and namespaces. */
export const k8sSecret: fc.Arbitrary<Lazy<Secret>> = fc
  .tuple(nameLike(dnsLabel), nameLike(identifier), opt(nameLike(dnsLabel)))
  .map(([name, key, namespace]) =>
    lazy(`Secret.fromKubernetesSecret(${JSON.stringify(name)}, ${JSON.stringify(key)}, ${JSON.stringify({ namespace })})`, () =>
      Secret.fromKubernetesSecret(name, key, { namespace }),
    ),
  );

/** Make an optional lazy value. */
export function make<T>(l: Lazy<T> | undefined): T | undefined {
  return l?.make();
}

/** host:port lists, mostly valid. */
export const bootstrapServers: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 25, arbitrary: fc.array(fc.tuple(dnsLabel, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`), { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 2 }) },
);

/** Confluent Cloud ids like `lkc-abc123`, sometimes hostile. */
export function confluentId(prefix: string): fc.Arbitrary<string> {
  return nameLike(fromChars(LOWER + DIGITS, 3, 8).map((s) => `${prefix}-${s}`));
}

/** http(s) URLs, sometimes hostile. */
export const url: fc.Arbitrary<string> = nameLike(fc.tuple(fc.constantFrom('http', 'https'), dnsLabel).map(([s, h]) => `${s}://${h}.example.com`));
