import { Construct } from 'constructs';
import {
  AggregateFunction,
  CdcSource,
  Delivery,
  Duration,
  Expectation,
  KafkaCluster,
  PipelineEnvironment,
  RealtimePipeline,
  Secret,
  SqlType,
  Stream,
  WindowSpec,
} from '../../lib';

export const ORDER_COLUMNS = [
  { name: 'order_id', type: SqlType.bigint(), notNull: true },
  { name: 'customer_id', type: SqlType.bigint() },
  { name: 'amount', type: SqlType.decimal(12, 2) },
  { name: 'status', type: SqlType.string() },
  { name: 'event_time', type: SqlType.timestamp(3) },
];

export interface RetailOptions {
  readonly environment?: PipelineEnvironment;
  readonly delivery?: Delivery;
  readonly lockDirectory?: string;
  readonly freshness?: Duration;
  /** Extra expectations on orders_latest (a query change). */
  readonly extraExpectations?: Expectation[];
  readonly allowNonRestoredState?: boolean;
  /** Watermark delay of orders_latest (default 5 s). */
  readonly watermarkDelay?: Duration;
  readonly lineageSvg?: boolean;
}

/** The retail inventory pipeline, small enough for unit tests. */
export function retailPipeline(scope: Construct, options: RetailOptions = {}) {
  const pipeline = new RealtimePipeline(scope, 'Inventory', {
    cluster: KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9092'], tls: false }),
    environment: options.environment,
    kubernetes: {
      namespace: 'streaming',
      connectCluster: 'connect',
      prometheusRuleLabels: { release: 'kps' },
      flinkStateStorageUri: 's3://flink-state/retail',
      flinkImage: 'registry.example.com/streaming/flink-sql-runner:1.20.3',
    },
    delivery: options.delivery,
    lock: options.lockDirectory ? { directory: options.lockDirectory } : undefined,
    disableLock: options.lockDirectory === undefined,
    lineageSvg: options.lineageSvg,
  });
  const store = pipeline.addCdcSource(
    'store',
    CdcSource.mysql({
      hostname: 'mysql.internal',
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
      columns: ORDER_COLUMNS,
      key: ['order_id'],
      eventTime: 'event_time',
      watermarkDelay: options.watermarkDelay ?? Duration.seconds(5),
      expectations: [Expectation.notNull('order_id'), Expectation.between('amount', 0, 1_000_000), ...(options.extraExpectations ?? [])],
      allowNonRestoredState: options.allowNonRestoredState,
    }),
  );
  pipeline.addSlo(orders.freshnessSlo({ threshold: options.freshness ?? Duration.seconds(30), objective: 0.95 }));
  pipeline.addSlo(orders.completenessSlo({ within: Duration.minutes(2), objective: 0.995 }));
  return { pipeline, store, orders };
}

/** A windowed revenue stream: its freshness is bounded by watermark + window + checkpoint. */
export function revenuePipeline(scope: Construct, threshold: Duration, checkpoint: Duration) {
  const { pipeline, store } = retailPipeline(scope);
  const revenue = pipeline.addStream(
    'revenue_per_minute',
    Stream.windowAggregate({
      from: store.table('store.orders'),
      columns: ORDER_COLUMNS,
      eventTime: 'event_time',
      watermarkDelay: Duration.seconds(20),
      window: WindowSpec.tumble(Duration.minutes(1)),
      aggregates: [
        { name: 'orders', function: AggregateFunction.COUNT },
        { name: 'revenue', function: AggregateFunction.SUM, column: 'amount' },
      ],
      checkpointInterval: checkpoint,
    }),
  );
  pipeline.addSlo(revenue.freshnessSlo({ threshold, objective: 0.99 }));
  return { pipeline, revenue };
}
