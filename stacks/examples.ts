import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import {
  AggregateFunction,
  CdcEngine,
  CdcSource,
  CleanupPolicy,
  Compatibility,
  ConnectPlugin,
  ConnectorTarget,
  DeadLetterTopic,
  Delivery,
  Duration,
  Expectation,
  FlinkTarget,
  FlinkVersion,
  KafkaCluster,
  PipelineEnvironment,
  RealtimePipeline,
  SaslMechanism,
  SchemaDefinition,
  SchemaSubject,
  Secret,
  SqlType,
  Stream,
  StrimziKafkaConnect,
  Topic,
  WindowSpec,
} from '../lib';

const SCHEMAS = path.join(__dirname, 'schemas');
/** Options of the example app. */
export interface ExampleOptions {
  /** Where the pipelines' lock files live (the committed `pipeline-locks/` unless a test says otherwise). */
  readonly lockDirectory?: string;
  /**
   * Watermark delay of the retail `orders_latest` stream (default 5 s). The rehearsal synthesizes a
   * second version with another delay and upgrades the running job to it from a savepoint.
   */
  readonly ordersWatermarkDelay?: Duration;
}
const RUNBOOKS = 'https://runbooks.example.com/streaming';
/** The counters the platform's row-parity reconciler exports (per `pipeline` and `stream`). */
const RECONCILER = {
  checkedMetric: 'realtime_pipeline_reconciliation_rows_checked_total',
  mismatchedMetric: 'realtime_pipeline_reconciliation_rows_mismatched_total',
};

/**
 * The example stacks, shared by `cdktf synth` (stacks/main.ts) and the test suite, so every example
 * that ships is also synthesized and checked by `npm test`.
 */
export function defineExamples(app: App, options: ExampleOptions = {}): TerraformStack[] {
  const locks = options.lockDirectory ?? path.join(__dirname, '..', 'pipeline-locks');
  return [
    retailInventory(app, locks, PipelineEnvironment.production(), options.ordersWatermarkDelay),
    logisticsShipments(app, locks),
    paymentsFraud(app, locks),
    platformTopics(app),
  ];
}

/**
 * The retail inventory pipeline: MySQL `store.orders`, `store.order_items`,
 * `store.inventory` → Debezium on Strimzi → Kafka → Flink dedup `orders_latest` with a quality
 * gate and a DLQ → SLOs. Kubernetes resources are delivered by Argo CD (GitOps); Terraform keeps
 * the topics.
 */
