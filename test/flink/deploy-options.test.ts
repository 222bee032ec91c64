import { TerraformStack, Testing } from 'cdktf';
import { FlinkSQL } from 'dt-sql-parser';
import { ordersLatestSink, ordersSource, revenuePerMinute } from './fixtures';
import {
  Checkpointing, ConnectorTarget, DebeziumConnector, DebeziumFormat, DecimalHandlingMode, Duration, Expectation, FlinkSqlJob, FlinkStatement,
  FlinkTable,
  FlinkTarget, FlinkVersion, KafkaCluster, Secret, SqlType, UpgradeMode, WindowSpec, AggregateFunction, CdcSource, Topic,
} from '../../lib';
import { renderJobSql, sqlInterval, SqlDialect, SqlScriptInput } from '../../lib/flink/private/sql';
import { FlinkStatement as FlinkStatementResource } from '../../lib/providers/confluent/flink-statement';
import { expectTerraformConforms, kubernetesManifests, synthJson } from '../helpers';

// Option combinations the Flink Kubernetes Operator, the Flink planner or Confluent Cloud refuse at
// deploy time, or that run and compute wrong rows (issue 14, items 4 and 5). Each test names the
// upstream rule it mirrors.

const parser = new FlinkSQL();
function expectParses(sql: string) {
  expect(parser.validate(sql).map((e: any) => `${e.startLine}:${e.startColumn} ${e.message}`)).toEqual([]);
}

const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0:9092'], schemaRegistryUrl: 'http://registry:8081' });
const k8s = (extra: Partial<Parameters<typeof FlinkTarget.kubernetes>[0]> = {}) =>
  FlinkTarget.kubernetes({ namespace: 'streaming', stateStorageUri: 's3://state/flink', ...extra });
const newStack = () => new TerraformStack(Testing.app(), 'retail-prod');

describe('interval literals', () => {
  // Calcite's default interval leading precision is 2 (Flink's FlinkTypeSystem keeps it):
  // `INTERVAL '120' SECOND` fails with "Interval field value 120 exceeds precision of SECOND(2)
  // field" — seen on Flink 1.20.3 and 2.2.0 (EXPLAIN through the rehearsal's SQL runner), where
  // `INTERVAL '120' SECOND(3)`, `INTERVAL '150' MINUTE(3)` and `INTERVAL '100.500' SECOND(3, 3)` plan.
  test('carries the leading precision from 100 on', () => {
    expect(sqlInterval(Duration.seconds(5))).toBe("INTERVAL '5' SECOND");
    expect(sqlInterval(Duration.seconds(99))).toBe("INTERVAL '99' SECOND");
    expect(sqlInterval(Duration.seconds(130))).toBe("INTERVAL '130' SECOND(3)");
    expect(sqlInterval(Duration.seconds(120))).toBe("INTERVAL '2' MINUTE");
    expect(sqlInterval(Duration.minutes(150))).toBe("INTERVAL '150' MINUTE(3)");
    expect(sqlInterval(Duration.minutes(2))).toBe("INTERVAL '2' MINUTE");
    expect(sqlInterval(Duration.millis(250))).toBe("INTERVAL '0.250' SECOND");
    expect(sqlInterval(Duration.millis(100_500))).toBe("INTERVAL '100.500' SECOND(3, 3)");
    expect(sqlInterval(Duration.days(1000))).toBe("INTERVAL '1000' DAY(4)");
  });

  test('watermarks, windows and freshness checks render the precision, and the script parses', () => {
    const source = FlinkTable.cdcSource({
      name: 'orders',
      topicName: 'store.store.orders',
      columns: ordersSource().columns,
      eventTime: 'event_time',
      watermarkDelay: Duration.seconds(130),
    });
    const windowed = revenuePerMinute(source);
    const hourly = FlinkStatement.windowAggregate({
      from: source,
      into: FlinkTable.appendSink({ name: 'hourly', topicName: 'hourly', columns: windowed.into!.columns }),
      window: WindowSpec.hop(Duration.minutes(10), Duration.minutes(150)),
      groupBy: ['status'],
      aggregates: windowed._windowed!.aggregates,
      expectations: [Expectation.freshness('event_time', Duration.seconds(301))],
    });
    const sql = renderJobSql({
      path: 'prod/Job', jobName: 'j', dialect: SqlDialect.APACHE_FLINK, bootstrapServers: 'k:9092', statements: [hourly], deadLetter: { topicName: 'dlq' },
    }).script;
    expect(sql).toContain("WATERMARK FOR `event_time` AS `event_time` - INTERVAL '130' SECOND(3)");
    expect(sql).toContain("HOP(TABLE `hourly_checked`, DESCRIPTOR(`event_time`), INTERVAL '10' MINUTE, INTERVAL '150' MINUTE(3))");
    expect(sql).toContain("INTERVAL '301' SECOND(3)");
    // Not parsed with dt-sql-parser here: its grammar lacks the `UNIT(p)` interval qualifier that
    // Flink (Calcite) requires from 100 on; the forms above were planned on Flink 1.20.3 and 2.2.0.
  });
});

