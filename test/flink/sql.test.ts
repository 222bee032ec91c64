import { FlinkSQL } from 'dt-sql-parser';
import { ordersLatestSink, ordersSource, revenuePerMinute, seedDedup } from './fixtures';
import {
  AggregateFunction, DebeziumFormat, DlqHeaders, DeliveryGuarantee, Duration, Expectation, FlinkStatement, FlinkTable, SinkFormat, SqlType,
  StartupMode, WindowSpec,
} from '../../lib';
import { renderJobSql, renderTableDdl, SqlDialect, SqlScriptInput } from '../../lib/flink/private/sql';

const parser = new FlinkSQL();
function expectParses(sql: string) {
  expect(parser.validate(sql).map((e: any) => `${e.startLine}:${e.startColumn} ${e.message}`)).toEqual([]);
}

const input = (statements: FlinkStatement[], extra: Partial<SqlScriptInput> = {}): SqlScriptInput => ({
  path: 'prod/Job',
  jobName: 'orders-latest',
  dialect: SqlDialect.APACHE_FLINK,
  bootstrapServers: 'kafka-0:9092,kafka-1:9092',
  schemaRegistryUrl: 'http://registry:8081',
  statements,
  ...extra,
});

const customers = () =>
  FlinkTable.cdcSource({
    name: 'customers',
    topicName: 'store.store.customers',
    columns: [
      { name: 'id', type: SqlType.bigint() },
      { name: 'email', type: SqlType.varchar(320) },
    ],
  });

describe('CDC source table', () => {
  test('declares columns, Kafka metadata, the watermark from a Duration and the consumer options', () => {
    const ddl = renderTableDdl(input([]), ordersSource());
    expect(ddl).toBe(
      [
        'CREATE TABLE `orders` (',
        '  `order_id` BIGINT,',
        '  `customer_id` BIGINT,',
        '  `amount` DECIMAL(12, 2),',
        '  `status` STRING,',
        // Debezium sends it as an ISO-8601 UTC instant (time.precision.mode=isostring)
        '  `event_time` TIMESTAMP_LTZ(3),',
        "  `kafka_timestamp` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,",
        "  `kafka_partition` INT METADATA FROM 'partition' VIRTUAL,",
        "  `kafka_offset` BIGINT METADATA FROM 'offset' VIRTUAL,",
        "  WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND",
        ') WITH (',
        "  'connector' = 'kafka',",
        "  'topic' = 'store.store.orders',",
        "  'properties.bootstrap.servers' = 'kafka-0:9092,kafka-1:9092',",
        "  'properties.group.id' = 'orders-latest',",
        "  'scan.startup.mode' = 'earliest-offset',",
        "  'properties.isolation.level' = 'read_committed',",
        "  'format' = 'debezium-json',",
        "  'debezium-json.timestamp-format.standard' = 'ISO-8601'",
        ');',
      ].join('\n'),
    );
    expectParses(ddl);
  });

  test('debezium-avro-confluent carries the registry URL; sub-second watermarks and pass-through options render', () => {
    const t = FlinkTable.cdcSource({
      name: 'items',
      topicName: 'store.store.order_items',
      format: DebeziumFormat.AVRO_CONFLUENT,
      columns: [
        { name: 'item_id', type: SqlType.bigint() },
        { name: 'ts', type: SqlType.timestampLtz(3) },
      ],
      eventTime: 'ts',
      watermarkDelay: Duration.millis(1500),
      kafkaMetadata: false,
      startupMode: StartupMode.GROUP_OFFSETS,
      readCommitted: false,
      options: { 'scan.topic-partition-discovery.interval': '1 min' },
    });
    const ddl = renderTableDdl(input([]), t);
    expect(ddl).toContain("WATERMARK FOR `ts` AS `ts` - INTERVAL '1.500' SECOND");
    expect(ddl).toContain("'format' = 'debezium-avro-confluent',\n  'debezium-avro-confluent.url' = 'http://registry:8081',\n  'scan.topic-partition-discovery.interval' = '1 min'\n)");
    expect(ddl).not.toContain('isolation.level');
    expect(ddl).not.toContain('METADATA');
    expect(ddl).toContain("'scan.startup.mode' = 'group-offsets'");
    expectParses(ddl);
  });

  test('an Avro source without a registry URL is refused, naming the table', () => {
    const t = FlinkTable.cdcSource({ name: 'x', topicName: 'x', format: DebeziumFormat.AVRO_CONFLUENT, columns: [{ name: 'a', type: SqlType.int() }] });
    expect(() => renderTableDdl(input([], { schemaRegistryUrl: undefined }), t)).toThrow(/\[prod\/Job\] tables\[x\] schema registry URL must be set for format debezium-avro-confluent/);
  });

  test('refuses a watermark on a non-timestamp column and generated option keys in options', () => {
    expect(() => FlinkTable.cdcSource({ name: 'o', topicName: 'o', columns: [{ name: 'a', type: SqlType.int() }], eventTime: 'a' })).toThrow(
      /\[FlinkTable\(o\)\] eventTime must be a TIMESTAMP or TIMESTAMP_LTZ column of the table \(got "a"\)/,
    );
    const t = FlinkTable.cdcSource({ name: 'o', topicName: 'o', columns: [{ name: 'a', type: SqlType.int() }], options: { topic: 'other' } });
    expect(() => renderTableDdl(input([]), t)).toThrow(/options\["topic"\] must be a key the library does not generate/);
  });
});

