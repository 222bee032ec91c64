import { Duration, Expectation, FlinkStatement, FlinkTable, SqlType, WindowSpec, AggregateFunction } from '../../lib';

/** The seed's `orders` CDC table. */
export function ordersSource(options: { watermark?: boolean } = {}): FlinkTable {
  return FlinkTable.cdcSource({
    name: 'orders',
    topicName: 'store.store.orders',
    columns: [
      { name: 'order_id', type: SqlType.bigint() },
      { name: 'customer_id', type: SqlType.bigint() },
      { name: 'amount', type: SqlType.decimal(12, 2) },
      { name: 'status', type: SqlType.string() },
      { name: 'event_time', type: SqlType.timestamp(3) },
    ],
    eventTime: options.watermark === false ? undefined : 'event_time',
    watermarkDelay: options.watermark === false ? undefined : Duration.seconds(5),
  });
}

export function ordersLatestSink(): FlinkTable {
  return FlinkTable.upsertSink({
    name: 'orders_latest',
    topicName: 'orders_latest',
    columns: [
      { name: 'order_id', type: SqlType.bigint() },
      { name: 'customer_id', type: SqlType.bigint() },
      { name: 'amount', type: SqlType.decimal(12, 2) },
      { name: 'status', type: SqlType.string() },
      { name: 'event_time', type: SqlType.timestamp(3) },
    ],
    primaryKey: ['order_id'],
  });
}

export function seedDedup(source: FlinkTable = ordersSource()): FlinkStatement {
  return FlinkStatement.latestByKey({
    from: source,
    into: ordersLatestSink(),
    expectations: [Expectation.notNull('order_id'), Expectation.between('amount', 0, 1_000_000)],
  });
}

export function revenuePerMinute(source: FlinkTable = ordersSource()): FlinkStatement {
  return FlinkStatement.windowAggregate({
    from: source,
    into: FlinkTable.appendSink({
      name: 'revenue_per_minute',
      topicName: 'metrics.revenue_per_minute',
      columns: [
        { name: 'window_start', type: SqlType.timestamp(3) },
        { name: 'window_end', type: SqlType.timestamp(3) },
        { name: 'status', type: SqlType.string() },
        { name: 'orders', type: SqlType.bigint() },
        { name: 'revenue', type: SqlType.decimal(38, 2) },
      ],
    }),
    window: WindowSpec.tumble(Duration.minutes(1)),
    groupBy: ['status'],
    aggregates: [
      { name: 'orders', function: AggregateFunction.COUNT },
      { name: 'revenue', function: AggregateFunction.SUM, column: 'amount' },
    ],
  });
}
