import { TerraformStack, Testing } from 'cdktf';
import {
  CdcSource,
  CdcTable,
  ChangeEventFormat,
  ConnectorTarget,
  DeadLetterTopic,
  DebeziumConnector,
  Delivery,
  Duration,
  Errors,
  Expectation,
  FreshnessBudget,
  KafkaCluster,
  OpenSlo,
  PipelineEnvironment,
  RealtimePipeline,
  Secret,
  Sli,
  Slo,
  SloAlertRules,
  SloRules,
  SchemaDefinition,
  SchemaSubject,
  SqlType,
  Stream,
  StrimziKafkaConnect,
  Topic,
} from '../../lib';

/**
 * Plain JavaScript (and Python, Java, Go and C# through jsii) can pass anything where TypeScript
 * would demand a `Duration`, a `Size`, a `Delivery`…: each such prop is checked where it enters the
 * library and refused with the usual `[path] setting must be … (got …). Fix: …`, never a TypeError
 * from deep inside, and never silently ignored.
 */
// Values a JavaScript user plausibly writes instead of the library's classes.
const js = (v: unknown): any => v;

const cluster = () => KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9092'], tls: false });
const mysql = (extra: Record<string, unknown> = {}) =>
  CdcSource.mysql({
    hostname: 'mysql.internal',
    user: 'debezium',
    password: Secret.fromKubernetesSecret('mysql-cdc', 'password'),
    serverId: 1,
    tables: ['store.orders'],
    ...(extra as any),
  });
const pipeline = (stack: TerraformStack, extra: Record<string, unknown> = {}) =>
  new RealtimePipeline(stack, 'Pipe', {
    cluster: cluster(),
    kubernetes: { namespace: 'streaming', flinkStateStorageUri: 's3://state/pipe' },
    disableLock: true,
    ...(extra as any),
  });
const columns = [
  { name: 'order_id', type: SqlType.bigint(), notNull: true },
  { name: 'event_time', type: SqlType.timestamp(3) },
];
const latest = (stack: TerraformStack, extra: Record<string, unknown>) => {
  const p = pipeline(stack);
  const store = p.addCdcSource('store', mysql());
  return Stream.latestByKey({ from: store.table('store.orders'), columns, key: ['order_id'], eventTime: 'event_time', ...(extra as any) });
};
const sli = () => Sli.flinkEventTimeLag({ jobName: 'orders' });

