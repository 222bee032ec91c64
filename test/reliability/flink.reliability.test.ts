import { FlinkSQL } from 'dt-sql-parser';
import fc from 'fast-check';
import {
  enumOrJunk, dnsLabel, duration, hostileNumber, hostileString, identifier, intLike, Lazy, make, nameLike, opt,
  k8sSecret, rarely, size, tfSecret, url,
} from './arbitraries';
import { confluentCloud, selfManaged } from './clusters';
import { params, Synthesized, synthOrRefuse, Tally, timeout } from './harness';
import { Duration, Secret } from '../../lib/core';
import {
  AggregateFunction, Checkpointing, CheckpointingMode, DeliveryGuarantee, Expectation, FlinkSqlJob, FlinkStatement, FlinkTable, FlinkTarget,
  FlinkVersion, RestartStrategy, SqlType, StartupMode, UpgradeMode, WindowSpec,
} from '../../lib/flink';
import { DeadLetterTopic } from '../../lib/kafka';

const parser = new FlinkSQL();

const FLINK_VERSIONS: FlinkVersion[] = Object.values(FlinkVersion).filter((v): v is FlinkVersion => v instanceof FlinkVersion);

/** Every SQL text the job emits (the Kubernetes script, or each Confluent statement) must parse as Flink SQL. */
function sqlErrors(out: Synthesized): string[] {
  const texts: string[] = [
    ...out.manifests.filter((m) => m.kind === 'ConfigMap' && m.data?.['job.sql']).map((m) => m.data['job.sql'] as string),
    ...Object.values<any>(out.tf.resource?.confluent_flink_statement ?? {}).map((s) => s.statement as string),
  ];
  // dt-sql-parser's grammar has no interval leading precision (`INTERVAL '130' SECOND(3)`), which
  // Flink's Calcite parser needs from 100 units on (run on Flink 1.20.3 and 2.2.0, see
  // test/flink/deploy-options.test.ts): the precision is dropped before the grammar check only.
  const forGrammar = (sql: string) => sql.replace(/(INTERVAL '[0-9.]+' (?:DAY|HOUR|MINUTE|SECOND))\(\d+(?:, \d+)?\)/g, '$1');
  return texts.flatMap((sql) => parser.validate(forGrammar(sql)).map((e: any) => `${e.startLine}:${e.startColumn} ${e.message}\n${sql}`));
}

/**
 * Text that ends up inside SQL string literals. dt-sql-parser's lexer reads a backslash before a quote
 * as an escape, where Flink's Calcite parser does not (it only knows ''), so a backslash that ends up
 * before a quote (`\'` in a value, or a value ending in `\`, whose closing quote follows it) makes
 * the validator, not Flink, fail: such strings are left out of SQL-bound values.
 */
const sqlText = (a: fc.Arbitrary<string>) => a.filter((v) => !(v.includes('\\') && (v.includes("'") || v.endsWith('\\'))));

function safeSql(type: () => SqlType): string {
  try {
    return type().sql;
  } catch {
    return '';
  }
}

const sqlType = fc.oneof(
  fc.constant(() => SqlType.bigint()),
  fc.constant(() => SqlType.string()),
  fc.constant(() => SqlType.int()),
  fc.constant(() => SqlType.boolean()),
  fc.constant(() => SqlType.double()),
  fc.tuple(intLike(10, 38), intLike(0, 10)).map(([p, s]) => () => SqlType.decimal(p, s)),
  intLike(1, 255).map((n) => () => SqlType.varchar(n)),
);

/** Extra columns beside the fixed key `id` and event time `ts`; names sometimes hostile or reserved words. */
const extraColumns = fc.uniqueArray(
  fc.record({ name: fc.oneof({ weight: 40, arbitrary: identifier }, { weight: 1, arbitrary: fc.constantFrom('select', 'from', 'order', 'id') }, { weight: 1, arbitrary: hostileString }), type: sqlType }),
  { maxLength: 4, selector: (c) => c.name },
);

