import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { FlinkSQL } from 'dt-sql-parser';
import {
  Checkpointing, CheckpointingMode, Expectation, FlinkStatement, FlinkTable, Duration, FlinkSqlJob, FlinkTarget, FlinkTargetKind,
  FlinkVersion, RestartStrategy, Secret, Size,
  UpgradeMode, KafkaCluster, DeadLetterTopic, Topic,
} from '../../lib';
import { describeWithCrds } from '../conformance/shared';
import { expectTerraformConforms, expectValidCustomResource, kubernetesManifests, synthJson } from '../helpers';
import { ordersLatestSink, ordersSource, revenuePerMinute, seedDedup } from './fixtures';
import { FlinkStatement as FlinkStatementResource } from '../../lib/providers/confluent/flink-statement';

const parser = new FlinkSQL();
function expectParses(sql: string) {
  expect(parser.validate(sql).map((e: any) => `${e.startLine}:${e.startColumn} ${e.message}`)).toEqual([]);
}

const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9092', 'kafka-1.kafka:9092'], schemaRegistryUrl: 'http://registry:8081' });
const k8sTarget = (extra: Partial<Parameters<typeof FlinkTarget.kubernetes>[0]> = {}) =>
  FlinkTarget.kubernetes({ namespace: 'streaming', stateStorageUri: 's3://flink-state/retail', image: 'registry.example.com/flink-sql:1.20', ...extra });

function seedJob(overrides: any = {}) {
  const stack = new TerraformStack(Testing.app(), 'retail-prod');
  const dlq = new DeadLetterTopic(stack, 'Dlq', { cluster, source: 'orders-latest' });
  const job = new FlinkSqlJob(stack, 'OrdersLatest', {
    statements: [seedDedup()],
    target: k8sTarget(),
    cluster,
    deadLetterTopic: dlq,
    checkpointing: Checkpointing.every(Duration.seconds(10)),
    ...overrides,
  });
  return { stack, job };
}

function manifests(stack: TerraformStack) {
  const tf = synthJson(stack);
  expectTerraformConforms(tf);
  const all = kubernetesManifests(tf);
  return { tf, configMap: all.find((m) => m.kind === 'ConfigMap'), deployment: all.find((m) => m.kind === 'FlinkDeployment') };
}

