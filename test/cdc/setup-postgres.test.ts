import { Client } from 'pg';
import { startPostgres, ThrowawayPostgres } from './throwaway-db';
import { CdcSource, Secret } from '../../lib';
import { heartbeatQuery } from '../../lib/cdc/private/debezium-config';
import { resolveIdentity } from '../../lib/cdc/private/identity';
import { renderPostgresSetup } from '../../lib/cdc/private/setup-sql';
import { renderSnapshotSignalSql } from '../../lib/cdc/private/signal';
import { describeWithTool } from '../conformance/shared';

jest.setTimeout(60_000);

const PLANTED = 'pg-planted-password-7f3a9c';

const source = CdcSource.postgres({
  hostname: 'pg.internal',
  database: 'shop',
  user: 'debezium',
  password: Secret.fromKubernetesSecret('pg-cdc', 'password', { namespace: 'streaming' }),
  tables: ['public.customers', 'sales.payments'],
  topicPrefix: 'shop',
});
const id = resolveIdentity(source, 'unused');
const setup = renderPostgresSetup(source, id);

describeWithTool('initdb', 'install Debian\'s postgresql package (.ci/install-tools does)', 'Postgres setup SQL on a real PostgreSQL', (initdb) => {
  let pg: ThrowawayPostgres;
  let admin: Client;
  const connectAs = async (user: string) => {
    const c = new Client({ host: '127.0.0.1', port: pg.port, user, database: 'shop' });
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    pg = await startPostgres(initdb);
    const boot = new Client({ host: '127.0.0.1', port: pg.port, user: 'postgres', database: 'postgres' });
    await boot.connect();
    await boot.query('CREATE DATABASE shop');
    await boot.end();
    admin = await connectAs('postgres');
    await admin.query(`
      CREATE SCHEMA sales;
      CREATE TABLE public.customers (id bigint PRIMARY KEY, email text NOT NULL);
      CREATE TABLE sales.payments (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL);
      CREATE TABLE public.salaries (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL);
    `);
    // The setup is idempotent: applying it twice must succeed and change nothing.
    await admin.query(setup);
    await admin.query(setup);
    // What the operator does after the script: set the password from the Secret.
    await admin.query(`ALTER ROLE debezium PASSWORD '${PLANTED}'`);
  });

  afterAll(async () => {
    await admin?.end();
    pg?.stop();
  });

  test('the server runs with wal_level=logical', async () => {
    expect((await admin.query('SHOW wal_level')).rows[0].wal_level).toBe('logical');
  });

  test('the publication holds exactly the captured tables plus the heartbeat and signal tables', async () => {
    const r = await admin.query('SELECT schemaname || \'.\' || tablename AS t FROM pg_publication_tables WHERE pubname = $1 ORDER BY 1', [id.publicationName]);
    expect(r.rows.map((x) => x.t)).toEqual(['public.customers', 'public.debezium_heartbeat', 'public.debezium_signal', 'sales.payments']);
    const all = await admin.query('SELECT puballtables FROM pg_publication WHERE pubname = $1', [id.publicationName]);
    expect(all.rows).toEqual([{ puballtables: false }]);
  });

  test('the connector role can create a pgoutput logical replication slot and decode the publication', async () => {
    const dbz = await connectAs('debezium');
    try {
      const slot = await dbz.query('SELECT slot_name FROM pg_create_logical_replication_slot($1, \'pgoutput\')', [id.slotName]);
      expect(slot.rows[0].slot_name).toBe(id.slotName);
      await admin.query('INSERT INTO sales.payments VALUES (1, 19.99)');
      const changes = await dbz.query(
        'SELECT count(*)::int AS n FROM pg_logical_slot_peek_binary_changes($1, NULL, NULL, \'proto_version\', \'1\', \'publication_names\', $2)',
        [id.slotName, id.publicationName],
      );
      expect(changes.rows[0].n).toBeGreaterThan(0);
      await dbz.query('SELECT pg_drop_replication_slot($1)', [id.slotName]);
    } finally {
      await dbz.end();
    }
  });

  test('the heartbeat query runs as the connector role and updates one row', async () => {
    const dbz = await connectAs('debezium');
    try {
      const r = await dbz.query(heartbeatQuery(source));
      expect(r.rowCount).toBe(1);
    } finally {
      await dbz.end();
    }
  });

  test('the connector role can read captured tables and write snapshot watermarks, and nothing else', async () => {
    const dbz = await connectAs('debezium');
    try {
      await expect(dbz.query('SELECT * FROM public.customers')).resolves.toBeDefined();
      await expect(dbz.query('SELECT * FROM sales.payments')).resolves.toBeDefined();
      await expect(dbz.query('INSERT INTO public.debezium_signal (id, type) VALUES (\'w1\', \'snapshot-window-open\')')).resolves.toBeDefined();
      await expect(dbz.query('SELECT * FROM public.salaries')).rejects.toThrow(/permission denied/);
      await expect(dbz.query('INSERT INTO sales.payments VALUES (2, 1)')).rejects.toThrow(/permission denied/);
      await expect(dbz.query('DELETE FROM public.debezium_signal')).rejects.toThrow(/permission denied/);
      await expect(dbz.query('CREATE TABLE public.x (id int)')).rejects.toThrow(/permission denied/);
    } finally {
      await dbz.end();
    }
  });

  test('the connector role has exactly the grants Debezium needs', async () => {
    const grants = await admin.query(
      `SELECT table_schema || '.' || table_name || ':' || privilege_type AS g
         FROM information_schema.role_table_grants WHERE grantee = 'debezium' ORDER BY 1`,
    );
    expect(grants.rows.map((x) => x.g)).toEqual([
      'public.customers:SELECT',
      'public.debezium_heartbeat:SELECT',
      'public.debezium_heartbeat:UPDATE',
      'public.debezium_signal:INSERT',
      'public.debezium_signal:SELECT',
      'sales.payments:SELECT',
    ]);
    const role = await admin.query('SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname = \'debezium\'');
    expect(role.rows[0]).toEqual({
      rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: true, rolcanlogin: true, rolbypassrls: false,
    });
    const members = await admin.query('SELECT count(*)::int AS n FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = \'debezium\'');
    expect(members.rows[0].n).toBe(0);
  });

  test('publication.autocreate.mode=filtered would fail for this role: it cannot alter the publication', async () => {
    const dbz = await connectAs('debezium');
    try {
      await expect(dbz.query(`ALTER PUBLICATION ${id.publicationName} SET TABLE public.customers, sales.payments`)).rejects.toThrow(/must be owner/);
    } finally {
      await dbz.end();
    }
  });

  test('the generated backfill signal inserts an execute-snapshot row', async () => {
    await admin.query(renderSnapshotSignalSql(source, ['sales.payments']));
    const r = await admin.query('SELECT type, data FROM public.debezium_signal WHERE type = \'execute-snapshot\'');
    expect(r.rows).toHaveLength(1);
    expect(JSON.parse(r.rows[0].data)).toEqual({ 'data-collections': ['sales.payments'], 'type': 'incremental' });
  });

  test('sets REPLICA IDENTITY FULL on every captured table, with or without a primary key (Flink needs the old row of an UPDATE)', async () => {
    const identities = await admin.query("SELECT relname, relreplident FROM pg_class WHERE relname IN ('customers', 'payments') ORDER BY relname");
    expect(identities.rows).toEqual([
      { relname: 'customers', relreplident: 'f' },
      { relname: 'payments', relreplident: 'f' },
    ]);
    await admin.query('CREATE TABLE public.audit_log (at timestamptz, line text)');
    const keyless = CdcSource.postgres({
      hostname: 'pg.internal',
      database: 'shop',
      user: 'debezium',
      password: Secret.fromKubernetesSecret('pg-cdc', 'password'),
      tables: ['public.customers', 'public.audit_log'],
      topicPrefix: 'audit',
    });
    const sql = renderPostgresSetup(keyless, resolveIdentity(keyless, 'unused'));
    await expect(admin.query(sql)).resolves.toBeDefined();
    const keylessIdentity = await admin.query("SELECT relreplident FROM pg_class WHERE relname = 'audit_log'");
    expect(keylessIdentity.rows[0].relreplident).toBe('f');
    await expect(admin.query(renderPostgresSetup(keyless, resolveIdentity(keyless, 'unused')).replace('public.audit_log', 'public.nope'))).rejects.toThrow(/relation "public.nope" does not exist/);
    await admin.query('DROP PUBLICATION dbz_audit');
    await admin.query('REVOKE ALL ON public.audit_log FROM debezium');
  });

  test('the setup SQL never contains the password', () => {
    expect(setup).not.toContain(PLANTED);
    expect(setup).not.toMatch(/PASSWORD '[^<]/);
  });
});