const expectation = (columns: string[], numeric: Set<string>): fc.Arbitrary<Lazy<Expectation>> => {
  const col = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...columns) }, { weight: 1, arbitrary: nameLike(identifier) });
  // Numeric columns get numeric values too, so a valid inSet on them is generated, not only refusals.
  const text = fc.array(sqlText(fc.oneof(dnsLabel, hostileString)), { maxLength: 4 });
  const inSetValues = (c: string) =>
    numeric.has(c) ? fc.oneof(fc.array(fc.integer({ min: -1000, max: 1000 }).map(String), { maxLength: 4 }), text) : text;
  const bound = (lo: number, hi: number) =>
    fc.oneof({ weight: 10, arbitrary: fc.integer({ min: lo, max: hi }) }, { weight: 1, arbitrary: hostileNumber });
  return fc.oneof(
    col.map((c) => ({ describe: `notNull(${c})`, make: () => Expectation.notNull(c) })),
    fc.tuple(col, bound(-1000, 0), bound(0, 1e6)).map(([c, lo, hi]) => ({
      describe: `between(${c}, ${lo}, ${hi})`,
      make: () => Expectation.between(c, lo, hi),
    })),
    col.chain((c) => inSetValues(c).map((v) => ({ describe: `inSet(${c}, ${JSON.stringify(v)})`, make: () => Expectation.inSet(c, v) }))),
    fc.tuple(col, sqlText(fc.oneof(fc.constantFrom('^[A-Z]{3}$', '.*@.*', "it's", '\\d+'), hostileString))).map(([c, p]) => ({
      describe: `matches(${c}, ${JSON.stringify(p)})`,
      make: () => Expectation.matches(c, p),
    })),
    fc.tuple(fc.oneof(fc.constant('ts'), col), duration).map(([c, d]) => ({ describe: `freshness(${c}, ${d.describe})`, make: () => Expectation.freshness(c, d.make()) })),
  );
};

const k8sTarget = fc
  .record({
    namespace: nameLike(dnsLabel),
    stateStorageUri: fc.oneof({ weight: 10, arbitrary: nameLike(dnsLabel.map((b) => `s3://${b}/state`)) }, { weight: 1, arbitrary: fc.constant(undefined) }),
    image: opt(nameLike(dnsLabel.map((i) => `registry.example.com/${i}:1.20`))),
    serviceAccount: opt(nameLike(dnsLabel)),
    highAvailability: opt(fc.boolean()),
    sqlRunnerJarUri: rarely(nameLike(fc.constant('local:///opt/flink/usrlib/sql-runner.jar'))),
  })
  .map((o) => ({ describe: `kubernetes ${JSON.stringify(o)}`, kubernetes: true, make: () => FlinkTarget.kubernetes(o) }));

const ccTarget = fc
  .record({
    organizationId: nameLike(fc.uuid()),
    environmentId: nameLike(dnsLabel.map((s) => `env-${s}`)),
    computePoolId: nameLike(dnsLabel.map((s) => `lfcp-${s}`)),
    principalId: nameLike(dnsLabel.map((s) => `sa-${s}`)),
    restEndpoint: url,
    // Now and then a reference Terraform cannot read, which the factory must refuse.
    apiKey: fc.oneof({ weight: 19, arbitrary: tfSecret }, { weight: 1, arbitrary: k8sSecret }),
    apiSecret: fc.oneof({ weight: 19, arbitrary: tfSecret }, { weight: 1, arbitrary: k8sSecret }),
    catalog: opt(nameLike(dnsLabel)),
    database: nameLike(dnsLabel.map((s) => `lkc-${s}`)),
    stopped: opt(fc.boolean()),
  })
  .map((o) => ({
    describe: `confluentCloud ${JSON.stringify(o)}`,
    kubernetes: false,
    make: () => FlinkTarget.confluentCloud({ ...o, apiKey: o.apiKey.make() as Secret, apiSecret: o.apiSecret.make() as Secret }),
  }));

