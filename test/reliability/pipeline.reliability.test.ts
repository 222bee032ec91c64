import fc from 'fast-check';
import { dnsLabel, duration, hostileString, identifier, intLike, Lazy, make, nameLike, opt, rarely } from './arbitraries';
import { params, synthOrRefuse, Tally, timeout } from './harness';
import { CdcSource } from '../../lib/cdc';
import { Duration, Secret } from '../../lib/core';
import { AggregateFunction, Expectation, SqlType, WindowSpec } from '../../lib/flink';
import { KafkaCluster } from '../../lib/kafka';
import { PipelineEnvironment, RealtimePipeline, Stream } from '../../lib/pipeline';

const environment = opt(
  fc.oneof(
    fc.constant({ describe: 'development', make: () => PipelineEnvironment.development() }),
    fc.constant({ describe: 'staging', make: () => PipelineEnvironment.staging() }),
    fc.constant({ describe: 'production', make: () => PipelineEnvironment.production() }),
    fc
      .record({
        name: nameLike(dnsLabel),
        production: fc.boolean(),
        replicationFactor: intLike(1, 3),
        minInsyncReplicas: intLike(1, 2),
        defaultPartitions: opt(intLike(1, 12)),
      })
      .map((p) => ({ describe: `custom ${JSON.stringify(p)}`, make: () => PipelineEnvironment.custom(p) })),
  ) as fc.Arbitrary<Lazy<PipelineEnvironment>>,
);

const streamDef = fc.record({
  name: fc.oneof({ weight: 10, arbitrary: identifier }, { weight: 1, arbitrary: hostileString }),
  table: fc.nat(5),
  extra: fc.uniqueArray(identifier.filter((c) => c !== 'id' && c !== 'ts'), { maxLength: 3 }),
  window: rarely(duration, 3),
  watermarkDelay: opt(duration),
  expectations: fc.array(fc.constantFrom('notNull', 'between', 'freshness'), { maxLength: 2 }),
  partitions: opt(intLike(1, 24)),
  retention: opt(duration),
  checkpointInterval: rarely(duration),
  parallelism: opt(intLike(1, 16)),
  freshness: opt(fc.tuple(duration, fc.constantFrom(0.9, 0.95, 0.99))),
  completeness: opt(fc.tuple(duration, fc.constantFrom(0.99, 0.995))),
});

const pipelineDef = fc.record({
  name: opt(nameLike(dnsLabel)),
  environment,
  namespace: nameLike(dnsLabel),
  connectCluster: opt(nameLike(dnsLabel)),
  stateStorage: nameLike(dnsLabel.map((b) => `s3://${b}/flink`)),
  checkpointInterval: opt(duration),
  systemAlerts: opt(fc.boolean()),
  rulePack: opt(fc.boolean()),
  engine: fc.constantFrom('mysql', 'postgres'),
  sourceName: fc.oneof({ weight: 10, arbitrary: identifier }, { weight: 1, arbitrary: hostileString }),
  prefix: opt(nameLike(dnsLabel)),
  tables: fc.uniqueArray(identifier, { minLength: 1, maxLength: 3 }),
  streams: fc.array(streamDef, { minLength: 1, maxLength: 2 }),
});

describe('RealtimePipeline under generated input', () => {
  test('any whole pipeline (CDC source, gated streams, SLOs, any environment) synthesizes conforming output or is refused with a ValidationError naming the construct', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(pipelineDef, (d) => {
        tally.record(
          synthOrRefuse((stack) => {
            const pipeline = new RealtimePipeline(stack, 'Pipeline', {
              cluster: KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9092'], tls: false }),
              name: d.name,
              environment: make(d.environment),
              kubernetes: { namespace: d.namespace, connectCluster: d.connectCluster, flinkStateStorageUri: d.stateStorage },
              checkpointInterval: make(d.checkpointInterval),
              systemAlerts: d.systemAlerts,
              rulePack: d.rulePack,
              disableLock: true,
            });
            const schema = d.engine === 'mysql' ? 'store' : 'public';
            const tables = d.tables.map((t) => `${schema}.${t}`);
            const password = Secret.fromKubernetesSecret('db-cdc', 'password');
            const source = pipeline.addCdcSource(
              d.sourceName,
              d.engine === 'mysql'
                ? CdcSource.mysql({ hostname: 'mysql.internal', user: 'debezium', password, serverId: 184054, tables, topicPrefix: d.prefix })
                : CdcSource.postgres({ hostname: 'pg.internal', database: 'shop', user: 'debezium', password, tables, topicPrefix: d.prefix }),
            );
            for (const s of d.streams) {
              const columns = [
                { name: 'id', type: SqlType.bigint(), notNull: true },
                { name: 'ts', type: SqlType.timestamp(3) },
                ...s.extra.map((name) => ({ name, type: SqlType.string() })),
              ];
              const expectations = s.expectations.map((e) =>
                e === 'notNull' ? Expectation.notNull('id') : e === 'between' ? Expectation.between('id', 0, 1e9) : Expectation.freshness('ts', Duration.minutes(5)),
              );
              const common = {
                from: source.table(tables[s.table % tables.length]),
                columns,
                eventTime: 'ts',
                watermarkDelay: make(s.watermarkDelay),
                expectations,
                partitions: s.partitions,
                retention: make(s.retention),
                checkpointInterval: make(s.checkpointInterval),
                parallelism: s.parallelism,
              };
              const stream = s.window
                ? Stream.windowAggregate({ ...common, window: WindowSpec.tumble(s.window.make()), aggregates: [{ name: 'events', function: AggregateFunction.COUNT }] })
                : Stream.latestByKey({ ...common, key: ['id'] });
              const ps = pipeline.addStream(s.name, stream);
              if (s.freshness) pipeline.addSlo(ps.freshnessSlo({ threshold: s.freshness[0].make(), objective: s.freshness[1] }));
              if (s.completeness) pipeline.addSlo(ps.completenessSlo({ within: s.completeness[0].make(), objective: s.completeness[1] }));
            }
          }),
        );
      }),
      params(100),
    );
    tally.report('pipeline');
    expect(tally.synthesized).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, timeout(100, 150));
});