describeWithCrds('FlinkSqlJob on Kubernetes (orders deduplicated into orders_latest with a quality gate)', () => {
  test('renders a FlinkDeployment the operator CRD accepts, running the SQL runner on the mounted script', () => {
    const { stack } = seedJob();
    const { deployment, configMap } = manifests(stack);
    expectValidCustomResource(deployment);
    expect(deployment.metadata).toMatchObject({ name: 'orders-latest', namespace: 'streaming' });
    expect(deployment.spec.flinkVersion).toBe('v1_20');
    expect(deployment.spec.image).toBe('registry.example.com/flink-sql:1.20');
    expect(deployment.spec.serviceAccount).toBe('flink');
    expect(deployment.spec.job).toEqual({
      jarURI: 'local:///opt/flink/usrlib/sql-runner.jar',
      args: ['/opt/flink/sql/job.sql'],
      parallelism: 2,
      upgradeMode: 'savepoint',
      state: 'running',
    });
    expect(deployment.spec.jobManager.resource).toEqual({ cpu: 1, memory: '2048m' });
    expect(deployment.spec.taskManager.resource).toEqual({ cpu: 1, memory: '4096m' });
    const container = deployment.spec.podTemplate.spec.containers[0];
    expect(container.name).toBe('flink-main-container');
    expect(container.volumeMounts).toEqual([{ name: 'sql-script', mountPath: '/opt/flink/sql', readOnly: true }]);
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9249, protocol: 'TCP' }]);
    expect(deployment.spec.podTemplate.spec.volumes).toEqual([{ name: 'sql-script', configMap: { name: 'orders-latest-sql' } }]);
    expect(configMap.metadata).toMatchObject({ name: 'orders-latest-sql', namespace: 'streaming' });
    expect(Object.keys(configMap.data)).toEqual(['job.sql']);
  });

  test('the mounted script is the whole job and parses as Flink SQL', () => {
    const { stack, job } = seedJob();
    const { configMap } = manifests(stack);
    const script: string = configMap.data['job.sql'];
    expect(script).toBe(job.model.script);
    expect(script).toContain("'properties.bootstrap.servers' = 'kafka-0.kafka:9092,kafka-1.kafka:9092'");
    expect(script).toContain('INSERT INTO `dead_letters`');
    expect(script).toContain("'topic' = 'dlq-orders-latest'");
    expectParses(script);
  });

  test('production defaults: exactly-once incremental RocksDB checkpoints retained on cancel, HA, restart back-off, Prometheus', () => {
    const { stack } = seedJob();
    const { deployment } = manifests(stack);
    expect(deployment.spec.flinkConfiguration).toEqual({
      'execution.checkpointing.dir': 's3://flink-state/retail/checkpoints/orders-latest',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'execution.checkpointing.incremental': 'true',
      'execution.checkpointing.interval': '10 s',
      'execution.checkpointing.mode': 'EXACTLY_ONCE',
      'execution.checkpointing.savepoint-dir': 's3://flink-state/retail/savepoints/orders-latest',
      'execution.checkpointing.timeout': '10 min',
      'high-availability.storageDir': 's3://flink-state/retail/ha/orders-latest',
      'high-availability.type': 'kubernetes',
      'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
      // job_name="orders-latest" stays as it is (the reporter would rewrite '-' to '_')
      'metrics.reporter.prom.filterLabelValueCharacters': 'false',
      'metrics.reporter.prom.port': '9249',
      'pipeline.name': 'orders-latest',
      'restart-strategy.exponential-delay.initial-backoff': '1 s',
      'restart-strategy.exponential-delay.max-backoff': '1 min',
      'restart-strategy.type': 'exponential-delay',
      'state.backend.type': 'rocksdb',
      'taskmanager.numberOfTaskSlots': '2',
    });
  });

  test('Flink 1.19 gets the pre-1.20 directory and incremental keys', () => {
    const { stack } = seedJob({ version: FlinkVersion.V1_19 });
    const { deployment } = manifests(stack);
    expectValidCustomResource(deployment);
    const conf = deployment.spec.flinkConfiguration;
    expect(deployment.spec.flinkVersion).toBe('v1_19');
    expect(conf['state.checkpoints.dir']).toBe('s3://flink-state/retail/checkpoints/orders-latest');
    expect(conf['state.savepoints.dir']).toBe('s3://flink-state/retail/savepoints/orders-latest');
    expect(conf['state.backend.incremental']).toBe('true');
    expect(conf['execution.checkpointing.dir']).toBeUndefined();
    expect(conf['execution.checkpointing.incremental']).toBeUndefined();
  });

  test('Flink 2.2 validates against the CRD with the 1.20+ keys', () => {
    const { stack } = seedJob({ version: FlinkVersion.V2_2, upgradeMode: UpgradeMode.LAST_STATE, parallelism: 4 });
    const { deployment } = manifests(stack);
    expectValidCustomResource(deployment);
    expect(deployment.spec.flinkVersion).toBe('v2_2');
    expect(deployment.spec.job.upgradeMode).toBe('last-state');
    expect(deployment.spec.flinkConfiguration['execution.checkpointing.savepoint-dir']).toBeDefined();
  });

  test('overrides: resources, restart strategy, checkpoint options, suspended state, extra configuration, no Prometheus', () => {
    const { stack } = seedJob({
      jobManager: { cpu: 0.5, memory: Size.mebibytes(1024) },
      taskManager: { cpu: 2, memory: Size.gibibytes(8) },
      restartStrategy: RestartStrategy.fixedDelay(3, Duration.seconds(30)),
      checkpointing: Checkpointing.every(Duration.minutes(1), {
        mode: CheckpointingMode.AT_LEAST_ONCE,
        incremental: false,
        retainOnCancel: false,
        minPause: Duration.seconds(5),
      }),
      suspended: true,
      prometheus: false,
      flinkConfiguration: { 'table.exec.state.ttl': '1 d' },
    });
    const { deployment } = manifests(stack);
    expectValidCustomResource(deployment);
    expect(deployment.spec.jobManager.resource).toEqual({ cpu: 0.5, memory: '1024m' });
    expect(deployment.spec.taskManager.resource).toEqual({ cpu: 2, memory: '8192m' });
    expect(deployment.spec.job.state).toBe('suspended');
    const conf = deployment.spec.flinkConfiguration;
    expect(conf).toMatchObject({
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': '3',
      'restart-strategy.fixed-delay.delay': '30 s',
      'execution.checkpointing.mode': 'AT_LEAST_ONCE',
      'execution.checkpointing.incremental': 'false',
      'execution.checkpointing.externalized-checkpoint-retention': 'DELETE_ON_CANCELLATION',
      'execution.checkpointing.min-pause': '5 s',
      'table.exec.state.ttl': '1 d',
    });
    expect(conf['metrics.reporter.prom.port']).toBeUndefined();
    expect(deployment.spec.podTemplate.spec.containers[0].ports).toBeUndefined();
  });

  test('a declared upgrade path (allowNonRestoredState, initialSavepointPath) reaches spec.job and validates', () => {
    const { stack, job } = seedJob({ allowNonRestoredState: true, initialSavepointPath: 's3://flink-state/retail/savepoints/orders-latest/savepoint-1' });
    const { deployment } = manifests(stack);
    expectValidCustomResource(deployment);
    expect(job.model.allowNonRestoredState).toBe(true);
    expect(deployment.spec.job.allowNonRestoredState).toBe(true);
    expect(deployment.spec.job.initialSavepointPath).toBe('s3://flink-state/retail/savepoints/orders-latest/savepoint-1');
  });

  test('a job with a dedup and a window shares one statement set, and synth is byte-identical run to run', () => {
    const build = () => {
      const stack = new TerraformStack(Testing.app(), 'retail-prod');
      const orders = ordersSource();
      new FlinkSqlJob(stack, 'Orders', {
        statements: [seedDedup(orders), revenuePerMinute(orders)],
        target: k8sTarget(),
        cluster,
        deadLetterTopic: Topic.fromName(stack, 'Dlq', 'dlq-orders', cluster),
        checkpointing: Checkpointing.every(Duration.seconds(10)),
      });
      return Testing.synth(stack, true);
    };
    const first = build();
    expect(build()).toBe(first);
    const tf = JSON.parse(first);
    const script = kubernetesManifests(tf).find((m) => m.kind === 'ConfigMap').data['job.sql'];
    expect(script.match(/EXECUTE STATEMENT SET/g)).toHaveLength(1);
    expectParses(script);
  });
});