export function retailInventory(
  app: App,
  locks: string,
  environment = PipelineEnvironment.production(),
  ordersWatermarkDelay = Duration.seconds(5),
): TerraformStack {
  const stack = new TerraformStack(app, `retail-inventory-${environment.name}`);
  const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['retail-kafka-bootstrap.streaming:9092'], tls: false });

  const pipeline = new RealtimePipeline(stack, 'Inventory', {
    cluster,
    environment,
    kubernetes: {
      namespace: 'streaming',
      connectCluster: 'retail-connect',
      prometheusRuleLabels: { release: 'kps' },
      flinkStateStorageUri: 's3://retail-flink-state/inventory',
      flinkImage: 'registry.example.com/streaming/flink-sql-runner:1.20.3',
    },
    delivery: Delivery.gitOps({
      repoUrl: 'https://git.example.com/platform/streams.git',
      path: `deploy/retail-inventory-${environment.name}`,
      destinationNamespace: 'streaming',
    }),
    lock: { directory: locks },
  });

  // The Connect cluster the connectors run on, with the Debezium MySQL plugin built in.
  new StrimziKafkaConnect(pipeline, 'Connect', {
    cluster,
    name: 'retail-connect',
    namespace: 'streaming',
    replicas: environment.isProduction ? 3 : 1,
    plugins: [ConnectPlugin.debezium(CdcEngine.MYSQL, '3.1.2.Final')],
    image: 'registry.example.com/streaming/retail-connect:3.1.2',
  });

  const store = pipeline.addCdcSource(
    'store',
    CdcSource.mysql({
      hostname: 'mysql.retail.internal',
      user: 'debezium',
      password: Secret.fromKubernetesSecret('mysql-cdc', 'password'),
      serverId: 184054,
      tables: ['store.orders', 'store.order_items', 'store.inventory'],
    }),
  );

  const orders = pipeline.addStream(
    'orders_latest',
    Stream.latestByKey({
      from: store.table('store.orders'),
      columns: [
        { name: 'order_id', type: SqlType.bigint(), notNull: true },
        { name: 'customer_id', type: SqlType.bigint() },
        { name: 'amount', type: SqlType.decimal(12, 2) },
        { name: 'status', type: SqlType.string() },
        { name: 'event_time', type: SqlType.timestamp(3) },
      ],
      key: ['order_id'],
      eventTime: 'event_time',
      watermarkDelay: ordersWatermarkDelay,
      expectations: [
        Expectation.notNull('order_id'),
        Expectation.between('amount', 0, 1_000_000),
        Expectation.inSet('status', ['NEW', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED']),
      ],
      schema: SchemaDefinition.jsonSchemaFile(path.join(SCHEMAS, 'orders_latest.schema.json')),
      schemaHistoryDirectory: path.join(SCHEMAS, 'history', 'inventory.orders_latest-value'),
    }),
  );

  const runbookUrl = `${RUNBOOKS}/orders-latest`;
  const labels = { team: 'retail-data' };
  pipeline.addSlo(orders.freshnessSlo({ threshold: Duration.seconds(30), objective: 0.95, runbookUrl, labels }));
  pipeline.addSlo(orders.freshnessSlo({ threshold: Duration.seconds(120), objective: 0.99, runbookUrl, labels }));
  pipeline.addSlo(orders.completenessSlo({ within: Duration.minutes(2), objective: 0.995, runbookUrl, labels }));
  pipeline.addSlo(orders.accuracySlo({ reconciliationInterval: Duration.minutes(15), objective: 0.999, runbookUrl, ...RECONCILER, labels }));
  return stack;
}

/**
 * The Postgres variant of the retail pipeline, on Flink 2.2: Postgres `logistics.public.shipments`
 * → Debezium (pgoutput) on Strimzi → Kafka → Flink latest state per shipment with a quality gate
 * and a DLQ → SLOs, delivered by Argo CD.
 */
export function logisticsShipments(app: App, locks: string): TerraformStack {
  const stack = new TerraformStack(app, 'logistics-shipments-prod');
  const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['logistics-kafka-bootstrap.streaming:9092'], tls: false });
  const pipeline = new RealtimePipeline(stack, 'Logistics', {
    cluster,
    kubernetes: {
      namespace: 'streaming',
      connectCluster: 'logistics-connect',
      prometheusRuleLabels: { release: 'kps' },
      flinkStateStorageUri: 's3://logistics-flink-state/shipments',
      flinkImage: 'registry.example.com/streaming/flink-sql-runner:2.2.0',
      flinkVersion: FlinkVersion.V2_2,
    },
    delivery: Delivery.gitOps({
      repoUrl: 'https://git.example.com/platform/streams.git',
      path: 'deploy/logistics-shipments-prod',
      destinationNamespace: 'streaming',
    }),
    lock: { directory: locks },
  });
  new StrimziKafkaConnect(pipeline, 'Connect', {
    cluster,
    name: 'logistics-connect',
    namespace: 'streaming',
    replicas: 3,
    plugins: [ConnectPlugin.debezium(CdcEngine.POSTGRES, '3.1.2.Final')],
    image: 'registry.example.com/streaming/logistics-connect:3.1.2',
  });
  const db = pipeline.addCdcSource(
    'shipping',
    CdcSource.postgres({
      hostname: 'shipping-db.logistics.internal',
      database: 'logistics',
      user: 'debezium',
      password: Secret.fromKubernetesSecret('shipping-cdc', 'password'),
      tables: ['public.shipments'],
    }),
  );
  const shipments = pipeline.addStream(
    'shipments_latest',
    Stream.latestByKey({
      from: db.table('public.shipments'),
      columns: [
        { name: 'shipment_id', type: SqlType.bigint(), notNull: true },
        { name: 'order_id', type: SqlType.bigint() },
        { name: 'carrier', type: SqlType.string() },
        { name: 'weight_kg', type: SqlType.decimal(8, 2) },
        { name: 'status', type: SqlType.string() },
        { name: 'event_time', type: SqlType.timestamp(3) },
      ],
      key: ['shipment_id'],
      eventTime: 'event_time',
      watermarkDelay: Duration.seconds(5),
      expectations: [
        Expectation.notNull('carrier'),
        Expectation.between('weight_kg', 0, 30_000),
        Expectation.inSet('status', ['LABELLED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED', 'RETURNED']),
      ],
    }),
  );
  const runbookUrl = `${RUNBOOKS}/shipments-latest`;
  pipeline.addSlo(shipments.freshnessSlo({ threshold: Duration.seconds(60), objective: 0.99, runbookUrl }));
  pipeline.addSlo(shipments.completenessSlo({ within: Duration.minutes(2), objective: 0.995, runbookUrl }));
  return stack;
}

