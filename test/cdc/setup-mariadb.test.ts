import { createConnection, Connection } from 'mysql2/promise';
import { startMariaDb, ThrowawayMariaDb } from './throwaway-db';
import { CdcSource, Secret } from '../../lib';
import { resolveIdentity } from '../../lib/cdc/private/identity';
import { renderMySqlSetup } from '../../lib/cdc/private/setup-sql';
import { renderSnapshotSignalSql } from '../../lib/cdc/private/signal';
import { describeWithTool } from '../conformance/shared';

jest.setTimeout(60_000);

const PLANTED = 'maria-planted-password-51c0de';

function source(grantLockTables = false) {
  return CdcSource.mysql({
    hostname: 'mysql.internal',
    user: 'debezium',
    password: Secret.fromKubernetesSecret('mysql-cdc', 'password', { namespace: 'streaming' }),
    serverId: 184054,
    tables: ['store.orders', 'store.order_items', 'store.inventory'],
    topicPrefix: 'store',
    grantLockTables,
  });
}

/** `SHOW GRANTS` as { object: sorted privileges }. MariaDB prints REPLICATION CLIENT as BINLOG MONITOR. */
function parseGrants(rows: any[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const row of rows) {
    const line = String(Object.values(row)[0]);
    const m = /^GRANT (.+) ON (\S+) TO /.exec(line);
    if (!m) throw new Error(`unexpected grant line: ${line}`);
    if (m[1] === 'USAGE') continue;
    out[m[2].replace(/`/g, '')] = m[1].split(', ').map((p) => (p === 'BINLOG MONITOR' ? 'REPLICATION CLIENT' : p)).sort();
  }
  return out;
}

describeWithTool('mariadbd', 'install Debian\'s mariadb-server package (.ci/install-tools does)', 'MySQL setup SQL on a real MariaDB', (mariadbd) => {
  let db: ThrowawayMariaDb;
  let root: Connection;
  const setup = renderMySqlSetup(source(), resolveIdentity(source(), 'unused'));

  beforeAll(async () => {
    db = await startMariaDb(mariadbd);
    root = await createConnection({ socketPath: db.socket, user: 'root', multipleStatements: true });
    await root.query(`
      CREATE DATABASE store;
      CREATE TABLE store.orders (order_id BIGINT PRIMARY KEY, amount DECIMAL(12,2) NOT NULL);
      CREATE TABLE store.order_items (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL);
      CREATE TABLE store.inventory (sku VARCHAR(32) PRIMARY KEY, qty INT NOT NULL);
      CREATE TABLE store.payroll (id BIGINT PRIMARY KEY, salary DECIMAL(12,2) NOT NULL);
    `);
    await root.query(setup);
    await root.query(setup);
    // What the operator does after the script: set the password from the Secret and unlock.
    await root.query(`ALTER USER 'debezium'@'%' IDENTIFIED BY '${PLANTED}' ACCOUNT UNLOCK`);
  });

  afterAll(async () => {
    await root?.end();
    await db?.stop();
  });

  const asConnector = () => createConnection({ host: '127.0.0.1', port: db.port, user: 'debezium', password: PLANTED, multipleStatements: false });

  test('the binlog is on, in ROW format with FULL row images', async () => {
    const [rows] = await root.query("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format', 'binlog_row_image')");
    expect(Object.fromEntries((rows as any[]).map((r) => [r.Variable_name, r.Value]))).toEqual({ binlog_format: 'ROW', binlog_row_image: 'FULL', log_bin: 'ON' });
  });

  test('the connector user has exactly the grants Debezium needs (SHOW GRANTS)', async () => {
    const [rows] = await root.query("SHOW GRANTS FOR 'debezium'@'%'");
    expect(parseGrants(rows as any[])).toEqual({
      '*.*': ['RELOAD', 'REPLICATION CLIENT', 'REPLICATION SLAVE', 'SHOW DATABASES'],
      'store.debezium_signal': ['INSERT', 'SELECT'],
      'store.inventory': ['SELECT'],
      'store.order_items': ['SELECT'],
      'store.orders': ['SELECT'],
    });
  });

  test('LOCK TABLES is granted only when asked for', async () => {
    await root.query("DROP USER 'debezium'@'%'");
    await root.query(renderMySqlSetup(source(true), resolveIdentity(source(true), 'unused')));
    const [rows] = await root.query("SHOW GRANTS FOR 'debezium'@'%'");
    expect(parseGrants(rows as any[])['*.*']).toEqual(['LOCK TABLES', 'RELOAD', 'REPLICATION CLIENT', 'REPLICATION SLAVE', 'SHOW DATABASES']);
    await root.query("DROP USER 'debezium'@'%'");
    await root.query(setup);
    await root.query(`ALTER USER 'debezium'@'%' IDENTIFIED BY '${PLANTED}' ACCOUNT UNLOCK`);
  });

  test('the account is created locked, so the script alone never opens a passwordless login', async () => {
    await root.query("CREATE USER 'probe'@'%' ACCOUNT LOCK");
    const [rows] = await root.query("SHOW CREATE USER 'probe'@'%'");
    expect(String(Object.values((rows as any[])[0])[0])).toMatch(/ACCOUNT LOCK/);
    expect(setup).toMatch(/CREATE USER IF NOT EXISTS 'debezium'@'%' ACCOUNT LOCK;/);
  });

  test('the connector user can do what the snapshot and the binlog reader do, and no more', async () => {
    const c = await asConnector();
    try {
      const [status] = await c.query('SHOW MASTER STATUS');
      expect((status as any[]).length).toBe(1);
      await c.query('SHOW BINARY LOGS');
      await c.query('FLUSH TABLES WITH READ LOCK');
      await c.query('UNLOCK TABLES');
      const [dbs] = await c.query('SHOW DATABASES');
      expect((dbs as any[]).map((r) => r.Database)).toContain('store');
      await c.query('SELECT * FROM store.orders');
      await c.query("INSERT INTO store.debezium_signal (id, type) VALUES ('w1', 'snapshot-window-open')");
      await expect(c.query('SELECT * FROM store.payroll')).rejects.toThrow(/denied/);
      await expect(c.query('INSERT INTO store.orders VALUES (1, 1)')).rejects.toThrow(/denied/);
      await expect(c.query('DELETE FROM store.debezium_signal')).rejects.toThrow(/denied/);
    } finally {
      await c.end();
    }
  });

  test('the generated backfill signal inserts an execute-snapshot row', async () => {
    await root.query(renderSnapshotSignalSql(source(), ['store.orders']));
    const [rows] = await root.query("SELECT data FROM store.debezium_signal WHERE type = 'execute-snapshot'");
    expect((rows as any[]).map((r) => JSON.parse(r.data))).toEqual([{ 'data-collections': ['store.orders'], 'type': 'incremental' }]);
  });

  test('the setup SQL never contains the password', () => {
    expect(setup).not.toContain(PLANTED);
  });
});