describe('FlinkSqlJob resolved settings (for the rule pack and the freshness budget)', () => {
  test('exposes checkpointing, upgrade mode, sinks with semantics, watermarks, expectations and the DLQ', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const orders = ordersSource();
    const job = new FlinkSqlJob(stack, 'Orders', {
      statements: [seedDedup(orders), revenuePerMinute(orders)],
      target: k8sTarget(),
      cluster,
      deadLetterTopic: Topic.fromName(stack, 'Dlq', 'dlq.orders', cluster),
      checkpointing: Checkpointing.every(Duration.seconds(10)),
      freshnessThreshold: Duration.seconds(30),
    });
    expect(job.jobName).toBe('orders');
    expect(job.model.targetKind).toBe(FlinkTargetKind.KUBERNETES);
    expect(job.model.checkpointInterval!.toMilliseconds()).toBe(10_000);
    expect(job.model.exactlyOnce).toBe(true);
    expect(job.model.upgradeMode).toBe(UpgradeMode.SAVEPOINT);
    expect(job.model.stateful).toBe(true);
    expect(job.model.deadLetterTopicName).toBe('dlq.orders');
    expect(job.model.freshnessThreshold!.toSeconds()).toBe(30);
    expect(job.model.sinks.map((s) => [s.tableName, s.connector, s.deliveryGuarantee, s.primaryKey.join(','), s.deadLetter])).toEqual([
      ['orders_latest', 'upsert-kafka', 'at-least-once', 'order_id', false],
      ['revenue_per_minute', 'kafka', 'exactly-once', '', false],
      ['dead_letters', 'upsert-kafka', 'at-least-once', 'job,source_topic,source_partition,source_offset', true],
    ]);
    expect(job.model.watermarks.map((w) => [w.tableName, w.column, w.delay.toMilliseconds()])).toEqual([['orders', 'event_time', 5000]]);
    expect(job.model.expectations.map((e) => e.code)).toEqual(['DQ001_NOT_NULL', 'DQ002_BETWEEN']);
    expect(job.model.sources).toEqual([
      { tableName: 'orders', topicName: 'store.store.orders', eventTime: 'event_time', hasWatermark: true, feedsStatefulOperator: true, emitsOnWatermark: true },
    ]);
  });

  test('tables given as ITopic make the job consume and produce them, and a principal gets least-privilege ACLs', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const ordersTopic = Topic.fromName(stack, 'Orders', 'store.store.orders', cluster, 6);
    const latestTopic = new Topic(stack, 'Latest', { cluster, topicName: 'orders_latest', partitions: 6 });
    const dlq = new DeadLetterTopic(stack, 'Dlq', { cluster, source: 'orders-latest' });
    const source = FlinkTable.cdcSource({ name: 'orders', topic: ordersTopic, columns: ordersSource().columns, eventTime: 'event_time' });
    const sink = FlinkTable.upsertSink({ name: 'orders_latest', topic: latestTopic, columns: ordersLatestSink().columns, primaryKey: ['order_id'] });
    const job = new FlinkSqlJob(stack, 'OrdersLatest', {
      statements: [FlinkStatement.latestByKey({ from: source, into: sink, expectations: [Expectation.notNull('order_id')] })],
      target: k8sTarget(),
      deadLetterTopic: dlq,
      principal: 'User:flink-orders-latest',
      checkpointing: Checkpointing.every(Duration.seconds(10)),
    });
    expect(job.consumedTopics).toEqual([ordersTopic]);
    expect(job.producedTopics).toEqual([latestTopic, dlq]);
    expect(job.model.script).toContain("'properties.bootstrap.servers' = 'kafka-0.kafka:9092,kafka-1.kafka:9092'");
    const tf = synthJson(stack);
    expectTerraformConforms(tf);
    const acls = Object.values<any>(tf.resource.kafka_acl);
    expect(acls.some((a) => a.resource_name === 'orders-latest' && a.resource_type === 'Group' && a.acl_principal === 'User:flink-orders-latest')).toBe(true);
    expect(acls.some((a) => a.resource_name === 'dlq-orders-latest' && a.acl_operation === 'Write')).toBe(true);
    expect(() => FlinkTable.cdcSource({ name: 'x', topic: ordersTopic, topicName: 'y', columns: ordersSource().columns })).toThrow(/topicName must be unset when topic is given/);
  });
});

