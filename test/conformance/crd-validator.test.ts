import { CrdValidator } from './crd-validator';
import { describeWithCrds } from './shared';

function connector(spec: any): any {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaConnector',
    metadata: { name: 'orders-cdc', namespace: 'streaming', labels: { 'strimzi.io/cluster': 'connect' } },
    spec,
  };
}

describeWithCrds('CrdValidator (upstream CRDs, strict)', () => {
  const validator = CrdValidator.shared();

  test('knows the CRDs the library targets', () => {
    expect(validator.kinds).toEqual(
      expect.arrayContaining([
        'kafka.strimzi.io/v1/KafkaConnector',
        'kafka.strimzi.io/v1/KafkaConnect',
        'kafka.strimzi.io/v1/KafkaTopic',
        'flink.apache.org/v1beta1/FlinkDeployment',
        'monitoring.coreos.com/v1/PrometheusRule',
        'argoproj.io/v1alpha1/Application',
      ]),
    );
  });

  test('accepts a valid KafkaConnector', () => {
    expect(validator.validate(connector({ class: 'io.debezium.connector.mysql.MySqlConnector', tasksMax: 1, config: { a: 'b' } }))).toEqual([]);
  });

  test('rejects an unknown field that the API server would prune', () => {
    const v = validator.validate(connector({ class: 'x', tasksMax: 1, taskMax: 1 }));
    expect(v.map((x) => `${x.path}: ${x.message}`)).toEqual(["/spec: must NOT have additional properties 'taskMax'"]);
  });

  test('rejects wrong types, enum values and minimums', () => {
    const v = validator.validate(connector({ class: 'x', tasksMax: 0, state: 'started' }));
    expect(v.map((x) => x.path).sort()).toEqual(['/spec/state', '/spec/tasksMax']);
  });

  test('rejects non-string label values and misspelt metadata', () => {
    const bad = connector({ class: 'x' });
    bad.metadata.labels.replicas = 3;
    bad.metadata.label = {};
    expect(validator.validate(bad).map((x) => x.path).sort()).toEqual(['/metadata', '/metadata/labels/replicas']);
  });

  test('accepts the RE2 case-insensitive pattern of PrometheusRule partial_response_strategy', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r' },
      spec: { groups: [{ name: 'g', partial_response_strategy: 'WARN', rules: [{ record: 'a:b', expr: 'vector(1)' }] }] },
    };
    expect(validator.validate(rule)).toEqual([]);
    rule.spec.groups[0].partial_response_strategy = 'explode';
    expect(validator.validate(rule).map((x) => x.path)).toEqual(['/spec/groups/0/partial_response_strategy']);
  });

  test('checks FlinkDeployment, whose CRD root omits apiVersion/kind/metadata', () => {
    const fd = {
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: 'orders-latest' },
      spec: { flinkVersion: 'v1_20', jobManager: { resource: { cpu: 1, memory: '2048m' } }, job: { jarURI: 'local:///x.jar', upgradeMode: 'savepoint' } },
    };
    expect(validator.validate(fd)).toEqual([]);
    (fd.spec as any).flinkVersion = 'v1_99';
    (fd.spec.job as any).upgrademode = 'savepoint';
    expect(validator.validate(fd).map((x) => x.path).sort()).toEqual(['/spec/flinkVersion', '/spec/job']);
  });

  test('reports a resource kind it has no CRD for', () => {
    expect(validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })[0].message).toMatch(/no CRD/);
  });
});
