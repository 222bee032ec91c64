import fc from 'fast-check';
import {
  enumOrJunk, dnsLabel, duration, hostileString, identifier, intLike, k8sSecret, Lazy, make, nameLike, opt, rarely, size, tfSecret, url,
} from './arbitraries';
import { confluentCloud, selfManaged } from './clusters';
import { params, synthOrRefuse, Tally, timeout } from './harness';
import {
  CdcSource, ChangeEventFormat, ColumnMask, ConnectorState, ConnectorTarget, DebeziumConnector, DecimalHandlingMode, PostgresDecodingPlugin,
  PublicationAutocreateMode, SnapshotMode,
} from '../../lib/cdc';
import { Duration, Secret } from '../../lib/core';
import { CleanupPolicy } from '../../lib/kafka';


/** `db.table` names from a small pool, sometimes with `$`, uppercase or hostile. */
const table = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(fc.constantFrom('store', 'public', 'shop'), fc.constantFrom('orders', 'order_items', 'customers', 'payments', 'inventory')).map(([a, b]) => `${a}.${b}`) },
  { weight: 9, arbitrary: fc.tuple(identifier, identifier).map(([a, b]) => `${a}.${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('store.order$items', 'Store.Orders', 'orders', 'a.b.c') },
  { weight: 1, arbitrary: hostileString },
);

/** Usually distinct tables; one list in ten may repeat a table. */
const tables = fc.oneof(
  { weight: 9, arbitrary: fc.uniqueArray(table, { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(table, { minLength: 1, maxLength: 4 }) },
);

/** A column of the n-th captured table (modulo), or of a table that is not captured. */
const columnRef = fc.tuple(fc.nat(3), identifier, fc.boolean().map((b) => b && Math.random() < 0.1));

const common = fc.record({
  hostname: nameLike(dnsLabel.map((h) => `${h}.internal`)),
  port: opt(intLike(1, 65535)),
  user: nameLike(identifier),
  tables,
  topicPrefix: opt(nameLike(dnsLabel)),
  excludedColumns: rarely(fc.array(columnRef, { maxLength: 2 })),
  mask: rarely(
    fc.oneof(
      fc.tuple(columnRef, intLike(1, 255)).map(([c, n]) => ({ kind: 'asterisks', c, n })),
      fc.tuple(columnRef, nameLike(fc.constant('pepper-2024-salt'))).map(([c, n]) => ({ kind: 'hashed', c, n })),
      fc.tuple(columnRef, intLike(0, 65535)).map(([c, n]) => ({ kind: 'truncated', c, n })),
    ),
  ),
  snapshotMode: opt(enumOrJunk(Object.values(SnapshotMode))),
  decimalHandling: opt(enumOrJunk(Object.values(DecimalHandlingMode))),
  heartbeatInterval: opt(duration),
  tombstonesOnDelete: opt(fc.boolean()),
  signalTable: rarely(table),
  additionalConfig: rarely(fc.dictionary(fc.oneof(fc.constantFrom('max.batch.size', 'poll.interval.ms', 'topic.prefix'), hostileString), fc.oneof(fc.constantFrom('2048', '500'), hostileString), { maxKeys: 2 })),
});

const mysql = fc.record({
  common,
  serverId: intLike(1, 4294967295),
  grantLockTables: opt(fc.boolean()),
  binlogRetention: rarely(duration),
});

const postgres = fc.record({
  common,
  database: nameLike(identifier),
  slotName: opt(nameLike(identifier)),
  publicationName: opt(nameLike(identifier)),
  publicationAutocreate: opt(enumOrJunk(Object.values(PublicationAutocreateMode))),
  plugin: opt(enumOrJunk(Object.values(PostgresDecodingPlugin))),
  heartbeatTable: rarely(table),
  maxSlotWalKeepSize: opt(size),
});

function column(tableList: string[], [index, name, uncaptured]: [number, string, boolean]): string {
  return uncaptured ? `other.table.${name}` : `${tableList[index % tableList.length]}.${name}`;
}

function mask(tableList: string[], m: any): ColumnMask {
  const columns = [column(tableList, m.c)];
  if (m.kind === 'asterisks') return ColumnMask.asterisks(columns, m.n);
  if (m.kind === 'hashed') return ColumnMask.hashed(columns, m.n);
  return ColumnMask.truncated(columns, m.n);
}

function commonProps(c: any, password: Lazy<Secret>) {
  return {
    hostname: c.hostname,
    port: c.port,
    user: c.user,
    password: password.make(),
    tables: c.tables,
    topicPrefix: c.topicPrefix,
    excludedColumns: c.excludedColumns?.map((ref: any) => column(c.tables, ref)),
    columnMasks: c.mask ? [mask(c.tables, c.mask)] : undefined,
    snapshotMode: c.snapshotMode,
    decimalHandling: c.decimalHandling,
    heartbeatInterval: make<Duration>(c.heartbeatInterval),
    tombstonesOnDelete: c.tombstonesOnDelete,
    signalTable: c.signalTable,
    additionalConfig: c.additionalConfig,
  };
}

/** A source whose password is the kind of secret the target can resolve (one in ten the other kind). */
const source = (password: fc.Arbitrary<Lazy<Secret>>): fc.Arbitrary<Lazy<CdcSource>> => fc.oneof(
  fc.tuple(mysql, password).map(([m, pw]) => ({
    describe: 'mysql',
    make: () =>
      CdcSource.mysql({
        ...commonProps(m.common, pw),
        serverId: m.serverId,
        grantLockTables: m.grantLockTables,
        binlogRetention: make(m.binlogRetention),
      }),
  })),
  fc.tuple(postgres, password).map(([p, pw]) => ({
    describe: 'postgres',
    make: () =>
      CdcSource.postgres({
        ...commonProps(p.common, pw),
        database: p.database,
        slotName: p.slotName,
        publicationName: p.publicationName,
        publicationAutocreate: p.publicationAutocreate,
        plugin: p.plugin,
        heartbeatTable: p.heartbeatTable,
        maxSlotWalKeepSize: make(p.maxSlotWalKeepSize),
      }),
  })),
);

const k8sPassword = fc.oneof({ weight: 9, arbitrary: k8sSecret }, { weight: 1, arbitrary: tfSecret });
const tfPassword = fc.oneof({ weight: 9, arbitrary: tfSecret }, { weight: 1, arbitrary: k8sSecret });

/** A target with the cluster it usually runs against; one in ten pairs is mismatched on purpose. */
const placement = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        connectCluster: nameLike(dnsLabel),
        namespace: nameLike(dnsLabel),
        state: opt(enumOrJunk(Object.values(ConnectorState))),
        autoRestart: opt(fc.boolean()),
        secretAccessRbac: opt(fc.boolean()),
      })
      .map((o) => ({ describe: `strimzi ${JSON.stringify(o)}`, cluster: selfManaged, target: () => ConnectorTarget.strimzi(o) })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ url: url.map((u) => `${u}:8083`), basicAuth: opt(fc.tuple(nameLike(identifier), tfPassword)), unpaired: rarely(fc.boolean(), 10) })
      .map((o) => ({
        describe: `kafkaConnect ${JSON.stringify(o)}`,
        cluster: selfManaged,
        // `unpaired` drops one half of the basic-auth pair to exercise that refusal.
        target: () =>
          ConnectorTarget.kafkaConnect({
            url: o.url,
            basicAuthUsername: o.unpaired === false ? undefined : o.basicAuth?.[0],
            basicAuthPassword: o.unpaired === true ? undefined : make(o.basicAuth?.[1]),
          }),
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ serviceAccountId: opt(nameLike(dnsLabel.map((s) => `sa-${s}`))), keys: opt(fc.tuple(tfSecret, tfSecret)) })
      .map((o) => ({
        describe: `confluentCloud ${JSON.stringify(o)}`,
        cluster: confluentCloud,
        target: () =>
          ConnectorTarget.confluentCloud({ serviceAccountId: o.serviceAccountId, apiKey: o.keys?.[0].make(), apiSecret: o.keys?.[1].make() }),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { describe: 'strimzi on Confluent Cloud', cluster: confluentCloud, target: () => ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' }) },
      { describe: 'Confluent connector on a self-managed cluster', cluster: selfManaged, target: () => ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-abc123' }) },
    ),
  },
);

const connectorDef = fc.record({
  placementAndSource: placement.chain((p) => source(p.describe.startsWith('strimzi') ? k8sPassword : tfPassword).map((s) => ({ p, s }))),
  connectorName: opt(nameLike(dnsLabel)),
  format: opt(enumOrJunk(Object.values(ChangeEventFormat))),
  topics: rarely(
    fc.record({
      partitions: opt(intLike(1, 12)),
      replicationFactor: opt(fc.constant(3)),
      minInsyncReplicas: opt(intLike(1, 2)),
      cleanupPolicy: opt(enumOrJunk(Object.values(CleanupPolicy))),
    }),
    3,
  ),
  kafkaClientConfig: rarely(fc.dictionary(fc.oneof(fc.constantFrom('compression.type', 'linger.ms', 'bootstrap.servers'), hostileString), fc.oneof(fc.constantFrom('lz4', '5'), hostileString), { maxKeys: 2 })),
});

describe('CDC under generated input', () => {
  test('any MySQL or Postgres source on any connector target synthesizes conforming output or is refused with a ValidationError naming the construct or factory', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.array(connectorDef, { minLength: 1, maxLength: 2 }), (defs) => {
        tally.record(
          synthOrRefuse((stack) => {
            defs.forEach((d, i) => {
              new DebeziumConnector(stack, `Cdc${i}`, {
                source: d.placementAndSource.s.make(),
                cluster: d.placementAndSource.p.cluster(),
                target: d.placementAndSource.p.target(),
                connectorName: d.connectorName,
                format: d.format,
                topics: d.topics,
                kafkaClientConfig: d.kafkaClientConfig,
              });
            });
          }),
        );
      }),
      params(250),
    );
    tally.report('cdc');
    expect(tally.synthesized).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, timeout(250, 60));
});