describe('FlinkSqlJob errors the target would reject', () => {
  const stack = () => new TerraformStack(Testing.app(), 'prod');
  test('a Kubernetes job without checkpointing is refused, naming the path and the fix', () => {
    expect(() => new FlinkSqlJob(stack(), 'J', { statements: [seedDedup()], target: k8sTarget(), cluster })).toThrow(
      /\[prod\/J\] checkpointing must be set on a Kubernetes job .* Fix: checkpointing: Checkpointing.every\(Duration.seconds\(10\)\)/,
    );
  });
  test('savepoint upgrades need a state storage URI; last-state needs checkpointing and HA', () => {
    expect(
      () => new FlinkSqlJob(stack(), 'J', { statements: [seedDedup()], target: k8sTarget({ stateStorageUri: undefined }), cluster, checkpointing: Checkpointing.every(Duration.seconds(10)) }),
    ).toThrow(/target.stateStorageUri must be set for upgradeMode savepoint/);
    expect(
      () =>
        new FlinkSqlJob(stack(), 'J', {
          statements: [seedDedup()],
          target: k8sTarget({ highAvailability: false }),
          cluster,
          checkpointing: Checkpointing.every(Duration.seconds(10)),
          upgradeMode: UpgradeMode.LAST_STATE,
        }),
    ).toThrow(/upgradeMode must be savepoint or stateless unless checkpointing and highAvailability are both on/);
  });
  test('bad name, parallelism, resources and missing bootstrap servers are refused', () => {
    const ok = { statements: [seedDedup()], target: k8sTarget(), cluster, checkpointing: Checkpointing.every(Duration.seconds(10)) };
    expect(() => new FlinkSqlJob(stack(), 'J', { ...ok, name: 'Orders_Latest' })).toThrow(/name must be lowercase letters/);
    expect(() => new FlinkSqlJob(stack(), 'J', { ...ok, parallelism: 0 })).toThrow(/\[prod\/J\] parallelism must be a whole number >= 1 \(got 0\)/);
    expect(() => new FlinkSqlJob(stack(), 'J', { ...ok, taskManager: { memory: Size.mebibytes(512) } })).toThrow(/taskManager.memory must be whole mebibytes, at least 768 MiB/);
    expect(() => new FlinkSqlJob(stack(), 'J', { ...ok, cluster: undefined })).toThrow(/bootstrapServers must be set for Apache Flink tables/);
    expect(() => Checkpointing.every(Duration.millis(5))).toThrow(/interval must be a finite duration >= 10 ms/);
    expect(() => FlinkVersion.of('1.17')).toThrow(/version must be one of 1.18, 1.19, 1.20, 2.0, 2.1, 2.2/);
  });
});