const jobDef = fc.record({
  extra: extraColumns,
  eventTime: fc.oneof({ weight: 20, arbitrary: fc.constant('ts') }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: nameLike(identifier) }),
  watermarkDelay: opt(duration),
  kafkaMetadata: opt(fc.boolean()),
  startupMode: opt(enumOrJunk(Object.values(StartupMode))),
  sourceName: nameLike(identifier),
  sinkName: nameLike(identifier),
  sourceTopic: nameLike(dnsLabel),
  sinkTopic: nameLike(dnsLabel),
  window: rarely(fc.tuple(duration, rarely(fc.constantFrom(1, 2, 5).map((n) => ({ describe: `${n}s`, make: () => Duration.seconds(n) })))), 3),
  guarantee: opt(enumOrJunk(Object.values(DeliveryGuarantee))),
  expectationSeeds: fc.array(fc.nat(), { maxLength: 3 }),
  target: fc.oneof({ weight: 2, arbitrary: k8sTarget }, { weight: 1, arbitrary: ccTarget }),
  name: opt(nameLike(dnsLabel)),
  dlq: opt(nameLike(dnsLabel)),
  version: opt(fc.oneof(fc.constantFrom(...FLINK_VERSIONS), hostileString as fc.Arbitrary<any>)),
  parallelism: opt(intLike(1, 32)),
  taskSlots: opt(intLike(1, 8)),
  jobManager: rarely(fc.record({ cpu: opt(fc.oneof(fc.constantFrom(0.5, 1, 2), hostileNumber)), memory: opt(size) })),
  taskManager: rarely(fc.record({ cpu: opt(fc.oneof(fc.constantFrom(0.5, 1, 2), hostileNumber)), memory: opt(size) })),
  checkpointing: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 20,
      arbitrary: fc.oneof(
        fc.constant({ describe: 'disabled', make: () => Checkpointing.disabled() }),
        fc.tuple(duration, opt(enumOrJunk(Object.values(CheckpointingMode))), rarely(duration), rarely(duration)).map(([every, mode, pause, t]) => ({
          describe: `every(${every.describe})`,
          make: () => Checkpointing.every(every.make(), { mode, minPause: make(pause), timeout: make(t) }),
        })),
      ) as fc.Arbitrary<Lazy<Checkpointing>>,
    },
  ),
  restartStrategy: opt(
    fc.oneof(
      fc.constant({ describe: 'none', make: () => RestartStrategy.none() }),
      fc.tuple(duration, duration).map(([a, b]) => ({ describe: 'exponentialDelay', make: () => RestartStrategy.exponentialDelay(a.make(), b.make()) })),
      fc.tuple(intLike(1, 10), duration).map(([n, d]) => ({ describe: 'fixedDelay', make: () => RestartStrategy.fixedDelay(n, d.make()) })),
    ) as fc.Arbitrary<Lazy<RestartStrategy>>,
  ),
  upgradeMode: opt(enumOrJunk(Object.values(UpgradeMode))),
  prometheus: opt(fc.boolean()),
  flinkConfiguration: rarely(fc.dictionary(fc.oneof(fc.constantFrom('pipeline.max-parallelism', 'execution.checkpointing.interval'), hostileString), fc.oneof(fc.constantFrom('128', '10 s'), hostileString), { maxKeys: 2 })),
  sqlSettings: rarely(fc.dictionary(sqlText(fc.oneof(fc.constantFrom('table.exec.state.ttl', 'table.exec.mini-batch.enabled'), hostileString)), sqlText(fc.oneof(fc.constantFrom('1 h', 'true'), hostileString)), { maxKeys: 2 })),
  freshnessThreshold: opt(duration),
  suspended: opt(fc.boolean()),
  principal: rarely(nameLike(dnsLabel.map((p) => `User:${p}`))),
});

