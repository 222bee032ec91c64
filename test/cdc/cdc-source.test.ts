import { App, TerraformStack, Testing } from 'cdktf';
import { selfManaged, shopPostgres, storeMySql } from './fixtures';
import {
  CdcSource, ChangeEventFormat, ColumnMask, ConnectorTarget, DebeziumConnector, Errors, PublicationAutocreateMode, Secret, SnapshotMode,
} from '../../lib';
import { renderDebeziumConfig } from '../../lib/cdc/private/debezium-config';
import { resolveIdentity } from '../../lib/cdc/private/identity';
import { renderPostgresSetup } from '../../lib/cdc/private/setup-sql';

const target = () => ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' });
const render = (s: CdcSource) => renderDebeziumConfig(s, resolveIdentity(s, 'x'), { bootstrapServers: 'k:9092', format: ChangeEventFormat.JSON, password: '${secrets:ns/s:k}' });

describe('CdcSource validation', () => {
  test('refuses an empty table list, naming the fix', () => {
    expect(() => storeMySql({ tables: [] })).toThrow(/\[CdcSource.mysql\] tables must be a non-empty list of captured tables \(got \[\]\)\. Fix: list the tables to capture as "database.table"/);
  });

  test('refuses unqualified and duplicate tables', () => {
    expect(() => storeMySql({ tables: ['orders'] })).toThrow(/tables must be fully qualified table names \("database.table"\) \(got "orders"\)/);
    expect(() => storeMySql({ tables: ['store.orders', 'store.orders'] })).toThrow(/tables must be free of duplicates/);
    expect(() => shopPostgres({ tables: ['public.Customers'] })).toThrow(/lowercase Postgres table names/);
  });

  test('refuses excluded or masked columns of tables that are not in the include list', () => {
    expect(() => storeMySql({ excludedColumns: ['store.payroll.salary'] })).toThrow(
      /excludedColumns must be columns of captured tables \(store.orders, store.order_items, store.inventory\) \(got "store.payroll.salary"\)\. Fix: add store.payroll to tables/,
    );
    expect(() => storeMySql({ columnMasks: [ColumnMask.hashed(['store.customers.email'], 'pepper-2024')] })).toThrow(/columnMasks must be columns of captured tables/);
  });

  test('refuses a plain-string password and never prints it', () => {
    let error: any;
    try {
      storeMySql({ password: 'hunter2' as any });
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(/password must be a Secret reference/);
    expect(error.message).not.toContain('hunter2');
  });

  test('refuses an out-of-range server id, a bad slot name and a reserved pass-through key', () => {
    expect(() => storeMySql({ serverId: 0 })).toThrow(/serverId must be a whole number between 1 and 4294967295 \(got 0\)/);
    expect(() => shopPostgres({ slotName: 'Debezium-Slot' })).toThrow(/slotName must be lowercase letters, digits and "_"/);
    expect(() => storeMySql({ additionalConfig: { 'topic.prefix': 'other' } })).toThrow(/additionalConfig\["topic.prefix"\] must be not set here/);
    expect(() => storeMySql({ signalTable: 'store.orders' })).toThrow(/signalTable must be a table that is not captured/);
  });
});

describe('rendered Debezium configuration', () => {
  test('pins the required MySQL keys', () => {
    const c = render(storeMySql());
    for (const key of [
      'connector.class', 'topic.prefix', 'database.hostname', 'database.port', 'database.user', 'database.password', 'database.server.id',
      'schema.history.internal.kafka.topic', 'schema.history.internal.kafka.bootstrap.servers', 'table.include.list',
    ]) expect(c[key]).toEqual(expect.any(String));
    expect(c['database.dbname']).toBeUndefined();
    expect(Object.keys(c)).toEqual([...Object.keys(c)].sort());
  });

  test('pins the required Postgres keys', () => {
    const c = render(shopPostgres());
    for (const key of [
      'connector.class', 'topic.prefix', 'database.hostname', 'database.port', 'database.user', 'database.password', 'database.dbname',
      'plugin.name', 'slot.name', 'publication.name', 'publication.autocreate.mode', 'heartbeat.action.query', 'table.include.list',
    ]) expect(c[key]).toEqual(expect.any(String));
    expect(c['database.server.id']).toBeUndefined();
    expect(c['schema.history.internal.kafka.topic']).toBeUndefined();
  });

  test('renders column exclusions and masks as Debezium lists', () => {
    const c = render(storeMySql({
      excludedColumns: ['store.orders.internal_note'],
      columnMasks: [ColumnMask.hashed(['store.orders.email'], 'pepper-2024'), ColumnMask.asterisks(['store.orders.phone'], 4)],
      snapshotMode: SnapshotMode.NO_DATA,
    }));
    expect(c['column.exclude.list']).toBe('store\\.orders\\.internal_note');
    expect(c['column.mask.hash.SHA-256.with.salt.pepper-2024']).toBe('store\\.orders\\.email');
    expect(c['column.mask.with.4.chars']).toBe('store\\.orders\\.phone');
    expect(c['snapshot.mode']).toBe('no_data');
  });

  test('the filtered publication mode hands the publication to the connector role in the setup', () => {
    const s = shopPostgres({ publicationAutocreate: PublicationAutocreateMode.FILTERED });
    expect(renderPostgresSetup(s, resolveIdentity(s, 'x'))).toContain('ALTER PUBLICATION dbz_shop OWNER TO debezium;');
  });
});

describe('app-wide identity checks', () => {
  function synthErrors(app: App, stacks: TerraformStack[]): string {
    for (const s of stacks) {
      try {
        Testing.synth(s, true);
      } catch (e: any) {
        return e.message;
      }
    }
    void app;
    return '';
  }

  test('refuses two sources with the same topic.prefix, even in different stacks', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    const b = new TerraformStack(app, 'b');
    new DebeziumConnector(a, 'One', { source: storeMySql({ serverId: 1 }), cluster: selfManaged(), target: target() });
    new DebeziumConnector(b, 'Two', { source: storeMySql({ serverId: 2 }), cluster: selfManaged(), target: target(), connectorName: 'two' });
    expect(synthErrors(app, [a])).toMatch(/\[b\/Two\] topic.prefix "store" is also used by a\/One/);
  });

  test('refuses two MySQL sources with the same database.server.id', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    new DebeziumConnector(a, 'One', { source: storeMySql({ topicPrefix: 'one' }), cluster: selfManaged(), target: target() });
    new DebeziumConnector(a, 'Two', { source: storeMySql({ topicPrefix: 'two' }), cluster: selfManaged(), target: target() });
    expect(synthErrors(app, [a])).toMatch(/\[a\/Two\] database.server.id "184054" is also used by a\/One/);
  });

  test('refuses two Postgres sources sharing a slot on one database', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    const pg = (prefix: string) => shopPostgres({ topicPrefix: prefix, slotName: 'shared', password: Secret.fromKubernetesSecret('pg', 'password') });
    new DebeziumConnector(a, 'One', { source: pg('one'), cluster: selfManaged(), target: target() });
    new DebeziumConnector(a, 'Two', { source: pg('two'), cluster: selfManaged(), target: target() });
    expect(synthErrors(app, [a])).toMatch(/slot.name "pg.internal:5432\/shop\/shared" is also used/);
  });

  test('accepts distinct identities', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    new DebeziumConnector(a, 'One', { source: storeMySql({ topicPrefix: 'one', serverId: 1 }), cluster: selfManaged(), target: target() });
    new DebeziumConnector(a, 'Two', { source: storeMySql({ topicPrefix: 'two', serverId: 2 }), cluster: selfManaged(), target: target() });
    expect(synthErrors(app, [a])).toBe('');
  });

  test('refuses Avro without a Schema Registry on the cluster', () => {
    const s = new TerraformStack(Testing.app(), 'a');
    expect(() => new DebeziumConnector(s, 'One', { source: storeMySql(), cluster: selfManaged(), target: target(), format: ChangeEventFormat.AVRO }))
      .toThrow(/format must be JSON unless the cluster has a Schema Registry/);
  });
});