describe('FlinkSqlJob on Confluent Cloud', () => {
  function ccJob(stopped = false) {
    const stack = new TerraformStack(Testing.app(), 'retail-cloud');
    const job = new FlinkSqlJob(stack, 'OrdersLatest', {
      statements: [seedDedup()],
      deadLetterTopic: Topic.fromName(stack, 'Dlq', 'dlq-orders-latest', cluster),
      suspended: stopped,
      sqlSettings: { 'sql.state-ttl': '7 d' },
      target: FlinkTarget.confluentCloud({
        organizationId: '1111aaaa-11aa-11aa-11aa-111111aaaaaa',
        environmentId: 'env-abc123',
        computePoolId: 'lfcp-xyz789',
        principalId: 'sa-flink01',
        restEndpoint: 'https://flink.eu-central-1.aws.confluent.cloud',
        apiKey: Secret.fromTerraformVariable('flink_api_key'),
        apiSecret: Secret.fromTerraformVariable('flink_api_secret'),
        database: 'lkc-retail1',
      }),
    });
    return { stack, job };
  }

  test('one confluent_flink_statement per DDL statement and one for the statement set, conforming to the provider schema', () => {
    const { stack, job } = ccJob();
    const tf = synthJson(stack);
    expectTerraformConforms(tf);
    const byName = new Map(Object.values<any>(tf.resource.confluent_flink_statement).map((s) => [s.statement_name, s]));
    const statements = job.confluentStatements.map((s) => byName.get((s as FlinkStatementResource).statementNameInput));
    expect(statements.map((s) => s.statement_name)).toEqual([
      'orders-latest-ddl-orders',
      'orders-latest-ddl-orders-latest',
      'orders-latest-ddl-dead-letters',
      'orders-latest-ddl-orders-latest-checked',
      'orders-latest-dml',
    ]);
    const dml = statements[4];
    expect(dml.statement).toBe(job.model.dmlStatement);
    expect(dml.statement.startsWith('EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `orders_latest`')).toBe(true);
    expect(dml.depends_on).toHaveLength(4);
    expect(statements[3].depends_on).toEqual([expect.stringMatching(/^confluent_flink_statement.OrdersLatest_Ddl-dead_letters_/)]);
    expect(dml.stopped).toBe(false);
    expect(dml.compute_pool).toEqual({ id: 'lfcp-xyz789' });
    expect(dml.principal).toEqual({ id: 'sa-flink01' });
    expect(dml.environment).toEqual({ id: 'env-abc123' });
    expect(dml.properties).toEqual({ 'sql.current-catalog': 'env-abc123', 'sql.current-database': 'lkc-retail1', 'sql.state-ttl': '7 d' });
    expect(dml.credentials).toEqual({ key: '${var.flink_api_key}', secret: '${var.flink_api_secret}' });
    expect(tf.variable.flink_api_key.sensitive).toBe(true);
    for (const s of statements) expectParses(s.statement);
    expect(job.model.targetKind).toBe(FlinkTargetKind.CONFLUENT_CLOUD);
    expect(job.model.checkpointInterval).toBeUndefined();
    expect(job.model.flinkConfiguration).toEqual({});
  });

  test('creates the statement set stopped when asked', () => {
    const tf = synthJson(ccJob(true).stack);
    expectTerraformConforms(tf);
    expect(Object.values<any>(tf.resource.confluent_flink_statement).find((s) => s.statement_name === 'orders-latest-dml').stopped).toBe(true);
  });

  test('skips id checks on unresolved tokens (ids from other resources or variables)', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    const pool = new TerraformVariable(stack, 'pool', { type: 'string' });
    const job = new FlinkSqlJob(stack, 'J', {
      statements: [seedDedup()],
      deadLetterTopic: Topic.fromName(stack, 'Dlq', 'dlq-j', cluster),
      target: FlinkTarget.confluentCloud({
        organizationId: 'org',
        environmentId: 'env-abc',
        computePoolId: pool.stringValue,
        principalId: 'sa-1',
        restEndpoint: 'https://flink.example.com',
        apiKey: Secret.fromTerraformVariable('k'),
        apiSecret: Secret.fromTerraformVariable('s'),
        database: 'lkc-1',
      }),
    });
    const tf = synthJson(stack);
    expectTerraformConforms(tf);
    expect(job.confluentStatements).toHaveLength(5);
    expect(JSON.stringify(tf)).toContain('"compute_pool":{"id":"${var.pool}"}');
  });

  test('setting values and ids that look like Terraform templates are written as literals', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    new FlinkSqlJob(stack, 'J', {
      statements: [seedDedup()],
      deadLetterTopic: Topic.fromName(stack, 'Dlq', 'dlq-j', cluster),
      sqlSettings: { 'sql.tables.scan.idle-timeout': '%{if true}1 s%{endif}', 'note.${key}': '${var.not_meant}' },
      target: FlinkTarget.confluentCloud({
        organizationId: '${org}',
        environmentId: 'env-abc',
        computePoolId: 'lfcp-1',
        principalId: 'sa-1',
        restEndpoint: 'https://flink.example.com/${path}',
        apiKey: Secret.fromTerraformVariable('k'),
        apiSecret: Secret.fromTerraformVariable('s'),
        database: 'lkc-1',
      }),
    });
    const tf = synthJson(stack);
    expectTerraformConforms(tf);
    const dml = Object.values<any>(tf.resource.confluent_flink_statement).find((s) => s.statement_name === 'j-dml');
    expect(dml.properties).toEqual({
      'note.$${key}': '$${var.not_meant}',
      'sql.current-catalog': 'env-abc',
      'sql.current-database': 'lkc-1',
      'sql.tables.scan.idle-timeout': '%%{if true}1 s%%{endif}',
    });
    expect(dml.organization).toEqual({ id: '$${org}' });
    expect(dml.rest_endpoint).toBe('https://flink.example.com/$${path}');
    expect(dml.credentials).toEqual({ key: '${var.k}', secret: '${var.s}' });
  });

  test('refuses API credentials Terraform cannot read (a Kubernetes Secret would be sent as its placeholder text)', () => {
    const base = {
      organizationId: 'o', environmentId: 'env-abc', computePoolId: 'lfcp-1', principalId: 'sa-1', restEndpoint: 'https://x', database: 'lkc-1',
    };
    expect(() => FlinkTarget.confluentCloud({ ...base, apiKey: Secret.fromKubernetesSecret('flink', 'key', { namespace: 'ns' }), apiSecret: Secret.fromTerraformVariable('s') })).toThrow(
      /\[FlinkTarget.confluentCloud\] apiKey must be a Terraform variable secret/,
    );
    expect(() => FlinkTarget.confluentCloud({ ...base, apiKey: Secret.fromTerraformVariable('k'), apiSecret: Secret.fromConfigProvider('file', '/creds', 'secret') })).toThrow(
      /\[FlinkTarget.confluentCloud\] apiSecret must be a Terraform variable secret/,
    );
  });

  test('refuses malformed ids', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(
      () =>
        new FlinkSqlJob(stack, 'J', {
          statements: [seedDedup()],
          target: FlinkTarget.confluentCloud({
            organizationId: 'o',
            environmentId: 'env-abc',
            computePoolId: 'pool-1',
            principalId: 'sa-1',
            restEndpoint: 'https://x',
            apiKey: Secret.fromTerraformVariable('k'),
            apiSecret: Secret.fromTerraformVariable('s'),
            database: 'lkc-1',
          }),
        }),
    ).toThrow(/\[x\/J\] target.computePoolId must be an id matching \^lfcp-/);
  });
});