describe('sinks', () => {
  test('an upsert sink declares PRIMARY KEY NOT ENFORCED and NOT NULL key columns', () => {
    const ddl = renderTableDdl(input([]), ordersLatestSink());
    expect(ddl).toContain('  `order_id` BIGINT NOT NULL,');
    expect(ddl).toContain('  PRIMARY KEY (`order_id`) NOT ENFORCED\n) WITH (');
    expect(ddl).toContain("'connector' = 'upsert-kafka'");
    expect(ddl).toContain("'key.format' = 'json',\n  'value.format' = 'json'");
    expectParses(ddl);
  });

  test('an upsert sink without a primary key is refused', () => {
    expect(() => FlinkTable.upsertSink({ name: 's', topicName: 's', columns: [{ name: 'a', type: SqlType.int() }], primaryKey: [] })).toThrow(
      /primaryKey must be a non-empty list \(upsert-kafka rejects a table without PRIMARY KEY\)/,
    );
  });

  test('an exactly-once append sink gets a transactional id prefix and a transaction timeout the broker accepts', () => {
    const ddl = renderTableDdl(input([]), revenuePerMinute().into!);
    expect(ddl).toContain(
      "'sink.delivery-guarantee' = 'exactly-once',\n  'sink.transactional-id-prefix' = 'orders-latest-revenue_per_minute',\n  'properties.transaction.timeout.ms' = '900000'",
    );
    const al = FlinkTable.appendSink({ name: 'a', topicName: 'a', columns: [{ name: 'x', type: SqlType.int() }], format: SinkFormat.AVRO_CONFLUENT, deliveryGuarantee: DeliveryGuarantee.AT_LEAST_ONCE });
    const alDdl = renderTableDdl(input([]), al);
    expect(alDdl).toContain("'avro-confluent.url' = 'http://registry:8081',\n  'sink.delivery-guarantee' = 'at-least-once'\n)");
    expect(alDdl).not.toContain('transactional');
    expectParses(ddl + '\n' + alDdl);
  });
});

