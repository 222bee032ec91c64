import * as fs from 'fs';
import * as path from 'path';
import { javaBin } from './kafka';
import { freePorts, httpRequest, ManagedProcess, ProcessGroup, waitFor } from './processes';
import { KubeObject } from './stack-output';

/** The Flink release the rehearsal runs for each `FlinkDeployment.spec.flinkVersion`. */
export const FLINK_RELEASES: Record<string, string> = {
  v1_20: '1.20.3',
  v2_2: '2.2.0',
};

/**
 * Keys of `flinkConfiguration` that only mean something on Kubernetes: the rehearsal drops them
 * (and says so) instead of pretending to honour them.
 */
const KUBERNETES_ONLY = [/^high-availability\./, /^kubernetes\./];

/** The job script the FlinkDeployment runs: the ConfigMap key mounted at the path in `job.args[0]`. */
export function jobScript(deployment: KubeObject, objects: KubeObject[]): { script: string; configMap: string } {
  const arg: string | undefined = deployment.spec?.job?.args?.[0];
  if (!arg) throw new Error(`${deployment.source}: job.args[0] (the script path) is missing`);
  const containers: any[] = deployment.spec?.podTemplate?.spec?.containers ?? [];
  const volumes: any[] = deployment.spec?.podTemplate?.spec?.volumes ?? [];
  for (const c of containers) {
    for (const m of c.volumeMounts ?? []) {
      const mount = String(m.mountPath).replace(/\/$/, '');
      if (!arg.startsWith(mount + '/')) continue;
      const vol = volumes.find((v) => v.name === m.name);
      const cmName = vol?.configMap?.name;
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === cmName && (o.metadata.namespace ?? '') === (deployment.metadata.namespace ?? ''));
      const key = arg.slice(mount.length + 1);
      if (!cm?.data?.[key]) throw new Error(`${deployment.source}: ${arg} is mounted from ConfigMap ${cmName}, which holds no key ${key}`);
      return { script: cm.data[key], configMap: cmName };
    }
  }
  throw new Error(`${deployment.source}: no volume of the pod template is mounted at ${arg}`);
}

export interface LocalFlinkJob {
  readonly name: string;
  readonly process: ManagedProcess;
  readonly metricsPort: number;
  readonly restUrl: string;
  readonly release: string;
  /** Configuration keys dropped because they only work on Kubernetes. */
  readonly dropped: string[];
}

/**
 * Run a FlinkDeployment's job the way the operator would, on one local JVM: the shipped SQL runner
 * with the deployment's `flinkConfiguration` (checkpointing, state backend, restart strategy,
 * Prometheus reporter) on a local cluster of the `flinkVersion` release.
 */
export async function startFlinkJob(
  group: ProcessGroup,
  tools: string,
  dir: string,
  deployment: KubeObject,
  script: string,
  rewrite: (text: string) => string,
  restore?: { readonly savepoint: string; readonly metricsPort: number },
): Promise<LocalFlinkJob> {
  const version = String(deployment.spec?.flinkVersion ?? '');
  const release = process.env.REHEARSAL_FLINK_RELEASE ?? FLINK_RELEASES[version];
  if (!release) throw new Error(`${deployment.source}: flinkVersion ${version} has no local release (rehearsed: ${Object.keys(FLINK_RELEASES).join(', ')})`);
  const home = path.join(tools, `flink-${release}`);
  const runner = path.join(home, 'usrlib', 'sql-runner.jar');
  if (!fs.existsSync(runner)) throw new Error(`Flink ${release} is not installed under ${home}: run rehearsal/install.sh`);
  fs.mkdirSync(dir, { recursive: true });
  const scriptFile = path.join(dir, 'job.sql');
  fs.writeFileSync(scriptFile, rewrite(script));
  const [freshMetricsPort, restPort] = await freePorts(2);
  // A restarted job keeps its metrics port: Prometheus scrapes the same target, as it would the
  // same pod template after an operator upgrade.
  const metricsPort = restore?.metricsPort ?? freshMetricsPort;
  const conf: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries<any>(deployment.spec?.flinkConfiguration ?? {})) {
    if (KUBERNETES_ONLY.some((re) => re.test(k))) {
      dropped.push(k);
      continue;
    }
    conf[k] = localUri(String(v), dir);
  }
  conf['metrics.reporter.prom.port'] = String(metricsPort);
  conf['rest.port'] = String(restPort);
  conf['rest.address'] = '127.0.0.1';
  conf['rest.bind-address'] = '127.0.0.1';
  if (restore) {
    // What the operator does for a savepoint upgrade: start from the savepoint, refusing state
    // that maps to no operator unless the deployment allows it.
    conf['execution.state-recovery.path'] = restore.savepoint;
    conf['execution.state-recovery.ignore-unclaimed-state'] = String(deployment.spec?.job?.allowNonRestoredState === true);
  }
  const parallelism = deployment.spec?.job?.parallelism;
  if (parallelism) conf['parallelism.default'] = String(parallelism);
  const confFile = path.join(dir, 'flink-conf.yaml');
  fs.writeFileSync(confFile, Object.keys(conf).sort().map((k) => `${k}: ${JSON.stringify(conf[k])}`).join('\n') + '\n');
  const log4j = path.join(tools, 'flink', 'log4j2.properties');
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const proc = group.start(`flink-${deployment.metadata.name}`, javaBin(), [
    '-Xmx1g',
    // Flink unpacks ~60 MB per start into java.io.tmpdir: keep it in the work dir.
    `-Djava.io.tmpdir=${tmp}`,
    ...JAVA17_OPENS,
    ...(fs.existsSync(log4j) ? [`-Dlog4j.configurationFile=${log4j}`] : []),
    '-cp', `${path.join(home, 'lib')}/*:${runner}`,
    'dev.realtimepipeline.sqlrunner.SqlRunner', scriptFile,
  ], { cwd: dir, env: { ...process.env, SQL_RUNNER_LOCAL_CONF: confFile } });
  const restUrl = `http://127.0.0.1:${restPort}`;
  await waitFor(`Flink job ${deployment.metadata.name} to run`, 240_000, async () => {
    proc.assertRunning();
    const r = await httpRequest(`${restUrl}/jobs/overview`).catch(() => undefined);
    if (!r || r.status !== 200) return undefined;
    const jobs = JSON.parse(r.body).jobs ?? [];
    const failed = jobs.find((j: any) => j.state === 'FAILED');
    if (failed) throw Object.assign(new Error(`Flink job ${failed.name} FAILED; log ${proc.logFile}:\n${proc.tail(60)}`), { fatal: true });
    const running = jobs.find((j: any) => j.state === 'RUNNING');
    if (!running) return undefined;
    // Ready once a first checkpoint completed: every task runs, and the job has committed its
    // starting offsets (the completeness SLI counts from there), as a deployment that went live
    // before traffic reached it would have.
    const cp = await httpRequest(`${restUrl}/jobs/${running.jid}/checkpoints`).catch(() => undefined);
    const completed = cp && cp.status === 200 ? Number(JSON.parse(cp.body).counts?.completed ?? 0) : 0;
    return completed > 0 ? true : undefined;
  }, 1_000);
  return { name: deployment.metadata.name, process: proc, metricsPort, restUrl, release, dropped };
}

