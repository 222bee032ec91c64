import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import {
  AggregateFunction, CdcSource, ConnectorTarget, Duration, FlinkTarget, KafkaCluster, RealtimePipeline, Secret, SqlType, Stream, WindowSpec,
} from '../../lib';
import { defineExamples } from '../../stacks/examples';

/**
 * On Confluent Cloud a table over a topic Terraform creates is one catalog object: its shape
 * (options, metadata columns, watermark) is set once with ALTER TABLE, after the topic and the
 * connector exist, whichever jobs read it.
 */

function statements(tf: any): any[] {
  return Object.values<any>(tf.resource.confluent_flink_statement ?? {});
}

describe('Confluent Cloud tables over Terraform topics', () => {
  test('two streams of one CDC table: the table is altered once, the second job waits for it', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cc-tables-')) });
    const stacks = defineExamples(app, { lockDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'locks-')) });
    const tf = JSON.parse(Testing.synth(stacks.find((s) => s.node.id === 'payments-fraud-prod')!));
    const all = statements(tf);
    const adds = all.filter((s) => /^ALTER TABLE `payments\.public\.payments` ADD \(`kafka_offset`/.test(s.statement));
    expect(adds).toHaveLength(1);
    expect(all.filter((s) => /^CREATE TABLE IF NOT EXISTS `payments\.public\.payments`/.test(s.statement))).toEqual([]);
    const byName = new Map(all.map((s) => [s.statement_name, s]));
    const firstOptions = byName.get('payments-payments-latest-ddl-public-payments-options');
    // after the CDC topic and the connector that registers its schemas
    expect(firstOptions.depends_on).toEqual(expect.arrayContaining([
      expect.stringMatching(/^confluent_kafka_topic\.Payments_payments_Table-publicpayments_/),
      expect.stringMatching(/^confluent_connector\.Payments_payments_Connector_/),
    ]));
    const spendFirst = byName.get('payments-card-spend-per-minute-ddl-card-spend-per-minute-options');
    expect(spendFirst.depends_on).toEqual(expect.arrayContaining([
      expect.stringMatching(/^confluent_kafka_topic\.Payments_stream-card_spend_per_minute_Topic_/),
      expect.stringMatching(/^confluent_flink_statement\.Payments_stream-payments_latest_Job_Ddl-public_payments_watermark_/),
    ]));
  });

  test('two streams that would shape one table differently are refused', () => {
    const stack = new TerraformStack(Testing.app(), 'cc');
    const cluster = KafkaCluster.confluentCloud({
      environmentId: 'env-7qv2p',
      clusterId: 'lkc-9x3k1',
      restEndpoint: 'https://pkc-9x3k1.eu-central-1.aws.confluent.cloud:443',
      bootstrapEndpoint: 'SASL_SSL://pkc-9x3k1.eu-central-1.aws.confluent.cloud:9092',
      apiKey: Secret.fromTerraformVariable('k'),
      apiSecret: Secret.fromTerraformVariable('s'),
    });
    const p = new RealtimePipeline(stack, 'Pay', {
      cluster,
      connectorTarget: ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-9k2m4q' }),
      flinkTarget: FlinkTarget.confluentCloud({
        organizationId: '2f9c2b55-3f1e-4a8e-9c39-5b1f3f0f6d21',
        environmentId: 'env-7qv2p',
        computePoolId: 'lfcp-8m4v2q',
        principalId: 'sa-3n7w1x',
        restEndpoint: 'https://flink.eu-central-1.aws.confluent.cloud',
        apiKey: Secret.fromTerraformVariable('fk'),
        apiSecret: Secret.fromTerraformVariable('fs'),
        database: 'lkc-9x3k1',
      }),
      disableLock: true,
    });
    const src = p.addCdcSource('pay', CdcSource.postgres({ hostname: 'db.internal', database: 'pay', user: 'u', password: Secret.fromTerraformVariable('pw'), tables: ['public.payments'] }));
    const columns = [
      { name: 'payment_id', type: SqlType.bigint(), notNull: true },
      { name: 'card_id', type: SqlType.bigint() },
      { name: 'event_time', type: SqlType.timestampLtz(3) },
    ];
    p.addStream('latest', Stream.latestByKey({ from: src.table('public.payments'), columns, key: ['payment_id'], eventTime: 'event_time', watermarkDelay: Duration.seconds(10) }));
    expect(() => p.addStream('per_minute', Stream.windowAggregate({
      from: src.table('public.payments'),
      columns,
      eventTime: 'event_time',
      watermarkDelay: Duration.seconds(30),
      window: WindowSpec.tumble(Duration.minutes(1)),
      groupBy: ['card_id'],
      aggregates: [{ name: 'payments', function: AggregateFunction.COUNT }],
    }))).toThrow(
      /\[cc\/Pay\/stream-per_minute\/Job\] tables\[pay\.public\.payments\] must be shaped as cc\/Pay\/stream-latest\/Job shapes it.*Fix: declare the table alike in every job that reads it/,
    );
  });
});