describe('JSON sinks write decimals as written', () => {
  test('plain numbers (10.00), not Flink\'s default scientific notation (1E+1, seen on Flink 1.20.3), for keys and values', () => {
    const upsert = renderTableDdl(input([]), ordersLatestSink());
    expect(upsert).toContain("'key.json.encode.decimal-as-plain-number' = 'true'");
    expect(upsert).toContain("'value.json.encode.decimal-as-plain-number' = 'true'");
    const append = renderTableDdl(input([]), FlinkTable.appendSink({ name: 'a', topicName: 'a', columns: [{ name: 'x', type: SqlType.decimal(12, 2) }] }));
    expect(append).toContain("'json.encode.decimal-as-plain-number' = 'true'");
    const avro = renderTableDdl(input([]), FlinkTable.appendSink({ name: 'b', topicName: 'b', columns: [{ name: 'x', type: SqlType.int() }], format: SinkFormat.AVRO_CONFLUENT }));
    expect(avro).not.toContain('decimal-as-plain-number');
    expectParses(upsert + '\n' + append);
  });
});

describe('latest by key', () => {
  test('over a Debezium change stream: the changelog into the upsert sink, no ROW_NUMBER (Flink 1.20 refuses a Deduplicate over updates)', () => {
    const r = renderJobSql(input([FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink() })]));
    expect(r.dml).toBe(
      [
        'EXECUTE STATEMENT SET',
        'BEGIN',
        'INSERT INTO `orders_latest`',
        'SELECT `order_id`, `customer_id`, `amount`, `status`, CAST(`event_time` AS TIMESTAMP(3)) AS `event_time`',
        'FROM `orders`;',
        'END;',
      ].join('\n'),
    );
    // The instant Debezium sends is read back into the declared TIMESTAMP in UTC; a quiet partition
    // stops holding the watermark back after 30 s.
    expect(r.settings).toEqual(["SET 'table.exec.source.idle-timeout' = '30 s';", "SET 'table.local-time-zone' = 'UTC';"]);
    expect(r.script).not.toContain('ROW_NUMBER');
    expectParses(r.script);
  });

  test('the idle timeout is set only for sources with a watermark, and a setting of the job wins', () => {
    const own = renderJobSql({ ...input([FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink() })]), settings: { 'table.exec.source.idle-timeout': '5 min' } });
    expect(own.settings).toContain("SET 'table.exec.source.idle-timeout' = '5 min';");
    const noWatermark = FlinkTable.cdcSource({ name: 'orders', topicName: 'store.orders', columns: ordersSource().columns, primaryKey: ['order_id'] });
    const r = renderJobSql(input([FlinkStatement.sql('INSERT INTO `orders_latest` SELECT * FROM `orders`', { reads: [noWatermark], writes: [ordersLatestSink()] })]));
    expect(r.script).not.toContain('idle-timeout');
  });

  test('over an append-only topic: deduplicates with ROW_NUMBER over the key, latest event time first', () => {
    const events = FlinkTable.appendSink({
      name: 'order_events',
      topicName: 'orders.events',
      columns: ordersSource().columns,
    });
    const statement = FlinkStatement.latestByKey({ from: events, into: ordersLatestSink(), orderBy: 'event_time' });
    const r = renderJobSql(input([statement]));
    expect(r.dml).toContain(
      [
        'INSERT INTO `orders_latest`',
        'SELECT `order_id`, `customer_id`, `amount`, `status`, `event_time`',
        'FROM (',
        '  SELECT *, ROW_NUMBER() OVER (PARTITION BY `order_id` ORDER BY `event_time` DESC) AS `rn`',
        '  FROM `order_events`',
        ') WHERE `rn` = 1;',
      ].join('\n'),
    );
    expect(statement.ordersByEventTime).toBe(true);
    expect(FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink() }).ordersByEventTime).toBe(false);
    expectParses(r.script);
  });

  test('refuses a key column the source does not have, and a source without event time or orderBy', () => {
    expect(() => FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink(), key: ['nope'] })).toThrow(
      /\[FlinkStatement.latestByKey\(orders_latest\)\] key must be a column of orders/,
    );
    expect(() => FlinkStatement.latestByKey({ from: ordersSource({ watermark: false }), into: ordersLatestSink() })).toThrow(/orderBy must be a column/);
  });
});

