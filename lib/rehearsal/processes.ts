import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

/** A free loopback TCP port (the kernel picks it, so two rehearsals never collide). */
/**
 * A free port for a server to listen on, chosen below the kernel's ephemeral range
 * (`/proc/sys/net/ipv4/ip_local_port_range`). A port from `listen(0)` is an ephemeral one: freed
 * again, the kernel may hand it to the next process binding port 0 (Flink's BLOB server does) before
 * our server takes it, and the server then fails with "address in use".
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const from = Math.max(1024, Math.min(20_000, low - 10_000));
  const to = Math.max(from + 1000, low);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (issued.has(port)) continue;
    if (await canListen(port)) {
      issued.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${from} and ${to}`);
}

/** Ports handed out in this process: a server may not have bound its port yet. */
const issued = new Set<number>();

function ephemeralRange(): [number, number] {
  try {
    const [a, b] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (a > 1024 && b > a) return [a, b];
  } catch {
    // not Linux: the IANA range
  }
  return [49152, 65535];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `n` distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      if ((e as { fatal?: boolean }).fatal) throw e;
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? `: ${(last as Error).message ?? last}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

export interface HttpResult {
  readonly status: number;
  readonly body: string;
}

/** A plain HTTP request to a loopback service. */
export function httpRequest(url: string, options: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body) } : {},
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a command to completion; never throws on a non-zero exit (the caller reads `code`). */
export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly input?: string;
  readonly timeoutMs?: number;
}

export function run(cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 600_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as any).code === 'number' ? (error as any).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && typeof (error as any).code !== 'number' ? `\n${error.message}` : '') });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Run a command and fail with its output when it exits non-zero. */
export async function runChecked(what: string, cmd: string, args: string[], options: RunOptions = {}): Promise<string> {
  const r = await run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(-3000)}`);
  return r.stdout;
}

/** One process the rehearsal started, its log file, and how to stop it. */
export class ManagedProcess {
  public readonly name: string;
  public readonly logFile: string;
  public readonly child: ChildProcess;
  private exited = false;
  private exitCode: number | null = null;

  constructor(name: string, child: ChildProcess, logFile: string) {
    this.name = name;
    this.child = child;
    this.logFile = logFile;
    child.once('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
    });
  }

  public get pid(): number | undefined {
    return this.child.pid;
  }

  public get running(): boolean {
    return !this.exited;
  }

  /** The last lines of the log, for error messages. */
  public tail(lines = 40): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** The first exception the log reports, and its root cause: what a reader needs from a Java trace. */
  public failure(): string | undefined {
    let text = '';
    try {
      text = fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return undefined;
    }
    const first = /^(?:Exception in thread "[^"]*" )?([\w.$]+(?:Exception|Error): .*)$/m.exec(text)?.[1];
    const causes = [...text.matchAll(/^Caused by: (.*)$/gm)].map((m) => m[1]);
    if (!first) return undefined;
    const root = causes.length > 0 ? causes[causes.length - 1] : undefined;
    return root && root !== first ? `${first}\n  root cause: ${root}` : first;
  }

  /** Fail when the process has died: with its first exception when there is one, and where its log is. */
  public assertRunning() {
    if (!this.exited) return;
    const failure = this.failure();
    throw Object.assign(
      new Error(`${this.name} exited (code ${this.exitCode}): ${failure ?? this.tail(20)}\n  (log: ${this.logFile})`),
      { fatal: true },
    );
  }

  /** SIGTERM the process group, then SIGKILL after `graceMs`. */
  public async stop(graceMs = 15_000): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    signalGroup(this.child.pid, 'SIGTERM');
    const timer = sleep(graceMs).then(() => 'timeout');
    if ((await Promise.race([exited.then(() => 'exited'), timer])) === 'timeout') {
      signalGroup(this.child.pid, 'SIGKILL');
      await Promise.race([exited, sleep(5_000)]);
    }
  }

  /** SIGKILL at once (a crash, not a shutdown). */
  public async kill(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    signalGroup(this.child.pid, 'SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * The processes of one rehearsal. Each runs in its own process group with its output in
 * `<logDir>/<name>.log`; `stopAll` stops exactly these, newest first, and nothing else.
 */
export class ProcessGroup {
  /**
   * Stop what an earlier run recorded in `pidFile` and left behind (killed before it could clean
   * up): only those process ids, and only while their command line still names `marker`.
   */
  public static stopLeftovers(pidFile: string, marker: string): number {
    if (!fs.existsSync(pidFile)) return 0;
    let stopped = 0;
    for (const line of fs.readFileSync(pidFile, 'utf8').split('\n')) {
      const pid = Number(line.trim());
      if (!Number.isInteger(pid) || pid <= 1) continue;
      let cmdline = '';
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue; // gone
      }
      if (!cmdline.includes(marker)) continue; // the id was reused by another program
      signalGroup(pid, 'SIGKILL');
      stopped++;
    }
    fs.rmSync(pidFile, { force: true });
    return stopped;
  }

  private readonly processes: ManagedProcess[] = [];
  /** Every process id this group started, one a line, so a later run can clean up after a kill. */
  public readonly pidFile: string;

  constructor(public readonly logDir: string) {
    fs.mkdirSync(logDir, { recursive: true });
    this.pidFile = path.join(logDir, 'pids');
  }

  /** Record a process started outside `start` (a topic follower) for leftover cleanup. */
  public record(pid: number | undefined) {
    if (pid !== undefined) fs.appendFileSync(this.pidFile, `${pid}\n`);
  }

  public start(name: string, cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ManagedProcess {
    const logFile = path.join(this.logDir, `${name}.log`);
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `# ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', fd, fd], detached: true });
    fs.closeSync(fd);
    const p = new ManagedProcess(name, child, logFile);
    this.record(child.pid);
    child.on('error', (e) => fs.appendFileSync(logFile, `spawn error: ${e.message}\n`));
    this.processes.push(p);
    return p;
  }

  public find(name: string): ManagedProcess | undefined {
    return this.processes.find((p) => p.name === name);
  }

  public get all(): ManagedProcess[] {
    return [...this.processes];
  }

  public async stopAll(): Promise<void> {
    for (const p of [...this.processes].reverse()) await p.stop();
  }
}