/**
 * A payments fraud pipeline on Confluent Cloud: Postgres `payments` → managed Debezium connector →
 * Flink statements (the latest state per payment, spend per card per minute) → SLOs, with Avro
 * contracts. Everything is Terraform (the SLO rules as `kubernetes_manifest`).
 */
export function paymentsFraud(app: App, locks: string): TerraformStack {
  const stack = new TerraformStack(app, 'payments-fraud-prod');
  const cluster = KafkaCluster.confluentCloud({
    environmentId: 'env-7qv2p',
    clusterId: 'lkc-9x3k1',
    restEndpoint: 'https://pkc-9x3k1.eu-central-1.aws.confluent.cloud:443',
    bootstrapEndpoint: 'SASL_SSL://pkc-9x3k1.eu-central-1.aws.confluent.cloud:9092',
    apiKey: Secret.fromTerraformVariable('confluent_kafka_api_key'),
    apiSecret: Secret.fromTerraformVariable('confluent_kafka_api_secret'),
    schemaRegistry: {
      id: 'lsrc-5w2q8',
      restEndpoint: 'https://psrc-5w2q8.eu-central-1.aws.confluent.cloud',
      apiKey: Secret.fromTerraformVariable('confluent_schema_registry_api_key'),
      apiSecret: Secret.fromTerraformVariable('confluent_schema_registry_api_secret'),
    },
  });

  const pipeline = new RealtimePipeline(stack, 'Payments', {
    cluster,
    connectorTarget: ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-9k2m4q' }),
    flinkTarget: FlinkTarget.confluentCloud({
      organizationId: '2f9c2b55-3f1e-4a8e-9c39-5b1f3f0f6d21',
      environmentId: 'env-7qv2p',
      computePoolId: 'lfcp-8m4v2q',
      principalId: 'sa-3n7w1x',
      restEndpoint: 'https://flink.eu-central-1.aws.confluent.cloud',
      apiKey: Secret.fromTerraformVariable('confluent_flink_api_key'),
      apiSecret: Secret.fromTerraformVariable('confluent_flink_api_secret'),
      database: 'lkc-9x3k1',
    }),
    // The SLO rules go to the monitoring cluster as kubernetes_manifest resources.
    kubernetes: { namespace: 'payments-monitoring', prometheusRuleLabels: { release: 'kps' } },
    delivery: Delivery.terraform({ kubeconfigContext: 'monitoring-prod' }),
    lock: { directory: locks },
  });

  const payments = pipeline.addCdcSource(
    'payments',
    CdcSource.postgres({
      hostname: 'payments-db.internal.example.com',
      database: 'payments',
      user: 'debezium',
      password: Secret.fromTerraformVariable('payments_db_password'),
      tables: ['public.payments'],
    }),
  );

  const columns = [
    { name: 'payment_id', type: SqlType.bigint(), notNull: true },
    { name: 'card_id', type: SqlType.bigint() },
    { name: 'amount', type: SqlType.decimal(12, 2) },
    { name: 'currency', type: SqlType.string() },
    { name: 'merchant', type: SqlType.string() },
    { name: 'event_time', type: SqlType.timestampLtz(3) },
  ];
  const latest = pipeline.addStream(
    'payments_latest',
    Stream.latestByKey({
      from: payments.table('public.payments'),
      columns,
      key: ['payment_id'],
      eventTime: 'event_time',
      watermarkDelay: Duration.seconds(10),
      expectations: [Expectation.notNull('card_id'), Expectation.matches('currency', '^[A-Z]{3}$')],
      schema: SchemaDefinition.avroFile(path.join(SCHEMAS, 'payments_latest.avsc')),
      schemaHistoryDirectory: path.join(SCHEMAS, 'history', 'payments.payments_latest-value'),
    }),
  );
  pipeline.addStream(
    'card_spend_per_minute',
    Stream.windowAggregate({
      from: payments.table('public.payments'),
      columns,
      eventTime: 'event_time',
      watermarkDelay: Duration.seconds(10),
      window: WindowSpec.tumble(Duration.minutes(1)),
      groupBy: ['card_id'],
      aggregates: [
        { name: 'payments', function: AggregateFunction.COUNT },
        { name: 'total_amount', function: AggregateFunction.SUM, column: 'amount' },
      ],
    }),
  );

  const runbookUrl = `${RUNBOOKS}/payments-fraud`;
  // Confluent Cloud publishes no Flink reporter, Connect JMX or consumer-group offsets, so the
  // stream freshness, completeness and availability SLOs are refused here (define them on the
  // Metrics API export instead). Row parity comes from the team's reconciler; the DLQ alerts read
  // kafka_exporter, which runs against Confluent Cloud like any other cluster.
  pipeline.addSlo(latest.accuracySlo({ reconciliationInterval: Duration.minutes(15), objective: 0.999, runbookUrl, ...RECONCILER }));
  return stack;
}

