import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { freePort, ManagedProcess, ProcessGroup, run, runChecked, waitFor } from './processes';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A source database the rehearsal started: where it listens and how to run SQL as its administrator. */
export interface SourceDatabase {
  readonly engine: 'mysql' | 'postgres';
  readonly port: number;
  readonly process?: ManagedProcess;
  /** Run SQL as the administrator (one script, stops at the first error); returns stdout. */
  sql(script: string, database?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Look a database binary up: `.tools/bin`, PATH, then Debian's install locations. */
export function findDatabaseTool(tools: string, name: string): string | undefined {
  const candidates = [path.join(tools, 'bin', name)];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, name));
  if (name === 'mariadbd') candidates.push('/usr/sbin/mariadbd');
  const pgDirs = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  for (const v of pgDirs) candidates.push(path.join('/usr/lib/postgresql', v, 'bin', name));
  return candidates.find((c) => fs.existsSync(c));
}

/**
 * Postgres refuses to run as root: as root, run its tools as the `postgres` user (or `nobody`)
 * through runuser, on a directory handed to that user.
 */
export function pgUser(): string | undefined {
  if (!isRoot) return undefined;
  for (const user of ['postgres', 'nobody']) {
    try {
      execFileSync('id', ['-u', user], { stdio: 'ignore' });
      return user;
    } catch {
      // try the next one
    }
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL');
}

function asPgUser(tool: string, args: string[]): [string, string[]] {
  const user = pgUser();
  return user ? ['runuser', ['-u', user, '--', tool, ...args]] : [tool, args];
}

/** initdb a cluster under `dir` with logical decoding on, start it on a free loopback port. */
export async function startPostgres(group: ProcessGroup, tools: string, dir: string): Promise<SourceDatabase> {
  const initdb = findDatabaseTool(tools, 'initdb');
  if (!initdb) throw new Error("PostgreSQL's initdb not found: install Debian's postgresql package (rehearsal/install.sh does)");
  const bin = path.dirname(fs.realpathSync(initdb));
  fs.mkdirSync(dir, { recursive: true });
  const user = pgUser();
  if (user) execFileSync('chown', ['-R', user, dir]);
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const [c1, a1] = asPgUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  await runChecked('initdb', c1, a1, { timeoutMs: 120_000 });
  const port = await freePort();
  const [c2, a2] = asPgUser(path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'wal_level=logical', '-c', 'max_replication_slots=8', '-c', 'max_wal_senders=8', '-c', 'fsync=off',
  ]);
  const proc = group.start('postgres', c2, a2);
  const psql = findDatabaseTool(tools, 'psql') ?? 'psql';
  const sql = async (script: string, database = 'postgres') =>
    runChecked('psql', psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-At', '-f', '-'], { input: script, timeoutMs: 120_000 });
  await waitFor('PostgreSQL to accept connections', 60_000, async () => {
    proc.assertRunning();
    return (await run(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'select 1', '-At'])).code === 0 ? true : undefined;
  });
  return { engine: 'postgres', port, sql, process: proc, stop: () => proc.stop() };
}

/** mariadb-install-db a datadir under `dir`, start mariadbd with a row-based binlog on a free loopback port. */
export async function startMariaDb(group: ProcessGroup, tools: string, dir: string): Promise<SourceDatabase> {
  const mariadbd = findDatabaseTool(tools, 'mariadbd');
  if (!mariadbd) throw new Error("mariadbd not found: install Debian's mariadb-server package (rehearsal/install.sh does)");
  fs.mkdirSync(dir, { recursive: true });
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  const userArgs = isRoot ? ['--user=root'] : [];
  const real = fs.realpathSync(mariadbd);
  const installer = ['mariadb-install-db', 'mysql_install_db']
    .map((n) => path.join(path.dirname(real), '..', 'bin', n))
    .concat(['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'])
    .find((p) => fs.existsSync(p));
  if (!installer) throw new Error('mariadb-install-db not found next to mariadbd');
  await runChecked('mariadb-install-db', installer, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs], { timeoutMs: 120_000 });
  const port = await freePort();
  const proc = group.start('mariadb', mariadbd, [
    '--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--pid-file=${path.join(dir, 'mariadbd.pid')}`, '--log-bin=mysql-bin', '--binlog-format=ROW', '--binlog-row-image=FULL',
    '--server-id=1', '--skip-name-resolve', '--innodb-buffer-pool-size=32M', '--performance-schema=OFF', ...userArgs,
  ]);
  const client = ['mariadb', 'mysql'].map((n) => findDatabaseTool(tools, n)).find((c) => c) ?? 'mariadb';
  const sql = async (script: string, database?: string) =>
    runChecked('mariadb client', client, ['--no-defaults', `--socket=${socket}`, '-u', 'root', '--batch', '--skip-column-names', ...(database ? [database] : [])], {
      input: script,
      timeoutMs: 120_000,
    });
  await waitFor('MariaDB to accept connections', 60_000, () => {
    proc.assertRunning();
    return fs.existsSync(socket) ? true : undefined;
  });
  return { engine: 'mysql', port, sql, process: proc, stop: () => proc.stop() };
}