/**
 * Stop the job with a savepoint, as the operator does before a savepoint upgrade, and wait for the
 * runner to exit: the savepoint's location.
 */
export async function stopWithSavepoint(job: LocalFlinkJob, dir: string): Promise<string> {
  const overview = JSON.parse((await httpRequest(`${job.restUrl}/jobs/overview`)).body).jobs ?? [];
  const running = overview.find((j: any) => j.state === 'RUNNING');
  if (!running) throw new Error(`Flink job ${job.name} is not running (${overview.map((j: any) => j.state).join(', ') || 'no job'})`);
  fs.mkdirSync(dir, { recursive: true });
  const trigger = await httpRequest(`${job.restUrl}/jobs/${running.jid}/stop`, {
    method: 'POST',
    body: JSON.stringify({ targetDirectory: `file://${dir}`, drain: false }),
  });
  if (trigger.status !== 202 && trigger.status !== 200) throw new Error(`stop with savepoint of ${job.name}: HTTP ${trigger.status} ${trigger.body}`);
  const requestId = JSON.parse(trigger.body)['request-id'];
  const location = await waitFor(`the savepoint of ${job.name}`, 120_000, async () => {
    const r = JSON.parse((await httpRequest(`${job.restUrl}/jobs/${running.jid}/savepoints/${requestId}`)).body);
    if (r.status?.id !== 'COMPLETED') return undefined;
    if (r.operation?.['failure-cause']) {
      throw Object.assign(new Error(`stop with savepoint of ${job.name} failed: ${JSON.stringify(r.operation['failure-cause']).slice(0, 400)}`), { fatal: true });
    }
    return String(r.operation.location);
  }, 500);
  await waitFor(`the runner of ${job.name} to exit after its savepoint`, 60_000, () => (job.process.running ? undefined : true), 500);
  return location;
}

/** Where the job's state came from: the restored checkpoint or savepoint, from the REST API. */
export async function restoredFrom(job: LocalFlinkJob): Promise<{ path?: string; isSavepoint: boolean }> {
  const overview = JSON.parse((await httpRequest(`${job.restUrl}/jobs/overview`)).body).jobs ?? [];
  const current = overview.find((j: any) => j.state === 'RUNNING') ?? overview[0];
  if (!current) return { isSavepoint: false };
  const cp = JSON.parse((await httpRequest(`${job.restUrl}/jobs/${current.jid}/checkpoints`)).body);
  const restored = cp.latest?.restored;
  return { path: restored?.external_path, isSavepoint: restored?.is_savepoint === true };
}

/** The job's restarts and the root exception of the last failure, from the Flink REST API. */
export async function jobHealth(job: LocalFlinkJob): Promise<{ state: string; restarts: number; rootException?: string }> {
  const overview = JSON.parse((await httpRequest(`${job.restUrl}/jobs/overview`)).body).jobs ?? [];
  const current = overview[0];
  if (!current) return { state: 'NONE', restarts: 0 };
  const details = JSON.parse((await httpRequest(`${job.restUrl}/jobs/${current.jid}`)).body);
  const exceptions = JSON.parse((await httpRequest(`${job.restUrl}/jobs/${current.jid}/exceptions`)).body);
  const root: string | undefined = exceptions['root-exception'] ?? exceptions.exceptionHistory?.entries?.[0]?.stacktrace;
  const causes = root ? [...root.matchAll(/(?:^|\n)(?:Caused by: )?([\w.$]+(?:Exception|Error): [^\n]*)/g)].map((m) => m[1]) : [];
  const restarts = Number(details.numRestarts ?? details['job-restarts'] ?? (causes.length > 0 ? 1 : 0));
  return { state: current.state, restarts, rootException: causes.length > 0 ? causes[causes.length - 1].slice(0, 600) : undefined };
}

/** Object-store URIs (s3://, gs://, …) become directories under the rehearsal's work dir. */
function localUri(value: string, dir: string): string {
  return value.replace(/^(s3a?|gs|abfss?|wasbs?|oss|hdfs):\/\/(.*)$/, (_m, _scheme, rest: string) => `file://${path.join(dir, 'state', rest)}`);
}

// What Flink's own launch scripts open on Java 17 (env.java.opts.all of the distribution).
const JAVA17_OPENS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
];