describe('windowed aggregates', () => {
  test('TUMBLE groups by window bounds and the groupBy columns in sink column order', () => {
    const r = renderJobSql(input([revenuePerMinute()]));
    expect(r.dml).toContain(
      [
        'INSERT INTO `revenue_per_minute`',
        'SELECT `window_start`, `window_end`, `status`, COUNT(*) AS `orders`, SUM(`amount`) AS `revenue`',
        "FROM TABLE(TUMBLE(TABLE `orders`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))",
        'GROUP BY `window_start`, `window_end`, `status`;',
      ].join('\n'),
    );
    expectParses(r.script);
  });

  test('HOP takes slide then size; COUNT DISTINCT renders; gated windows read the checked view', () => {
    const st = FlinkStatement.windowAggregate({
      from: ordersSource(),
      into: FlinkTable.appendSink({
        name: 'customers_5m',
        topicName: 'metrics.customers_5m',
        columns: [
          { name: 'window_start', type: SqlType.timestamp(3) },
          { name: 'window_end', type: SqlType.timestamp(3) },
          { name: 'customers', type: SqlType.bigint() },
        ],
      }),
      window: WindowSpec.hop(Duration.minutes(1), Duration.minutes(5)),
      aggregates: [{ name: 'customers', function: AggregateFunction.COUNT_DISTINCT, column: 'customer_id' }],
      expectations: [Expectation.notNull('customer_id')],
    });
    const r = renderJobSql(input([st], { deadLetter: { topicName: 'dlq.orders' } }));
    expect(r.dml).toContain(
      "FROM TABLE(HOP(TABLE `customers_5m_checked`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))\nWHERE `dq_error_code` IS NULL\nGROUP BY `window_start`, `window_end`;",
    );
    expect(r.dml).toContain('SELECT `window_start`, `window_end`, COUNT(DISTINCT `customer_id`) AS `customers`');
    expectParses(r.script);
  });

  test('refuses a window over a source without watermark, a hop size that is not a multiple of the slide, and mismatched sink columns', () => {
    expect(() => revenuePerMinute(ordersSource({ watermark: false }))).toThrow(/from must be a table with an event time and watermark/);
    expect(() => WindowSpec.hop(Duration.minutes(2), Duration.minutes(5))).toThrow(/size must be a whole multiple of slide \(2m\)/);
    expect(() =>
      FlinkStatement.windowAggregate({
        from: ordersSource(),
        into: ordersLatestSink(),
        window: WindowSpec.tumble(Duration.minutes(1)),
        aggregates: [{ name: 'n', function: AggregateFunction.COUNT }],
      }),
    ).toThrow(/into.columns must be exactly the output columns \(window_start, window_end, n\)/);
  });
});

