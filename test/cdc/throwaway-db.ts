import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pgUser } from '../../lib/rehearsal/databases';
import { freePort } from '../../lib/rehearsal/processes';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function asPgUser(tool: string, args: string[]) {
  const user = pgUser();
  const [cmd, argv] = user ? ['runuser', ['-u', user, '--', tool, ...args]] : [tool, args];
  return execFileSync(cmd, argv, { stdio: 'pipe', timeout: 60_000 });
}

export interface ThrowawayPostgres {
  readonly port: number;
  readonly superuser: string;
  stop(): void;
}

/** initdb a cluster in a temp folder with wal_level=logical, start it on a free loopback port. */
export async function startPostgres(initdb: string): Promise<ThrowawayPostgres> {
  const bin = path.dirname(fs.realpathSync(initdb));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdc-pg-'));
  const user = pgUser();
  if (user) execFileSync('chown', ['-R', user, dir]);
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  asPgUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c wal_level=logical -c max_replication_slots=4 -c max_wal_senders=4 -c fsync=off`;
  asPgUser(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start']);
  return {
    port,
    superuser: 'postgres',
    stop: () => {
      try {
        asPgUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface ThrowawayMariaDb {
  readonly port: number;
  readonly socket: string;
  stop(): Promise<void>;
}

/** mariadb-install-db a datadir in a temp folder, start mariadbd with the binlog on a free loopback port. */
export async function startMariaDb(mariadbd: string): Promise<ThrowawayMariaDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdc-maria-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  const userArgs = isRoot ? ['--user=root'] : [];
  const installer = ['mariadb-install-db', 'mysql_install_db']
    .map((n) => path.join(path.dirname(mariadbd), '..', 'bin', n))
    .concat(['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'])
    .find((p) => fs.existsSync(p));
  if (!installer) throw new Error('mariadb-install-db not found next to mariadbd');
  execFileSync(installer, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs], {
    stdio: 'pipe',
    timeout: 60_000,
  });
  const port = await freePort();
  const child = spawn(
    mariadbd,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
      `--log-error=${path.join(dir, 'error.log')}`,
      '--log-bin=mysql-bin',
      '--binlog-format=ROW',
      '--binlog-row-image=FULL',
      '--server-id=1',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=16M',
      '--innodb-log-file-size=8M',
      '--performance-schema=OFF',
      ...userArgs,
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
      child.kill('SIGKILL');
      throw new Error(`mariadbd did not start: ${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    socket,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