const CASES: Array<[string, (stack: TerraformStack) => unknown, RegExp]> = [
  ['a string environment', (s) => pipeline(s, { environment: 'prod' }), /\[plain-js\/Pipe\] environment must be a PipelineEnvironment \(PipelineEnvironment\.production\(\).*\(got "prod" \(a string\)\)/],
  ['a string delivery', (s) => pipeline(s, { delivery: 'gitops' }), /\[plain-js\/Pipe\] delivery must be a Delivery \(Delivery\.terraform\(\) or Delivery\.gitOps\(\{…\}\)\) \(got "gitops" \(a string\)\)/],
  ['a string connector target', (s) => pipeline(s, { connectorTarget: 'strimzi' }), /\[plain-js\/Pipe\] connectorTarget must be a ConnectorTarget .*\(got "strimzi" \(a string\)\)/],
  ['an options object for a Flink target', (s) => pipeline(s, { flinkTarget: { namespace: 'x' } }), /\[plain-js\/Pipe\] flinkTarget must be a FlinkTarget .*\(got \{"namespace":"x"\} \(a plain object\)\)/],
  ['milliseconds for a checkpoint interval', (s) => pipeline(s, { checkpointInterval: 10000 }), /\[plain-js\/Pipe\] checkpointInterval must be a Duration .*\(got 10000 \(a number\)\)/],
  ['a string Flink version', (s) => pipeline(s, { kubernetes: { namespace: 'streaming', flinkVersion: '1.20' } }), /\[plain-js\/Pipe\] kubernetes\.flinkVersion must be a FlinkVersion .*\(got "1\.20" \(a string\)\)/],
  ['a bootstrap string for a cluster', (s) => pipeline(s, { cluster: 'kafka:9092' }), /\[plain-js\/Pipe\] cluster must be KafkaCluster\.selfManaged\(\) or KafkaCluster\.confluentCloud\(\) \(got "kafka:9092" \(a string\)\)/],
  ['a props object for a CDC source', (s) => pipeline(s).addCdcSource('store', js({ hostname: 'h' })), /\[plain-js\/Pipe\] addCdcSource\("store"\) must be a CdcSource .*\(a plain object\)/],
  ['a props object for a stream', (s) => pipeline(s).addStream('orders', js({ key: ['id'] })), /\[plain-js\/Pipe\] addStream\("orders"\) must be a Stream .*\(a plain object\)/],
  ['days for a binlog retention', () => mysql({ binlogRetention: 7 }), /\[CdcSource\.mysql\] binlogRetention must be a Duration .*\(got 7 \(a number\)\)/],
  ['gigabytes for a WAL size', () => CdcSource.postgres({ hostname: 'pg', user: 'debezium', password: Secret.fromKubernetesSecret('pg', 'password'), database: 'shop', tables: ['public.orders'], maxSlotWalKeepSize: js(50) }), /\[CdcSource\.postgres\] maxSlotWalKeepSize must be a Size .*\(got 50 \(a number\)\)/],
  ['column names for column masks', () => mysql({ columnMasks: ['store.orders.email'] }), /\[CdcSource\.mysql\] columnMasks\[0\] must be a ColumnMask .*\(got "store\.orders\.email" \(a string\)\)/],
  ['milliseconds for a topic retention', (s) => new Topic(s, 'T', { cluster: cluster(), topicName: 't', retention: js(86_400_000) }), /\[plain-js\/T\] retention must be a Duration .*\(got 86400000 \(a number\)\)/],
  ['bytes for a topic size', (s) => new Topic(s, 'T', { cluster: cluster(), topicName: 't', retentionBytes: js(1024) }), /\[plain-js\/T\] retentionBytes must be a Size .*\(got 1024 \(a number\)\)/],
  ['milliseconds for a segment', (s) => new Topic(s, 'T', { cluster: cluster(), topicName: 't', segment: js('1h') }), /\[plain-js\/T\] segment must be a Duration .*\(got "1h" \(a string\)\)/],
  ['bytes for a message size', (s) => new Topic(s, 'T', { cluster: cluster(), topicName: 't', maxMessageSize: js(1_000_000) }), /\[plain-js\/T\] maxMessageSize must be a Size .*\(got 1000000 \(a number\)\)/],
  ['days for a dead-letter retention', (s) => new DeadLetterTopic(s, 'D', { cluster: cluster(), source: 'orders', retention: js(14) }), /\[plain-js\/D\] retention must be a Duration .*\(got 14 \(a number\)\)/],
  ['milliseconds for a watermark delay', (s) => latest(s, { watermarkDelay: 5000 }), /\[Stream\.latestByKey\] watermarkDelay must be a Duration .*\(got 5000 \(a number\)\)/],
  ['a string for a stream retention', (s) => latest(s, { retention: '2d' }), /\[Stream\.latestByKey\] retention must be a Duration .*\(got "2d" \(a string\)\)/],
  ['strings for expectations', (s) => latest(s, { expectations: [Expectation.notNull('order_id'), 'order_id IS NOT NULL'] }), /\[Stream\.latestByKey\] expectations\[1\] must be an Expectation .*\(got "order_id IS NOT NULL" \(a string\)\)/],
  ['schema text for a schema', (s) => latest(s, { schema: '{"type":"record"}' }), /\[Stream\.latestByKey\] schema must be a SchemaDefinition .*\(a string\)/],
  ['an unknown compatibility', (s) => latest(s, { compatibility: 'SIDEWAYS' }), /\[Stream\.latestByKey\] compatibility must be a Compatibility \(Compatibility\.BACKWARD.*\(got "SIDEWAYS"\)/],
  ['milliseconds for a window', (s) => {
    const store = pipeline(s).addCdcSource('store', mysql());
    return Stream.windowAggregate({ from: store.table('store.orders'), columns, eventTime: 'event_time', window: js(60_000), aggregates: [] });
  }, /\[Stream\.windowAggregate\] window must be a WindowSpec .*\(got 60000 \(a number\)\)/],
  ['a string SLO period', () => Slo.freshness({ name: 'f', objective: 0.99, threshold: Duration.seconds(30), sli: sli(), period: js('30d') }), /\[Slo\(f\)\] period must be an SloPeriod .*\(got "30d" \(a string\)\)/],
  ['minutes for a missing-data window', () => Slo.freshness({ name: 'f', objective: 0.99, threshold: Duration.seconds(30), sli: sli(), missingDataAfter: js(10) }), /\[Slo\(f\)\] missingDataAfter must be a Duration .*\(got 10 \(a number\)\)/],
  ['a string alert hold', (s) => new SloAlertRules(s, 'R', { slos: [], systemAlerts: { groupName: 'sys', flinkJobs: ['j'], for: js('5m') } }), /\[plain-js\/R\] systemAlerts\.for must be a Duration .*\(got "5m" \(a string\)\)/],
  ['names for SLOs', (s) => new SloAlertRules(s, 'R', { slos: js(['orders-fresh']) }), /\[plain-js\/R\] slos\[0\] must be an Slo .*\(got "orders-fresh" \(a string\)\)/],
  ['SLO names for the rule renderer', () => SloRules.forSlos(js(['orders-fresh']), 'shop'), /\[SloRules\.forSlos\] slos\[0\] must be an Slo .*\(got "orders-fresh" \(a string\)\)/],
  ['seconds for a system alert hold in the renderer', () => SloRules.systemAlerts({ groupName: 'sys', flinkJobs: ['j'], for: js(300) }), /\[SloRules\.systemAlerts\] systemAlerts\.for must be a Duration .*\(got 300 \(a number\)\)/],
  ['an SLO name for OpenSLO export', () => OpenSlo.render(js('orders-fresh')), /\[OpenSlo\.render\] slos must be a list, each an Slo .*\(got "orders-fresh"\)/],
  ['a connector name for a CdcTable', () => new CdcTable('store', js('store-cdc'), 'store.orders'), /\[CdcTable\] connector must be a DebeziumConnector .*\(got "store-cdc" \(a string\)\)/],
  ['milliseconds for a freshness threshold', () => FreshnessBudget.evaluate('f', js(30000), []), /\[FreshnessBudget\.evaluate\] threshold must be a Duration .*\(got 30000 \(a number\)\)/],
  ['milliseconds for a hop delay', () => FreshnessBudget.evaluate('f', Duration.seconds(30), js([{ stage: 's', setting: 'x', delay: 5000 }])), /hops\[0\]\.delay must be a Duration .*\(got 5000 \(a number\)\)/],
  ['a topic name for a subject\'s topic', (s) => new SchemaSubject(s, 'Subject', { cluster: cluster(), topic: js('shop.orders'), schema: SchemaDefinition.avro('"string"') }), /\[plain-js\/Subject\] topic must be an ITopic .*\(got "shop\.orders" \(a string\)\)\. Fix: pass the Topic construct/],
  ['plugin names for Connect plugins', (s) => new StrimziKafkaConnect(s, 'C', { cluster: cluster(), name: 'connect', namespace: 'streaming', image: 'r/i:1', plugins: js(['debezium-mysql']) }), /\[plain-js\/C\] plugins\[0\] must be a ConnectPlugin .*\(got "debezium-mysql" \(a string\)\)/],
  ['a string Delivery.use', (s) => Delivery.use(s, js('terraform')), /delivery must be a Delivery .*\(got "terraform" \(a string\)\)/],
  ['an unknown change event format', (s) => new DebeziumConnector(s, 'Cdc', { source: mysql(), cluster: cluster(), target: ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' }), format: js('protobuf') }), /\[plain-js\/Cdc\] format must be a ChangeEventFormat \(ChangeEventFormat\.AVRO.*\(got "protobuf"\)/],
];

describe('plain JavaScript values where a library class belongs', () => {
  test.each(CASES)('%s is refused at the boundary with path, setting and value', (_name, build, message) => {
    const stack = new TerraformStack(Testing.app(), 'plain-js');
    let error: unknown;
    try {
      build(stack);
      Testing.synth(stack, true);
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    // Not a TypeError message wrapped in something else.
    expect((error as Error).message).not.toMatch(/is not a function|Cannot read properties/);
  });

  test('a string environment no longer drops prevent_destroy silently: the right value still protects the table topics', () => {
    const stack = new TerraformStack(Testing.app(), 'plain-js');
    const p = pipeline(stack, { environment: PipelineEnvironment.production() });
    p.addCdcSource('store', mysql());
    const tf = JSON.parse(Testing.synth(stack, true));
    const topics = Object.values<any>(tf.resource.kafka_topic).filter((t) => String(t.name).startsWith('store.store.') && t.config?.['cleanup.policy'] === 'compact');
    expect(topics.length).toBeGreaterThan(0);
    for (const t of topics) expect(t.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('the ChangeEventFormat check accepts the enum members', () => {
    const stack = new TerraformStack(Testing.app(), 'plain-js');
    expect(() => new DebeziumConnector(stack, 'Cdc', { source: mysql(), cluster: cluster(), target: ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' }), format: ChangeEventFormat.JSON })).not.toThrow();
  });
});
