import { compareLocks, isWeakerCompatibility, LockEntry, toLockFile } from '../../lib/guard/lock-model';

const topic = (partitions: number, replicationFactor = 3): LockEntry => ({
  kind: 'topic',
  name: 'orders',
  path: 'prod/orders',
  settings: { partitions, replicationFactor },
});
const none = () => false;

describe('compareLocks', () => {
  test('a first synth (no lock yet) has nothing to compare', () => {
    expect(compareLocks(undefined, [topic(6)], none)).toEqual([]);
  });

  test('more partitions are fine, fewer are refused', () => {
    const lock = toLockFile('prod', [topic(6)]);
    expect(compareLocks(lock, [topic(12)], none)).toEqual([]);
    expect(compareLocks(lock, [topic(3)], none)[0].problem).toMatch(/partitions 6 → 3: Kafka cannot decrease partitions/);
  });

  test('a replication factor change is refused unless acknowledged', () => {
    const lock = toLockFile('prod', [topic(6, 3)]);
    expect(compareLocks(lock, [topic(6, 1)], none)[0].problem).toMatch(/replication factor 3 → 1/);
    expect(compareLocks(lock, [topic(6, 1)], (k) => k === 'topic:orders')).toEqual([]);
  });

  test('removing a topic or a subject is refused; removing a job is not', () => {
    const lock = toLockFile('prod', [
      topic(6),
      { kind: 'subject', name: 'orders-value', path: 'p', settings: { compatibility: 'BACKWARD' } },
      { kind: 'flink-job', name: 'orders-latest', path: 'p', settings: { stateFingerprint: 'abc' } },
    ]);
    expect(compareLocks(lock, [], none).map((v) => v.key)).toEqual(['subject:orders-value', 'topic:orders']);
  });

  test('CDC identity changes are refused', () => {
    const src = (topicPrefix: string): LockEntry => ({
      kind: 'cdc-source',
      name: 'store',
      path: 'prod/store',
      settings: { topicPrefix, serverId: 184054 },
    });
    const v = compareLocks(toLockFile('prod', [src('store')]), [src('shop')], none);
    expect(v).toHaveLength(1);
    expect(v[0].problem).toMatch(/topicPrefix store → shop is connector identity: .*re-snapshots/);
  });

  test('a changed Flink plan is refused unless allowNonRestoredState is declared', () => {
    const job = (fp: string, allow = false): LockEntry => ({
      kind: 'flink-job',
      name: 'orders-latest',
      path: 'prod/job',
      settings: { stateFingerprint: fp },
      upgrade: { allowNonRestoredState: allow },
    });
    const lock = toLockFile('prod', [job('abc')]);
    expect(compareLocks(lock, [job('abc')], none)).toEqual([]);
    expect(compareLocks(lock, [job('def')], none)[0].fix).toMatch(/new name.*allowNonRestoredState.*acknowledge/);
    expect(compareLocks(lock, [job('def', true)], none)).toEqual([]);
  });

  test('compatibility may get stricter but not weaker', () => {
    expect(isWeakerCompatibility('BACKWARD', 'FULL')).toBe(false);
    expect(isWeakerCompatibility('BACKWARD', 'BACKWARD_TRANSITIVE')).toBe(false);
    expect(isWeakerCompatibility('BACKWARD', 'NONE')).toBe(true);
    expect(isWeakerCompatibility('FULL', 'BACKWARD')).toBe(true);
    expect(isWeakerCompatibility('BACKWARD', 'FORWARD')).toBe(true);
    expect(isWeakerCompatibility('BACKWARD_TRANSITIVE', 'BACKWARD')).toBe(true);
  });

  test('the lock file is sorted, so it is stable in review', () => {
    const lock = toLockFile('prod', [
      { kind: 'topic', name: 'b', path: '', settings: { replicationFactor: 3, partitions: 1 } },
      { kind: 'topic', name: 'a', path: '', settings: { partitions: 1, replicationFactor: 3 } },
    ]);
    expect(JSON.stringify(lock)).toBe(
      '{"version":1,"stack":"prod","entries":{"topic:a":{"partitions":1,"replicationFactor":3},"topic:b":{"partitions":1,"replicationFactor":3}}}',
    );
  });
});
