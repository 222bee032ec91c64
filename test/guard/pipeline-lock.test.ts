import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Duration, Expectation, FlinkSqlJob, KafkaCluster, PipelineEnvironment, PipelineLock, Topic } from '../../lib';
import { stateFingerprint } from '../../lib/guard/extractors';
import { retailPipeline } from '../pipeline/fixtures';

function lockDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'locks-'));
}

/** Synthesize to disk (which writes the lock file) and return the app's stack. */
function deploy(_dir: string, build: (stack: TerraformStack) => void) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'out-')) });
  const stack = new TerraformStack(app, 'retail-prod');
  build(stack);
  app.synth();
  return stack;
}

describe('PipelineLock (destructive-change guard)', () => {
  test('synth writes a lock with identities and immutable settings', () => {
    const dir = lockDir();
    deploy(dir, (s) => retailPipeline(s, { lockDirectory: dir }));
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'retail-prod.json'), 'utf8'));
    expect(lock.entries['topic:inventory.orders_latest']).toEqual({ partitions: 6, replicationFactor: 3 });
    expect(lock.entries['cdc-source:inventory-store']).toEqual({ serverId: 184054, topicPrefix: 'store' });
    expect(lock.entries['flink-job:inventory-orders-latest'].stateFingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  test('the file written at synth reflects the tree then, even after a validation-only Testing.synth', () => {
    const dir = lockDir();
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'out-')), skipValidation: true });
    const stack = new TerraformStack(app, 'retail-prod');
    retailPipeline(stack, { lockDirectory: dir });
    Testing.synth(stack, true);
    new Topic(stack, 'Late', { cluster: KafkaCluster.selfManaged({ bootstrapServers: ['kafka:9092'] }), topicName: 'late.topic' });
    app.synth();
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'retail-prod.json'), 'utf8'));
    expect(lock.entries['topic:late.topic']).toBeDefined();
  });

  test('the same definition passes against its own lock', () => {
    const dir = lockDir();
    deploy(dir, (s) => retailPipeline(s, { lockDirectory: dir }));
    const again = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(again, { lockDirectory: dir });
    expect(() => Testing.synth(again, true)).not.toThrow();
  });

  test('a replication-factor change fails synth, naming the topic and the fix', () => {
    const dir = lockDir();
    deploy(dir, (s) => retailPipeline(s, { lockDirectory: dir }));
    const dev = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(dev, { lockDirectory: dir, environment: PipelineEnvironment.staging() });
    expect(() => Testing.synth(dev, true)).not.toThrow();
    const one = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(one, { lockDirectory: dir, environment: PipelineEnvironment.development() });
    expect(() => Testing.synth(one, true)).toThrow(
      /destructive change to topic:inventory.orders_latest: replication factor 3 → 1.*Fix: reassign replicas/,
    );
  });

  test('a changed stateful query fails unless the job declares how to proceed', () => {
    const dir = lockDir();
    deploy(dir, (s) => retailPipeline(s, { lockDirectory: dir }));
    // An SLO threshold is no part of the job's state.
    const slo = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(slo, { lockDirectory: dir, freshness: Duration.seconds(45) });
    expect(() => Testing.synth(slo, true)).not.toThrow();
    // A new gate changes the query: the savepoint would not restore.
    const gated = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(gated, { lockDirectory: dir, extraExpectations: [Expectation.inSet('status', ['NEW', 'PAID'])] });
    expect(() => Testing.synth(gated, true)).toThrow(
      /destructive change to flink-job:inventory-orders-latest: the stateful plan changed.*Fix: give the job a new name.*allowNonRestoredState/,
    );
    const declared = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(declared, {
      lockDirectory: dir,
      extraExpectations: [Expectation.inSet('status', ['NEW', 'PAID'])],
      allowNonRestoredState: true,
    });
    expect(() => Testing.synth(declared, true)).not.toThrow();
  });

  test('a watermark delay change is no state change; a lock written by the former fingerprint (with the watermark) still holds', () => {
    const dir = lockDir();
    const stack = deploy(dir, (s) => retailPipeline(s, { lockDirectory: dir }));
    const later = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(later, { lockDirectory: dir, watermarkDelay: Duration.seconds(15) });
    expect(() => Testing.synth(later, true)).not.toThrow();

    // A lock from a release that fingerprinted the watermark expression too.
    const file = path.join(dir, 'retail-prod.json');
    const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
    const job = stack.node.findAll().find((c): c is FlinkSqlJob => c instanceof FlinkSqlJob)!;
    const former = stateFingerprint(job, true);
    expect(former).not.toBe(lock.entries['flink-job:inventory-orders-latest'].stateFingerprint);
    lock.entries['flink-job:inventory-orders-latest'].stateFingerprint = former;
    fs.writeFileSync(file, JSON.stringify(lock));
    const same = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(same, { lockDirectory: dir });
    expect(() => Testing.synth(same, true)).not.toThrow();
    // The former fingerprint matches only its own plan: a real change is still refused.
    const gated = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(gated, { lockDirectory: dir, extraExpectations: [Expectation.inSet('status', ['NEW', 'PAID'])] });
    expect(() => Testing.synth(gated, true)).toThrow(/the stateful plan changed/);
  });

  test('an acknowledged change passes, and the acknowledgement needs a reason', () => {
    const dir = lockDir();
    deploy(dir, (s) => retailPipeline(s, { lockDirectory: dir }));
    const one = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(one, { lockDirectory: dir, environment: PipelineEnvironment.development() });
    const lock = PipelineLock.of(one);
    expect(() => lock.acknowledge('topic:inventory.orders_latest', 'ok')).toThrow(/at least 10 characters/);
    for (const key of Object.keys(JSON.parse(lock.render()).entries).filter((k) => k.startsWith('topic:'))) {
      lock.acknowledge(key, 'moving the dev copy of this stack to a single-broker cluster');
    }
    expect(() => Testing.synth(one, true)).not.toThrow();
  });
});

describe('PipelineLock with a damaged lock file', () => {
  test('an unreadable lock fails synth, naming the file', () => {
    const dir = lockDir();
    fs.writeFileSync(path.join(dir, 'retail-prod.json'), '{ not json');
    const s = new TerraformStack(Testing.app(), 'retail-prod');
    retailPipeline(s, { lockDirectory: dir });
    expect(() => Testing.synth(s, true)).toThrow(/lock file .*retail-prod\.json must be valid JSON/);
  });
});