describe('quality gates', () => {
  test('compile every expectation kind into one CASE with stable codes, nulls passing all but notNull', () => {
    const orders = ordersSource();
    const st = FlinkStatement.latestByKey({
      from: orders,
      into: ordersLatestSink(),
      expectations: [
        Expectation.notNull('order_id'),
        Expectation.between('amount', 0, 1_000_000),
        Expectation.inSet('status', ['NEW', 'PAID', "O'NEIL"]),
        Expectation.matches('status', '^[A-Z_]+$'),
        Expectation.references('customer_id', customers(), 'id'),
        Expectation.freshness('event_time', Duration.minutes(15)),
      ],
    });
    const r = renderJobSql(input([st], { deadLetter: { topicName: 'dlq.orders' } }));
    const view = r.ddl.find((d) => d.name === 'orders_latest_checked')!.sql;
    expect(view).toContain(
      [
        '  CASE',
        "    WHEN `s`.`order_id` IS NULL THEN 'DQ001_NOT_NULL'",
        "    WHEN `s`.`amount` IS NOT NULL AND `s`.`amount` NOT BETWEEN 0 AND 1000000 THEN 'DQ002_BETWEEN'",
        "    WHEN `s`.`status` IS NOT NULL AND `s`.`status` NOT IN ('NEW', 'PAID', 'O''NEIL') THEN 'DQ003_IN_SET'",
        "    WHEN `s`.`status` IS NOT NULL AND NOT REGEXP(`s`.`status`, '^[A-Z_]+$') THEN 'DQ004_MATCHES'",
        "    WHEN `s`.`customer_id` IS NOT NULL AND `r1`.`id` IS NULL THEN 'DQ005_REFERENCES'",
        // event_time arrives as an instant (TIMESTAMP_LTZ): compared with the current instant
        "    WHEN `s`.`event_time` < CURRENT_TIMESTAMP - INTERVAL '15' MINUTE THEN 'DQ006_FRESHNESS'",
        '  END AS `dq_error_code`,',
      ].join('\n'),
    );
    expect(view).toContain("THEN 'references(customer_id, customers.id)'");
    expect(view).toContain('FROM `orders` AS `s`\nLEFT JOIN `customers` AS `r1` ON `s`.`customer_id` = `r1`.`id`;');
    // the regular join would otherwise carry the rowtime attribute
    expect(view).toContain('CAST(`s`.`event_time` AS TIMESTAMP(3)) AS `event_time`');
    expect(r.tables.map((t) => t.name)).toEqual(['orders', 'customers', 'orders_latest', 'dead_letters']);
    expectParses(r.script);
  });

  test('numeric inSet values render unquoted; a non-number for a numeric column is refused', () => {
    const st = (values: string[]) =>
      renderJobSql(input([FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink(), expectations: [Expectation.inSet('customer_id', values)] })]));
    expect(st(['1', '2']).script).toContain('`s`.`customer_id` NOT IN (1, 2)');
    expect(() => st(['x'])).toThrow(/values must be numbers, because customer_id is BIGINT/);
  });

  test('rejects go to the dead-letter topic with code, expectation, JSON payload, source position, job and time, in the same statement set', () => {
    const r = renderJobSql(input([seedDedup()], { deadLetter: { topicName: 'dlq.orders' } }));
    expect(r.dml.startsWith('EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `orders_latest`')).toBe(true);
    expect(r.dml).toContain(
      [
        'INSERT INTO `dead_letters`',
        "SELECT 'orders-latest' AS `job`,",
        "  'store.store.orders' AS `source_topic`,",
        '  `kafka_partition` AS `source_partition`,',
        '  `kafka_offset` AS `source_offset`,',
        '  `dq_error_code` AS `error_code`,',
        "  'flink-gate' AS `stage`,",
        '  `dq_expectation` AS `expectation`,',
        "  JSON_OBJECT(KEY 'order_id' VALUE `order_id`, KEY 'customer_id' VALUE `customer_id`, KEY 'amount' VALUE `amount`, KEY 'status' VALUE `status`, KEY 'event_time' VALUE CAST(`event_time` AS TIMESTAMP(3))) AS `payload`,",
        '  CAST(CAST(`event_time` AS TIMESTAMP(3)) AS TIMESTAMP(3)) AS `event_time`,',
        '  CURRENT_TIMESTAMP AS `detected_at`,',
        '  STR_TO_MAP(',
        "    'dlq.error.code=' || `dq_error_code` || ';'",
        "    || 'dlq.error.message=' || 'expectation ' || `dq_expectation` || ' failed' || ';'",
        "    || 'dlq.stage=' || 'flink-gate' || ';'",
        "    || 'dlq.job=' || 'orders-latest' || ';'",
        "    || 'dlq.rule=' || `dq_expectation` || ';'",
        "    || 'dlq.source.topic=' || 'store.store.orders' || ';'",
        "    || 'dlq.source.partition=' || CAST(`kafka_partition` AS STRING) || ';'",
        "    || 'dlq.source.offset=' || CAST(`kafka_offset` AS STRING) || ';'",
        // epoch milliseconds: Flink refuses CAST(TIMESTAMP_LTZ AS BIGINT)
        "    || 'dlq.source.timestamp=' || CAST(UNIX_TIMESTAMP(DATE_FORMAT(`kafka_timestamp`, 'yyyy-MM-dd HH:mm:ss')) * 1000 + CAST(DATE_FORMAT(`kafka_timestamp`, 'SSS') AS BIGINT) AS STRING) || ';'",
        "    || 'dlq.failed.at=' || CAST(UNIX_TIMESTAMP(DATE_FORMAT(CURRENT_TIMESTAMP, 'yyyy-MM-dd HH:mm:ss')) * 1000 + CAST(DATE_FORMAT(CURRENT_TIMESTAMP, 'SSS') AS BIGINT) AS STRING) || ';'",
        "    || 'dlq.payload.format=' || 'json',",
        "    ';', '='",
        '  ) AS `headers`',
        'FROM `orders_latest_checked`',
        'WHERE `dq_error_code` IS NOT NULL;\nEND;',
      ].join('\n'),
    );
    // every header of the Kafka domain's dead-letter convention is set
    for (const h of DlqHeaders.all()) expect(r.dml).toContain(`'${h}=' ||`);
    expect(r.ddl.find((d) => d.name === 'dead_letters')!.sql).toContain('  `headers` MAP<STRING, STRING> METADATA,');
    expect(r.dml.match(/EXECUTE STATEMENT SET/g)).toHaveLength(1);
    expect(r.ddl.find((d) => d.name === 'dead_letters')!.sql).toContain(
      'PRIMARY KEY (`job`, `source_topic`, `source_partition`, `source_offset`) NOT ENFORCED',
    );
    expectParses(r.script);
  });

  test('refuses an expectation on a column the source does not have, and references() on a window', () => {
    expect(() => FlinkStatement.latestByKey({ from: ordersSource(), into: ordersLatestSink(), expectations: [Expectation.notNull('sku')] })).toThrow(
      /expectations\[not_null\(sku\)\].column must be a column of orders/,
    );
    const w = FlinkStatement.windowAggregate({
      from: ordersSource(),
      into: revenuePerMinute().into!,
      window: WindowSpec.tumble(Duration.minutes(1)),
      groupBy: ['status'],
      aggregates: [
        { name: 'orders', function: AggregateFunction.COUNT },
        { name: 'revenue', function: AggregateFunction.SUM, column: 'amount' },
      ],
      expectations: [Expectation.references('customer_id', customers(), 'id')],
    });
    expect(() => renderJobSql(input([w], { deadLetter: { topicName: 'dlq' } }))).toThrow(/free of references\(\) on a windowed aggregate/);
  });

  test('expectation factories check their arguments', () => {
    expect(() => Expectation.between('amount', 10, 1)).toThrow(/min must be <= max \(1\) \(got 10\)/);
    expect(() => Expectation.inSet('status', [])).toThrow(/values must be a non-empty list of strings/);
    expect(() => Expectation.matches('status', '([')).toThrow(/pattern must be a valid regular expression/);
    expect(() => Expectation.references('customer_id', customers(), 'nope')).toThrow(/lookupColumn must be a column of the lookup table \(id, email\)/);
    expect(() => Expectation.freshness('event_time', Duration.seconds(0))).toThrow(/maxAge must be a finite duration > 0/);
    expect(() => Expectation.notNull('bad name')).toThrow(/column must be a column name/);
    expect(Expectation.notNull('order_id').code).toBe('DQ001_NOT_NULL');
    expect(Expectation.freshness('event_time', Duration.minutes(1)).code).toBe('DQ006_FRESHNESS');
  });
});

