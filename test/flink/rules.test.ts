import { TerraformStack, Testing } from 'cdktf';
import { ordersLatestSink, ordersSource, revenuePerMinute, seedDedup } from './fixtures';
import {
  Checkpointing, DeliveryGuarantee, Duration, FlinkSqlJob, FlinkStatement, FlinkTable, FlinkTarget, KafkaCluster, RuleLevel, SqlType, Topic,
  UpgradeMode,
} from '../../lib';
import { FLINK_RULES } from '../../lib/flink/rules';

const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['kafka:9092'] });
const target = FlinkTarget.kubernetes({ namespace: 'streaming', stateStorageUri: 's3://state/flink' });
const prod = { production: true };

function job(props: any = {}): FlinkSqlJob {
  const stack = new TerraformStack(Testing.app(), 'prod');
  const { dlq, ...rest } = props;
  return new FlinkSqlJob(stack, 'Job', {
    statements: [seedDedup()],
    target,
    cluster,
    checkpointing: Checkpointing.every(Duration.seconds(10)),
    deadLetterTopic: dlq === false ? undefined : Topic.fromName(stack, 'Dlq', 'dlq-job', cluster),
    ...rest,
  });
}

function rule(id: string) {
  const r = FLINK_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

test('rules have stable unique ids, a level, an explanation and a fix, and ignore other constructs', () => {
  expect(FLINK_RULES.map((r) => r.id)).toEqual(['RP-FLINK-1', 'RP-FLINK-2', 'RP-FLINK-3', 'RP-FLINK-4', 'RP-FLINK-5', 'RP-FLINK-6', 'RP-FLINK-7', 'RP-FLINK-8']);
  const stack = new TerraformStack(Testing.app(), 'x');
  for (const r of FLINK_RULES) {
    expect([RuleLevel.ERROR, RuleLevel.WARNING]).toContain(r.level);
    expect(r.explanation.length).toBeGreaterThan(20);
    expect(r.fix.length).toBeGreaterThan(5);
    expect(r.check(stack, prod).applicable).toBe(false);
  }
});

describe('RP-FLINK-1 exactly-once sink without checkpointing', () => {
  const orders = () => ordersSource();
  test('non-compliant when checkpointing is disabled', () => {
    const r = rule('RP-FLINK-1').check(job({ statements: [revenuePerMinute(orders())], checkpointing: Checkpointing.disabled(), upgradeMode: UpgradeMode.SAVEPOINT }), prod);
    expect(r.isNonCompliant).toBe(true);
    expect(r.finding).toContain('revenue_per_minute');
  });
  test('compliant with checkpointing', () => {
    expect(rule('RP-FLINK-1').check(job({ statements: [revenuePerMinute(orders())] }), prod).isNonCompliant).toBe(false);
    expect(rule('RP-FLINK-1').check(job({ statements: [revenuePerMinute(orders())] }), prod).applicable).toBe(true);
  });
});

describe('RP-FLINK-2 upsert sink without primary key', () => {
  const raw = (ddlPk: string) => [
    FlinkStatement.sql(
      `CREATE TABLE latest (order_id BIGINT, amount DECIMAL(12, 2)${ddlPk}) WITH ('connector' = 'upsert-kafka', 'topic' = 'latest', 'key.format' = 'json', 'value.format' = 'json')`,
    ),
    FlinkStatement.sql('INSERT INTO latest SELECT order_id, amount FROM orders', { reads: [ordersSource()] }),
  ];
  test('non-compliant for hand-written upsert DDL without PRIMARY KEY', () => {
    const j = job({ statements: raw('') });
    expect(j.model.ddlStatements[j.model.ddlStatements.length - 1]).toMatch(/^CREATE TABLE latest \(/);
    expect(j.model.dmlStatement).not.toContain('CREATE TABLE');
    const r = rule('RP-FLINK-2').check(j, prod);
    expect(r.isNonCompliant).toBe(true);
    expect(r.finding).toBe('upsert sink latest has no PRIMARY KEY');
  });
  test('compliant with PRIMARY KEY … NOT ENFORCED', () => {
    const j = job({ statements: raw(', PRIMARY KEY (order_id) NOT ENFORCED') });
    expect(j.model.sinks.find((s) => s.tableName === 'latest')!.primaryKey).toEqual(['order_id']);
    expect(rule('RP-FLINK-2').check(j, prod).isNonCompliant).toBe(false);
  });
});

describe('RP-FLINK-3 event-time source without watermark', () => {
  test('non-compliant when a stateful statement reads a source without watermark', () => {
    const src = ordersSource({ watermark: false });
    const st = FlinkStatement.sql('INSERT INTO `orders_latest` SELECT * FROM `orders` GROUP BY `order_id`', { reads: [src], writes: [ordersLatestSink()] });
    const r = rule('RP-FLINK-3').check(job({ statements: [st] }), prod);
    expect(r.isNonCompliant).toBe(true);
    expect(r.finding).toBe('source orders has no watermark');
  });
  test('not applicable to latest-by-key over a change stream: the changelog is already the latest row per key, no event-time order', () => {
    const st = FlinkStatement.latestByKey({ from: ordersSource({ watermark: false }), into: ordersLatestSink(), orderBy: 'event_time' });
    expect(rule('RP-FLINK-3').check(job({ statements: [st] }), prod).applicable).toBe(false);
  });
  test('compliant with a watermark', () => {
    expect(rule('RP-FLINK-3').check(job(), prod).isNonCompliant).toBe(false);
  });
});

describe('RP-FLINK-4 watermark delay vs freshness threshold', () => {
  const windowed = (freshnessThreshold?: Duration) => job({ statements: [revenuePerMinute(ordersSource())], freshnessThreshold });
  test('non-compliant when a window waits for a watermark delay that reaches the threshold', () => {
    const r = rule('RP-FLINK-4').check(windowed(Duration.seconds(5)), prod);
    expect(r.isNonCompliant).toBe(true);
    expect(r.finding).toBe('watermark delay of orders.event_time is 5s, freshness threshold 5s');
  });
  test('compliant below the threshold; not applicable without one, or to latest-by-key, which emits each change at once', () => {
    expect(rule('RP-FLINK-4').check(windowed(Duration.seconds(30)), prod).isNonCompliant).toBe(false);
    expect(rule('RP-FLINK-4').check(windowed(), prod).applicable).toBe(false);
    expect(rule('RP-FLINK-4').check(job({ freshnessThreshold: Duration.seconds(5) }), prod).applicable).toBe(false);
  });
});

describe('RP-FLINK-5 gated stream without DLQ', () => {
  test('non-compliant without a dead-letter topic', () => {
    const r = rule('RP-FLINK-5').check(job({ dlq: false }), prod);
    expect(r.isNonCompliant).toBe(true);
    expect(r.finding).toBe('2 expectation(s) but no dead-letter topic');
  });
  test('compliant with one', () => {
    expect(rule('RP-FLINK-5').check(job(), prod).isNonCompliant).toBe(false);
  });
});

describe('RP-FLINK-6 very large checkpoint interval', () => {
  test('non-compliant above 10 minutes', () => {
    const r = rule('RP-FLINK-6').check(job({ checkpointing: Checkpointing.every(Duration.minutes(30)) }), prod);
    expect(r.isNonCompliant).toBe(true);
    expect(r.finding).toBe('checkpoint interval is 30m');
  });
  test('compliant at 10 seconds', () => {
    expect(rule('RP-FLINK-6').check(job(), prod).isNonCompliant).toBe(false);
  });
});

describe('RP-FLINK-7 stateless upgrades of a stateful job', () => {
  test('non-compliant in production', () => {
    const r = rule('RP-FLINK-7').check(job({ upgradeMode: UpgradeMode.STATELESS }), prod);
    expect(r.isNonCompliant).toBe(true);
  });
  test('compliant with savepoint upgrades; not applicable outside production or for stateless SQL', () => {
    expect(rule('RP-FLINK-7').check(job(), prod).isNonCompliant).toBe(false);
    expect(rule('RP-FLINK-7').check(job({ upgradeMode: UpgradeMode.STATELESS }), { production: false }).applicable).toBe(false);
    const passThrough = FlinkStatement.sql('INSERT INTO raw_out SELECT a FROM raw_in', {
      reads: [FlinkTable.cdcSource({ name: 'raw_in', topicName: 'raw-in', columns: [{ name: 'a', type: SqlType.int() }] })],
      writes: [FlinkTable.appendSink({ name: 'raw_out', topicName: 'raw-out', columns: [{ name: 'a', type: SqlType.int() }], deliveryGuarantee: DeliveryGuarantee.AT_LEAST_ONCE })],
    });
    expect(rule('RP-FLINK-7').check(job({ statements: [passThrough], upgradeMode: UpgradeMode.STATELESS }), prod).applicable).toBe(false);
  });
});

describe('RP-FLINK-8 the upstream Flink image in production', () => {
  const k8s = (image?: string) => FlinkTarget.kubernetes({ namespace: 'streaming', stateStorageUri: 's3://b/flink', image });
  test('non-compliant without an image (flink:<version>) or with the upstream image by any of its names', () => {
    const r = rule('RP-FLINK-8').check(job({ target: k8s() }), prod);
    expect(r.isNonCompliant).toBe(true);
    expect(r.finding).toBe('image flink:1.20 is the upstream Flink image (no SQL runner, no Kafka connector)');
    for (const image of ['flink:1.20.3-java17', 'docker.io/library/flink:2.2.0', 'apache/flink:1.20.3', 'flink']) {
      expect(rule('RP-FLINK-8').check(job({ target: k8s(image) }), prod).isNonCompliant).toBe(true);
    }
  });
  test('compliant with an image of its own; not applicable outside production', () => {
    expect(rule('RP-FLINK-8').check(job({ target: k8s('registry.example.com/streaming/flink-sql-runner:1.20.3') }), prod).isNonCompliant).toBe(false);
    expect(rule('RP-FLINK-8').check(job({ target: k8s('registry.example.com/flink:1.20') }), prod).isNonCompliant).toBe(false);
    expect(rule('RP-FLINK-8').check(job({ target: k8s() }), { production: false }).applicable).toBe(false);
  });
});