describe('checkpoint directory for savepoint upgrades', () => {
  // apache/flink-kubernetes-operator release-1.15.0, DefaultValidator.java validateJobSpec:
  // "Checkpoint directory[...] must be defined for last-state and savepoint upgrade modes".
  test('renders the checkpoint directory with checkpointing disabled, so the operator accepts a savepoint-upgraded job', () => {
    const stack = newStack();
    const job = new FlinkSqlJob(stack, 'OrdersLatest', {
      statements: [FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink() })],
      cluster,
      checkpointing: Checkpointing.disabled(),
      upgradeMode: UpgradeMode.SAVEPOINT,
      target: k8s(),
    });
    expect(job.model.flinkConfiguration['execution.checkpointing.dir']).toBe('s3://state/flink/checkpoints/orders-latest');
    expect(job.model.flinkConfiguration['execution.checkpointing.savepoint-dir']).toBe('s3://state/flink/savepoints/orders-latest');
    expect(job.model.flinkConfiguration['execution.checkpointing.interval']).toBeUndefined();
    const deployment = kubernetesManifests(synthJson(stack)).find((m) => m.kind === 'FlinkDeployment');
    expect(deployment.spec.flinkConfiguration['execution.checkpointing.dir']).toBe('s3://state/flink/checkpoints/orders-latest');
  });

  test('refuses a configuration override that blanks the directory the operator requires', () => {
    expect(() => new FlinkSqlJob(newStack(), 'OrdersLatest', {
      statements: [FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink() })],
      cluster,
      checkpointing: Checkpointing.disabled(),
      flinkConfiguration: { 'execution.checkpointing.dir': '' },
      target: k8s(),
    })).toThrow(/\[retail-prod\/OrdersLatest\] flinkConfiguration must be a configuration the Flink Kubernetes Operator accepts: it needs a checkpoint directory .* for upgradeMode savepoint/);
  });
});

describe('window aggregates over a change stream', () => {
  // FLINK-20281 (apache/flink#24030, released in 1.19.0): window TVF aggregates consume update and
  // delete changes; before, "StreamPhysicalWindowAggregate doesn't support consuming update and
  // delete changes".
  const job = (version: FlinkVersion) => new FlinkSqlJob(newStack(), 'Revenue', {
    statements: [revenuePerMinute()],
    cluster,
    version,
    checkpointing: Checkpointing.every(Duration.seconds(10)),
    target: k8s(),
  });

  test('refuses Flink 1.18 for a window over a Debezium source', () => {
    expect(() => job(FlinkVersion.V1_18)).toThrow(
      /\[retail-prod\/Revenue\] version must be at least 1.19 for a window aggregate over a Debezium change stream \(revenue_per_minute\).*\(got "1.18"\)/,
    );
  });

  test('accepts 1.19 and later', () => {
    expect(job(FlinkVersion.V1_19).model.version.version).toBe('1.19');
    expect(job(FlinkVersion.V2_2).model.version.version).toBe('2.2');
  });
});

