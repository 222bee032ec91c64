import { PipelineEnvironment } from '../../lib';

describe('PipelineEnvironment', () => {
  test('development runs on one broker with production rules off', () => {
    const dev = PipelineEnvironment.development();
    expect([dev.replicationFactor, dev.minInsyncReplicas, dev.isProduction]).toEqual([1, 1, false]);
  });

  test('production keeps three replicas and two in sync', () => {
    const prod = PipelineEnvironment.production();
    expect([prod.replicationFactor, prod.minInsyncReplicas, prod.isProduction, prod.name]).toEqual([3, 2, true, 'prod']);
  });

  test('a custom environment with more in-sync replicas than replicas is refused', () => {
    expect(() => PipelineEnvironment.custom({ name: 'qa', production: false, replicationFactor: 2, minInsyncReplicas: 3 })).toThrow(
      /\[PipelineEnvironment\] minInsyncReplicas must be <= replicationFactor \(2\) \(got 3\)/,
    );
    expect(() => PipelineEnvironment.custom({ name: 'QA', production: false, replicationFactor: 1, minInsyncReplicas: 1 })).toThrow(/name/);
  });
});
