import { FlinkVersion } from '../../lib';

describe('FlinkVersion', () => {
  test.each([
    ['1.18', 'v1_18', 'state.checkpoints.dir', 'state.savepoints.dir', 'state.backend.incremental'],
    ['1.19', 'v1_19', 'state.checkpoints.dir', 'state.savepoints.dir', 'state.backend.incremental'],
    ['1.20', 'v1_20', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.incremental'],
    ['2.0', 'v2_0', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.incremental'],
    ['2.1', 'v2_1', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.incremental'],
    ['2.2', 'v2_2', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.incremental'],
  ])('Flink %s: CRD value %s, checkpoint dir %s, savepoint dir %s, incremental %s', (text, crd, cp, sp, inc) => {
    const v = FlinkVersion.of(text);
    expect(v.version).toBe(text);
    expect(v.crdValue).toBe(crd);
    expect(v.checkpointDirKey).toBe(cp);
    expect(v.savepointDirKey).toBe(sp);
    expect(v.incrementalCheckpointsKey).toBe(inc);
  });

  test('2.x reads config.yaml and defaults to Java 17; 1.x does not', () => {
    expect(FlinkVersion.V2_0.usesStandardYamlConfig).toBe(true);
    expect(FlinkVersion.V2_0.defaultJavaVersion).toBe(17);
    expect(FlinkVersion.V1_20.usesStandardYamlConfig).toBe(false);
    expect(FlinkVersion.V1_20.defaultJavaVersion).toBe(11);
  });

  test('of() returns the shared instances and refuses unknown versions', () => {
    expect(FlinkVersion.of(' 1.20 ')).toBe(FlinkVersion.V1_20);
    expect(() => FlinkVersion.of('1.21')).toThrow(/\[FlinkVersion.of\] version must be one of 1.18, 1.19, 1.20, 2.0, 2.1, 2.2 .* \(got "1.21"\)/);
    expect(FlinkVersion.V1_19.isAtLeast(1, 20)).toBe(false);
    expect(FlinkVersion.V2_1.isAtLeast(1, 20)).toBe(true);
  });
});