describe('decimals sent as strings with Avro', () => {
  // Avro 1.11 specification, "Schema Resolution": string is promotable to bytes; Flink reads with the
  // table's schema as reader schema (flink-avro RegistryAvroDeserializationSchema), so a DECIMAL
  // column (bytes + decimal logical type) over Debezium's decimal.handling.mode=string field
  // decodes the UTF-8 text as an unscaled integer. The column is read as STRING and cast.
  const avroOrders = (decimalHandling?: DecimalHandlingMode) => FlinkTable.cdcSource({
    name: 'orders',
    topicName: 'store.store.orders',
    format: DebeziumFormat.AVRO_CONFLUENT,
    columns: ordersSource().columns,
    eventTime: 'event_time',
    decimalHandling,
  });
  const render = (statements: FlinkStatement[], extra: Partial<SqlScriptInput> = {}) => renderJobSql({
    path: 'prod/Job',
    jobName: 'j',
    dialect: SqlDialect.APACHE_FLINK,
    bootstrapServers: 'k:9092',
    schemaRegistryUrl: 'http://r:8081',
    statements,
    deadLetter: { topicName: 'dlq' },
    ...extra,
  }).script;

  test('reads the DECIMAL column as STRING and casts it back in gates, inserts, aggregates and dead letters', () => {
    const source = avroOrders(DecimalHandlingMode.STRING);
    const latest = FlinkStatement.latestByKey({ from: source, into: ordersLatestSink(), expectations: [Expectation.between('amount', 0, 1_000_000)] });
    const sql = render([latest, revenuePerMinute(source)]);
    expect(sql).toContain('`amount` STRING,');
    expect(sql).not.toContain('`amount` DECIMAL(12, 2),\n  `status` STRING,\n  `event_time` TIMESTAMP(3),\n  `kafka_timestamp`');
    expect(sql).toContain('CAST(`s`.`amount` AS DECIMAL(12, 2)) AS `amount`');
    expect(sql).toContain('WHEN CAST(`s`.`amount` AS DECIMAL(12, 2)) IS NOT NULL AND CAST(`s`.`amount` AS DECIMAL(12, 2)) NOT BETWEEN 0 AND 1000000');
    expect(sql).toContain('SUM(CAST(`amount` AS DECIMAL(12, 2))) AS `revenue`');
    expect(sql).toContain("KEY 'amount' VALUE CAST(`amount` AS DECIMAL(12, 2))");
    expectParses(sql);
  });

  test('keeps DECIMAL for precise decimals and for JSON (Flink\'s JSON formats parse decimal strings)', () => {
    const precise = render([FlinkStatement.latestByKey({ from: avroOrders(DecimalHandlingMode.PRECISE), into: ordersLatestSink() })]);
    expect(precise).toContain('`amount` DECIMAL(12, 2),');
    const json = render([FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink() })]);
    expect(json).toContain('`amount` DECIMAL(12, 2),');
  });

  test('takes the mode from the DebeziumConnector that writes the topic', () => {
    const stack = newStack();
    const connector = new DebeziumConnector(stack, 'Store', {
      cluster,
      source: CdcSource.mysql({
        hostname: 'mysql', user: 'debezium', password: Secret.fromKubernetesSecret('m', 'p'), serverId: 1, tables: ['store.orders'], topicPrefix: 'store',
      }),
      target: ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' }),
    });
    const table = FlinkTable.cdcSource({ name: 'orders', topic: connector.table('store.orders'), format: DebeziumFormat.AVRO_CONFLUENT, columns: ordersSource().columns });
    expect(table.decimalHandling).toBe(DecimalHandlingMode.STRING);
  });

  // Debezium with JsonConverter and decimal.handling.mode=precise writes the unscaled bytes as
  // base64 text, which Flink's JsonToRowDataConverters cannot parse into DECIMAL.
  test('refuses precise decimals on a debezium-json source with a DECIMAL column', () => {
    expect(() => FlinkTable.cdcSource({ name: 'orders', topicName: 't', columns: ordersSource().columns, decimalHandling: DecimalHandlingMode.PRECISE }))
      .toThrow(/\[FlinkTable\(orders\)\] decimalHandling must be string or double for a debezium-json source with DECIMAL column amount/);
  });
});