describe('hand-written SQL', () => {
  test('is structurally checked and joins the statement set', () => {
    const s = FlinkStatement.sql("INSERT INTO `orders_latest` SELECT order_id, customer_id, amount, status, event_time FROM orders WHERE status <> 'x'", {
      reads: [ordersSource()],
      writes: [ordersLatestSink()],
    });
    const r = renderJobSql(input([s]));
    expect(r.dml).toContain("WHERE status <> 'x';\nEND;");
    expectParses(r.script);
  });

  test('hand-written DDL runs before the statement set, and a hand-written statement set is refused', () => {
    const ddl = FlinkStatement.sql("CREATE TABLE audit (a INT) WITH ('connector' = 'blackhole')");
    const ins = FlinkStatement.sql('INSERT INTO audit SELECT CAST(order_id AS INT) FROM orders', { reads: [ordersSource()] });
    const r = renderJobSql(input([ddl, ins]));
    expect(r.ddl.map((d) => d.name)).toEqual(['orders', 'sql_0']);
    expect(r.dml).toBe('EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO audit SELECT CAST(order_id AS INT) FROM orders;\nEND;');
    expectParses(r.script);
    const set = FlinkStatement.sql('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;');
    expect(() => renderJobSql(input([set]))).toThrow(/statements\[0\] must be an INSERT or DDL statement/);
  });

  test('refuses unbalanced brackets, unterminated quotes, two statements and unknown keywords', () => {
    expect(() => FlinkStatement.sql('INSERT INTO a SELECT (1 FROM b')).toThrow(/\[FlinkStatement.sql\] statement must be balanced in its brackets/);
    expect(() => FlinkStatement.sql("INSERT INTO a SELECT 'x FROM b")).toThrow(/free of unterminated ' quotes/);
    expect(() => FlinkStatement.sql('INSERT INTO a SELECT 1; INSERT INTO b SELECT 2;')).toThrow(/one statement/);
    expect(() => FlinkStatement.sql('INSRT INTO a SELECT 1')).toThrow(/a statement starting with INSERT/);
    expect(FlinkStatement.sql("INSERT INTO a SELECT ';' FROM b -- done;")).toBeDefined();
  });
});

describe('Confluent Cloud dialect', () => {
  test('names tables by topic, uses changelog modes and registry formats, and persists the checked view', () => {
    const r = renderJobSql(input([seedDedup()], { dialect: SqlDialect.CONFLUENT_CLOUD, deadLetter: { topicName: 'dlq.orders' }, bootstrapServers: undefined }));
    expect(r.ddl[0].sql).toContain('CREATE TABLE IF NOT EXISTS `store.store.orders` (');
    expect(r.ddl[0].sql).toContain(") WITH (\n  'changelog.mode' = 'retract',\n  'scan.startup.mode' = 'earliest-offset',\n  'value.format' = 'json-debezium-registry'\n);");
    expect(r.ddl[1].sql).toContain("'changelog.mode' = 'upsert'");
    expect(r.ddl.map((d) => d.sql).join('\n')).not.toContain('connector');
    expect(r.ddl[3].sql.startsWith('CREATE VIEW IF NOT EXISTS `orders_latest_checked` AS')).toBe(true);
    expect(r.dml).toContain('INSERT INTO `dlq.orders`');
    expect(r.settings).toEqual([]);
    r.ddl.forEach((d) => expectParses(d.sql));
    expectParses(r.dml);
  });
});

test('settings become sorted SET statements at the top of the script', () => {
  const r = renderJobSql(input([seedDedup()], { settings: { 'table.exec.source.idle-timeout': '30 s', 'pipeline.max-parallelism': '128' } }));
  expect(r.script.split('\n\n').slice(1, 3)).toEqual(["SET 'pipeline.max-parallelism' = '128';", "SET 'table.exec.source.idle-timeout' = '30 s';"]);
  expectParses(r.script);
});

test('the grammar check used above does reject broken SQL', () => {
  expect(parser.validate("CREATE TABLE x (a INT WITH ('a' = 'b');").length).toBeGreaterThan(0);
});
