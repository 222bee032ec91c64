import fc from 'fast-check';
import { hostileNumber, hostileString } from './arbitraries';
import { params, valueOrRefusal } from './harness';
import { Duration, Secret, Size } from '../../lib/core';

const anyNumber = fc.oneof(hostileNumber, fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.maxSafeInteger());
const anyString = fc.oneof(hostileString, fc.string(), fc.constantFrom('30s', '5m', '1h30m', '2d', '500ms', '1w', '0s', '1h 30m', '-5m', '1.5h', '99999999999999999999d'));

const DURATION_FACTORIES: Array<[string, (n: number) => Duration]> = [
  ['millis', Duration.millis],
  ['seconds', Duration.seconds],
  ['minutes', Duration.minutes],
  ['hours', Duration.hours],
  ['days', Duration.days],
];

const SIZE_FACTORIES: Array<[string, (n: number) => Size]> = [
  ['bytes', Size.bytes],
  ['kibibytes', Size.kibibytes],
  ['mebibytes', Size.mebibytes],
  ['gibibytes', Size.gibibytes],
  ['tebibytes', Size.tebibytes],
];

/** Every rendering of a finite duration, each in the exact syntax its consumer parses. */
function expectWellRenderedDuration(d: Duration) {
  expect(d.toPrometheus()).toMatch(/^\d+(ms|s|m|h|d|w)$/);
  expect(d.toFlink()).toMatch(/^\d+ (ms|s|min|h|d)$/);
  expect(d.toKafkaMs()).toMatch(/^\d+$/);
  expect(d.toSqlInterval()).toMatch(/^INTERVAL '\d+(\.\d{3})?' (SECOND|MINUTE|HOUR|DAY)(\(\d+(, 3)?\))?$/);
  expect(Duration.parse(d.toPrometheus()).toMilliseconds() === d.toMilliseconds()).toBe(true);
}

describe('Duration, Size and Secret under generated input', () => {
  test('every Duration factory either returns a duration whose renderings are exact and round-trip, or refuses with a ValidationError naming Duration', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DURATION_FACTORIES), anyNumber, ([, factory], n) => {
        const r = valueOrRefusal(() => factory(n));
        if (r.ok) expectWellRenderedDuration(r.value);
        else expect(r.error.message).toMatch(/^\[Duration\] /);
      }),
      params(2000),
    );
  });

  test('Duration.parse of any text returns a well-rendered duration or refuses with a ValidationError naming Duration.parse', () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const r = valueOrRefusal(() => Duration.parse(text));
        if (r.ok) expectWellRenderedDuration(r.value);
        else expect(r.error.message).toMatch(/^\[Duration(\.parse)?\] /);
      }),
      params(1000),
    );
  });

  test('every Size factory either returns a size rendered exactly for Kubernetes, Flink and Kafka, or refuses with a ValidationError naming Size', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SIZE_FACTORIES), anyNumber, ([, factory], n) => {
        const r = valueOrRefusal(() => factory(n));
        if (r.ok) {
          const s = r.value;
          expect(s.toKubernetes()).toMatch(/^\d+(Ki|Mi|Gi|Ti)?$/);
          expect(s.toFlink()).toMatch(/^\d+ (bytes|kb|mb|gb|tb)$/);
          expect(s.toKafkaBytes()).toMatch(/^\d+$/);
          expect(Number(s.toKafkaBytes()) === s.toBytes()).toBe(true);
        } else {
          expect(r.error.message).toMatch(/^\[Size\] /);
        }
      }),
      params(2000),
    );
  });

  test('every Secret factory either returns a reference described without the value or refuses with a ValidationError naming the factory', () => {
    fc.assert(
      fc.property(fc.constantFrom('fromTerraformVariable', 'fromKubernetesSecret', 'fromConfigProvider'), anyString, anyString, anyString, (factory, a, b, c) => {
        const r = valueOrRefusal(() =>
          factory === 'fromTerraformVariable' ? Secret.fromTerraformVariable(a) : factory === 'fromKubernetesSecret' ? Secret.fromKubernetesSecret(a, b, { namespace: c || undefined }) : Secret.fromConfigProvider(a, b, c),
        );
        if (r.ok) {
          expect(r.value.toString()).not.toMatch(/undefined|\[object Object\]/);
        } else {
          expect(r.error.message.startsWith(`[Secret.${factory}] `)).toBe(true);
        }
      }),
      params(1500),
    );
  });
});