describe('Confluent Cloud tables over topics Terraform creates', () => {
  // Confluent Cloud infers a table from every topic and its Schema Registry schemas
  // (https://docs.confluent.io/cloud/current/flink/reference/statements/create-table.html,
  // "Inferred tables"): CREATE TABLE IF NOT EXISTS is then a no-op (our watermark and options are
  // lost) or, run before Terraform, creates the topic itself. ALTER TABLE shapes an inferred table
  // (https://docs.confluent.io/cloud/current/flink/reference/statements/alter-table.html).
  function build() {
    const stack = newStack();
    const cc = KafkaCluster.confluentCloud({
      environmentId: 'env-abc123',
      clusterId: 'lkc-abc123',
      restEndpoint: 'https://pkc-abc.eu-west-1.aws.confluent.cloud:443',
      bootstrapEndpoint: 'SASL_SSL://pkc-abc.eu-west-1.aws.confluent.cloud:9092',
      apiKey: Secret.fromTerraformVariable('kafka_api_key'),
      apiSecret: Secret.fromTerraformVariable('kafka_api_secret'),
      schemaRegistry: {
        id: 'lsrc-abc123',
        restEndpoint: 'https://psrc-abc.eu-west-1.aws.confluent.cloud',
        apiKey: Secret.fromTerraformVariable('sr_api_key'),
        apiSecret: Secret.fromTerraformVariable('sr_api_secret'),
      },
    });
    const connector = new DebeziumConnector(stack, 'Shop', {
      cluster: cc,
      source: CdcSource.postgres({
        hostname: 'pg', database: 'shop', user: 'debezium', password: Secret.fromTerraformVariable('pg'), tables: ['public.orders'], topicPrefix: 'shop',
      }),
      target: ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-abc123' }),
    });
    const sinkTopic = new Topic(stack, 'Latest', { cluster: cc, topicName: 'orders_latest', partitions: 6 });
    const from = FlinkTable.cdcSource({
      name: 'orders', topic: connector.table('public.orders'), format: DebeziumFormat.AVRO_CONFLUENT, columns: ordersSource().columns, eventTime: 'event_time',
    });
    const into = FlinkTable.upsertSink({ name: 'orders_latest', topic: sinkTopic, columns: ordersLatestSink().columns, primaryKey: ['order_id'] });
    const job = new FlinkSqlJob(stack, 'OrdersLatest', {
      statements: [FlinkStatement.latestByKey({ from, into })],
      target: FlinkTarget.confluentCloud({
        organizationId: '1111aaaa-11aa-11aa-11aa-111111aaaaaa',
        environmentId: 'env-abc123',
        computePoolId: 'lfcp-xyz789',
        principalId: 'sa-flink01',
        restEndpoint: 'https://flink.eu-central-1.aws.confluent.cloud',
        apiKey: Secret.fromTerraformVariable('flink_api_key'),
        apiSecret: Secret.fromTerraformVariable('flink_api_secret'),
        database: 'lkc-abc123',
      }),
    });
    return { stack, job, tf: synthJson(stack) };
  }

  test('alters the inferred tables instead of creating them', () => {
    const { job } = build();
    expect(job.model.ddlStatements.some((s) => s.startsWith('CREATE TABLE'))).toBe(false);
    expect(job.model.ddlStatements).toEqual([
      "ALTER TABLE `shop.public.orders` SET (\n  'changelog.mode' = 'retract',\n  'scan.startup.mode' = 'earliest-offset',\n  'value.format' = 'avro-debezium-registry'\n);",
      "ALTER TABLE `shop.public.orders` ADD (`kafka_timestamp` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL);",
      "ALTER TABLE `shop.public.orders` ADD (`kafka_partition` INT METADATA FROM 'partition' VIRTUAL);",
      "ALTER TABLE `shop.public.orders` ADD (`kafka_offset` BIGINT METADATA FROM 'offset' VIRTUAL);",
      "ALTER TABLE `shop.public.orders` MODIFY WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND;",
      "ALTER TABLE `orders_latest` SET (\n  'changelog.mode' = 'upsert',\n  'key.format' = 'json-registry',\n  'value.format' = 'json-registry'\n);",
    ]);
    // dt-sql-parser's grammar knows ALTER TABLE … SET but not ADD (… METADATA …) or MODIFY
    // WATERMARK (Flink 1.17+ syntax, FLIP-273, and Confluent's documented forms). Apache Flink
    // 1.20.3 runs the SET and ADD (… METADATA FROM 'offset' VIRTUAL) statements on a kafka table;
    // MODIFY WATERMARK needs an existing watermark there, which every Confluent Cloud table has
    // (the system watermark on $rowtime, per the alter-table page's examples).
    expectParses(job.model.ddlStatements[0]);
    expectParses(job.model.ddlStatements[5]);
    // The decimal the V2 connector sends as a string is cast back (see above).
    expect(job.model.dmlStatement).toContain('CAST(`amount` AS DECIMAL(12, 2)) AS `amount`');
  });

  test('waits for the topics and the connector before the first statement: one owner per topic', () => {
    const { job, tf } = build();
    expectTerraformConforms(tf);
    const byName = new Map(Object.values<any>(tf.resource.confluent_flink_statement).map((s) => [s.statement_name, s]));
    const first = byName.get((job.confluentStatements[0] as FlinkStatementResource).statementNameInput);
    expect(first.depends_on).toEqual(expect.arrayContaining([
      expect.stringMatching(/^confluent_kafka_topic\.Shop_Table-publicorders_/),
      expect.stringMatching(/^confluent_kafka_topic\.Latest_/),
      expect.stringMatching(/^confluent_connector\.Shop_Connector_/),
    ]));
  });

  test('keeps CREATE TABLE IF NOT EXISTS for a table whose topic Flink owns (named only)', () => {
    const sql = renderJobSql({
      path: 'p', jobName: 'j', dialect: SqlDialect.CONFLUENT_CLOUD, statements: [FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink() })],
    });
    expect(sql.ddl.map((d) => d.sql.split('\n')[0])).toEqual(['CREATE TABLE IF NOT EXISTS `store.store.orders` (', 'CREATE TABLE IF NOT EXISTS `orders_latest` (']);
  });
});

describe('the window fixture stays valid', () => {
  test('SqlType import is used', () => {
    expect(SqlType.decimal(12, 2).sql).toBe('DECIMAL(12, 2)');
    expect(AggregateFunction.SUM).toBe('SUM');
  });
});