/**
 * The lower-level constructs on their own, as a platform repository imports them: topics on a
 * self-managed cluster with SASL, dead-letter topics, least-privilege ACLs and a BACKWARD subject.
 */
export function platformTopics(app: App): TerraformStack {
  const stack = new TerraformStack(app, 'platform-topics');
  const cluster = KafkaCluster.selfManaged({
    bootstrapServers: ['kafka-0.platform:9093', 'kafka-1.platform:9093', 'kafka-2.platform:9093'],
    sasl: { mechanism: SaslMechanism.SCRAM_SHA_512, username: 'terraform', password: Secret.fromTerraformVariable('kafka_password') },
    schemaRegistryUrl: 'https://schema-registry.platform.example.com',
  });
  const customers = new Topic(stack, 'Customers', {
    cluster,
    topicName: 'crm.customers-latest',
    partitions: 12,
    cleanupPolicy: CleanupPolicy.COMPACT_DELETE,
    retention: Duration.days(7),
    segment: Duration.hours(1),
    protectFromDestroy: true,
  });
  const dlq = new DeadLetterTopic(stack, 'CustomersDlq', { cluster, source: 'crm.customers-latest' });
  customers.grantWrite('User:crm-sync');
  customers.grantRead('User:analytics', 'analytics-customers');
  dlq.grantWrite('User:crm-sync');
  new SchemaSubject(stack, 'CustomersValue', {
    topic: customers,
    compatibility: Compatibility.BACKWARD,
    schema: SchemaDefinition.avro(
      JSON.stringify({
        type: 'record',
        name: 'Customer',
        namespace: 'com.example.crm',
        fields: [
          { name: 'customer_id', type: 'long' },
          { name: 'email', type: ['null', 'string'], default: null },
        ],
      }),
    ),
    historyDirectory: path.join(SCHEMAS, 'history', 'crm.customers-latest-value'),
  });
  return stack;
}