describe('Flink SQL jobs under generated input', () => {
  test('any dedup or window job on Kubernetes or Confluent Cloud synthesizes conforming output whose SQL parses, or is refused with a ValidationError', () => {
    const tally = new Tally();
    let sqlChecked = 0;
    fc.assert(
      fc.property(jobDef, (d) => {
        const columnNames = ['id', 'ts', ...d.extra.map((c) => c.name)];
        const numeric = new Set(['id', ...d.extra.filter((c) => /^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL)/.test(safeSql(c.type))).map((c) => c.name)]);
        const expectations = d.expectationSeeds.map((seed) => fc.sample(expectation(columnNames, numeric), { seed, numRuns: 1 })[0]);
        const outcome = synthOrRefuse((stack) => {
          const cluster = d.target.kubernetes ? selfManaged() : confluentCloud();
          const columns = [
            { name: 'id', type: SqlType.bigint() },
            { name: 'ts', type: SqlType.timestamp(3) },
            ...d.extra.map((c) => ({ name: c.name, type: c.type() })),
          ];
          const from = FlinkTable.cdcSource({
            name: d.sourceName,
            topicName: d.sourceTopic,
            columns,
            primaryKey: ['id'],
            eventTime: d.eventTime,
            watermarkDelay: make(d.watermarkDelay),
            kafkaMetadata: d.kafkaMetadata,
            startupMode: d.startupMode,
          });
          let statement: FlinkStatement;
          if (d.window) {
            const [size0, slide] = d.window;
            statement = FlinkStatement.windowAggregate({
              from,
              into: FlinkTable.appendSink({
                name: d.sinkName,
                topicName: d.sinkTopic,
                deliveryGuarantee: d.guarantee,
                columns: [
                  { name: 'window_start', type: SqlType.timestamp(3) },
                  { name: 'window_end', type: SqlType.timestamp(3) },
                  { name: 'events', type: SqlType.bigint() },
                ],
              }),
              window: slide ? WindowSpec.hop(slide.make(), size0.make()) : WindowSpec.tumble(size0.make()),
              aggregates: [{ name: 'events', function: AggregateFunction.COUNT }],
              expectations: expectations.map((e) => e.make()),
            });
          } else {
            statement = FlinkStatement.latestByKey({
              from,
              into: FlinkTable.upsertSink({ name: d.sinkName, topicName: d.sinkTopic, columns, primaryKey: ['id'] }),
              expectations: expectations.map((e) => e.make()),
            });
          }
          const dlq = d.dlq === undefined ? undefined : new DeadLetterTopic(stack, 'Dlq', { cluster, source: d.dlq });
          new FlinkSqlJob(stack, 'Job', {
            name: d.name,
            statements: [statement],
            target: d.target.make(),
            cluster,
            deadLetterTopic: dlq,
            principal: d.principal,
            version: d.version,
            parallelism: d.parallelism,
            taskSlots: d.taskSlots,
            jobManager: d.jobManager && { cpu: d.jobManager.cpu, memory: make(d.jobManager.memory) },
            taskManager: d.taskManager && { cpu: d.taskManager.cpu, memory: make(d.taskManager.memory) },
            checkpointing: make(d.checkpointing),
            restartStrategy: make(d.restartStrategy),
            upgradeMode: d.upgradeMode,
            prometheus: d.prometheus,
            flinkConfiguration: d.flinkConfiguration,
            sqlSettings: d.sqlSettings,
            freshnessThreshold: make(d.freshnessThreshold),
            suspended: d.suspended,
          });
        });
        tally.record(outcome);
        if (outcome.ok) {
          sqlChecked++;
          expect(sqlErrors(outcome.out)).toEqual([]);
        }
      }),
      params(200),
    );
    tally.report('flink');
    expect(sqlChecked).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, timeout(200, 100));
});
