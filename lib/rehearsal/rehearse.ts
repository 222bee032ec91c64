import * as fs from 'fs';
import * as path from 'path';
import { localSecretPlaceholders, LocalConnect, putConnector, startConnect, waitConnectorRunning, writeSecret } from './connect';
import { SourceDatabase, startMariaDb, startPostgres } from './databases';
import { jobHealth, jobScript, LocalFlinkJob, restoredFrom, startFlinkJob, stopWithSavepoint } from './flink';
import { describeTopics, javaBin, kafkaToolArgs, startKafka, TopicFollower, TopicRecord } from './kafka';
import { freePort, httpRequest, ProcessGroup, runChecked, sleep, waitFor } from './processes';
import { ScrapeJob, startPrometheus } from './prometheus';
import { Scenario, ScenarioSource, ScenarioStep } from './scenario';
import { KubeObject, objectsOfKind, parseYamlDocuments, readStackOutput, StackOutput } from './stack-output';
import { applyTerraform } from './tofu';

export interface RehearsalOptions {
  /** `cdktf.out/stacks/<stack>`. */
  readonly stackDir: string;
  readonly scenario: Scenario;
  /** Where the engines are installed (`.tools`). */
  readonly tools: string;
  /** Work directory: logs per engine, data, state (`.rehearsal/<stack>`). */
  readonly workDir: string;
  /** Leave the engines running after the checks (for a look around); stop them with Ctrl-C. */
  readonly keep?: boolean;
  /** Skip the outage phase (stopping a job and waiting for its missing-data alert). */
  readonly skipOutage?: boolean;
  /**
   * The synthesized output of the same stack after a change (e.g. another watermark delay): with
   * the scenario's `upgrade`, its job replaces the running one from a savepoint.
   */
  readonly upgradeStackDir?: string;
  readonly log?: (line: string) => void;
}

export interface RehearsalCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface RehearsalReport {
  readonly stack: string;
  readonly checks: RehearsalCheck[];
  /** Commit-to-output latencies measured by the rehearsal, in ms. */
  readonly latenciesMs: number[];
  readonly workDir: string;
}

/** How long the healthy pipeline is watched for firing alerts. */
const HEALTHY_WATCH_MS = 3 * 60_000;

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

class Checks {
  public readonly list: RehearsalCheck[] = [];
  constructor(private readonly log: (l: string) => void) {}
  public add(name: string, ok: boolean, detail: string) {
    this.list.push({ name, ok, detail });
    this.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  }
}

/** The highest replication factor among the stack's topics (the local cluster needs that many brokers). */
function brokersNeeded(out: StackOutput): number {
  let rf = 1;
  for (const t of Object.values<any>(out.terraform.resource?.kafka_topic ?? {})) rf = Math.max(rf, Number(t.replication_factor) || 1);
  for (const t of objectsOfKind(out, 'KafkaTopic')) rf = Math.max(rf, Number(t.spec?.replicas) || 1);
  return rf > 1 ? 3 : 1;
}

function refuseUnrunnable(out: StackOutput) {
  const types = Object.keys(out.terraform.resource ?? {});
  const cloud = types.filter((t) => t.startsWith('confluent_'));
  if (cloud.length > 0) {
    throw new Error(`${out.name}: ${cloud.join(', ')} run on Confluent Cloud, which has no local equivalent; rehearse a stack on self-managed Kafka, Strimzi and the Flink operator`);
  }
}

/** Every way the stack names the Kafka cluster (provider, Strimzi, SQL): each maps to the local one. */
export function clusterAddresses(out: StackOutput): string[] {
  const found = new Set<string>();
  for (const p of out.terraform.provider?.kafka ?? []) if (p.bootstrap_servers) found.add(p.bootstrap_servers.join(','));
  for (const c of objectsOfKind(out, 'KafkaConnect')) if (c.spec?.bootstrapServers) found.add(c.spec.bootstrapServers);
  for (const c of objectsOfKind(out, 'KafkaConnector')) {
    for (const [k, v] of Object.entries<any>(c.spec?.config ?? {})) if (k.endsWith('bootstrap.servers')) found.add(String(v));
  }
  // Longest first, so a list is replaced before any of its members.
  return [...found].sort((a, b) => b.length - a.length);
}

function replaceAll(text: string, from: string[], to: string): string {
  let out = text;
  for (const f of from) out = out.split(f).join(to);
  return out;
}

/** Run one synthesized stack on local engines and check what the scenario expects. */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalReport> {
  const log = options.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const out = readStackOutput(options.stackDir);
  refuseUnrunnable(out);
  const logs = path.join(options.workDir, 'logs');
  const leftovers = ProcessGroup.stopLeftovers(path.join(logs, 'pids'), options.tools);
  if (leftovers > 0) log(`stopped ${leftovers} process(es) an interrupted earlier run of ${out.name} left behind`);
  fs.rmSync(options.workDir, { recursive: true, force: true });
  fs.mkdirSync(options.workDir, { recursive: true });
  const group = new ProcessGroup(logs);
  const checks = new Checks(log);
  const latencies: number[] = [];
  const followers: TopicFollower[] = [];
  const onSignal = () => {
    void Promise.all(followers.map((f) => f.stop())).then(() => group.stopAll()).then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const t0 = Date.now();
  const phase = (name: string) => log(`--- ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  try {
    // 1. Kafka, then the Terraform half of the stack creates every topic on it.
    phase('kafka');
    const kafka = await startKafka(group, options.tools, path.join(options.workDir, 'kafka'), brokersNeeded(out));
    log(`kafka: ${kafka.nodes.length} node(s) at ${kafka.bootstrap}`);
    const addresses = clusterAddresses(out);
    const toLocal = (text: string) => replaceAll(text, addresses, kafka.bootstrap);

    phase('terraform');
    const providers: Record<string, any> = {};
    if (out.terraform.provider?.kafka) providers.kafka = { bootstrap_servers: kafka.bootstrap.split(','), tls_enabled: false, skip_tls_verify: true };
    await applyTerraform(options.tools, options.stackDir, path.join(options.workDir, 'terraform'), providers, log);
    const topics = await describeTopics(kafka);
    const declared = Object.values<any>(out.terraform.resource?.kafka_topic ?? {});
    const missing = declared.filter((t) => !topics.has(t.name)).map((t) => t.name);
    const wrong = declared
      .filter((t) => topics.has(t.name))
      .filter((t) => {
        const got = topics.get(t.name)!;
        const configDiffers = Object.entries<any>(t.config ?? {}).some(([k, v]) => got.config[k] !== String(v));
        return got.partitions !== t.partitions || got.replicationFactor !== t.replication_factor || configDiffers;
      })
      .map((t) => t.name);
    checks.add('terraform creates every topic as declared', missing.length === 0 && wrong.length === 0, `${declared.length} topics${missing.length ? `; missing ${missing.join(', ')}` : ''}${wrong.length ? `; differ ${wrong.join(', ')}` : ''}`);

    // 2. Source databases, set up with the library's own setup SQL.
    phase('databases');
    const connectors = objectsOfKind(out, 'KafkaConnector');
    const databases = new Map<string, SourceDatabase>();
    const passwords = new Map<string, string>();
    for (const source of options.scenario.sources) {
      const connector = connectors.find((c) => c.metadata.name === source.connector);
      if (!connector) throw new Error(`scenario names connector ${source.connector}, which the stack does not define (it has ${connectors.map((c) => c.metadata.name).join(', ')})`);
      const cls = String(connector.spec?.class ?? '');
      const dbDir = path.join(options.workDir, 'db', source.connector);
      const db = cls.includes('postgres') ? await startPostgres(group, options.tools, dbDir) : await startMariaDb(group, options.tools, dbDir);
      databases.set(source.connector, db);
      if (db.engine === 'postgres' && source.database) await db.sql(`CREATE DATABASE ${source.database};`);
      await db.sql(source.schema.join('\n'), source.database);
      const setup = out.setupSql.get(source.connector);
      if (!setup) throw new Error(`the stack has no cdc/${source.connector}-setup.sql`);
      await db.sql(setup, source.database);
      const user = String(connector.spec.config['database.user']);
      const password = `rehearsal-${Math.random().toString(36).slice(2, 12)}`;
      passwords.set(source.connector, password);
      await db.sql(
        db.engine === 'postgres'
          ? `ALTER ROLE "${user}" WITH LOGIN PASSWORD '${password}';`
          : `ALTER USER '${user}'@'%' IDENTIFIED BY '${password}' ACCOUNT UNLOCK;`,
        source.database,
      );
      log(`${source.connector}: ${db.engine} on 127.0.0.1:${db.port}, setup SQL applied`);
    }

    // 3. Connect with the plugins of spec.build; connectors registered as Strimzi would.
    phase('connect');
    const connects = new Map<string, LocalConnect>();
    for (const kc of objectsOfKind(out, 'KafkaConnect')) {
      const dir = path.join(options.workDir, 'connect', kc.metadata.name);
      fs.mkdirSync(dir, { recursive: true });
      const rules = connectMetricsRules(kc, out.objects, dir);
      const local = { ...kc, spec: { ...kc.spec, bootstrapServers: kafka.bootstrap } };
      connects.set(kc.metadata.name, await startConnect(group, options.tools, dir, kafka, local, rules));
      log(`connect ${kc.metadata.name}: running`);
    }
    for (const connector of connectors) {
      const clusterName = connector.metadata.labels?.['strimzi.io/cluster'];
      const connect = clusterName ? connects.get(clusterName) : undefined;
      if (!connect) throw new Error(`${connector.source}: its Connect cluster ${clusterName} is not in the stack`);
      const db = databases.get(connector.metadata.name);
      if (!db) {
        log(`connector ${connector.metadata.name}: no scenario source, not started`);
        continue;
      }
      const config: Record<string, string> = { 'connector.class': connector.spec.class, 'tasks.max': String(connector.spec.tasksMax ?? 1) };
      for (const [k, v] of Object.entries<any>(connector.spec.config ?? {})) config[k] = localSecretPlaceholders(toLocal(String(v)), connect);
      config['database.hostname'] = '127.0.0.1';
      config['database.port'] = String(db.port);
      const pw = /^\$\{secrets:([^/}]+)\/([^:}]+):([^}]+)\}$/.exec(String(connector.spec.config['database.password'] ?? ''));
      if (pw) writeSecret(connect, pw[1], pw[2], pw[3], passwords.get(connector.metadata.name)!);
      else throw new Error(`${connector.source}: database.password is not a Kubernetes Secret reference; the rehearsal only provides those`);
      await putConnector(connect, connector.metadata.name, config);
      await waitConnectorRunning(connect, connector.metadata.name);
      // RUNNING is not yet streaming: a row written during the snapshot arrives as a snapshot
      // read, late. Changes start once Debezium reports its streaming context connected.
      await waitFor(`connector ${connector.metadata.name} to stream`, 180_000, async () => {
        const m = await httpRequest(`http://127.0.0.1:${connect.metricsPort}/metrics`).catch(() => undefined);
        const streaming = m?.body.split('\n').find((l) => l.startsWith('debezium_metrics_Connected{') && l.includes('context="streaming"') && l.includes(`name="${config['topic.prefix']}"`));
        return streaming && Number(streaming.split(' ').pop()) === 1 ? true : undefined;
      }, 1_000);
      checks.add(`connector ${connector.metadata.name} runs and streams`, true, `${connector.spec.class}`);
    }

    // 4. Flink jobs: the runner with the deployment's configuration.
    phase('flink');
    const jobs = new Map<string, LocalFlinkJob>();
    for (const fd of objectsOfKind(out, 'FlinkDeployment')) {
      const { script } = jobScript(fd, out.objects);
      // A deployment that has run before has committed positions for every partition it reads;
      // a brand-new consumer group has none until records arrive, and its first commit would read
      // as a jump the offset-based completeness SLI cannot count. Create the group at the start
      // offsets first (the job reads from earliest-offset either way).
      for (const [consumerGroup, topic] of sourceGroups(script)) {
        await runChecked(`create consumer group ${consumerGroup} on ${topic}`, javaBin(), [
          ...kafkaToolArgs(kafka), 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
          '--bootstrap-server', kafka.bootstrap, '--group', consumerGroup, '--topic', topic, '--reset-offsets', '--to-earliest', '--execute',
        ]);
      }
      const job = await startFlinkJob(group, options.tools, path.join(options.workDir, 'flink', fd.metadata.name), fd, script, toLocal);
      jobs.set(fd.metadata.name, job);
      log(`flink ${fd.metadata.name}: running on Flink ${job.release}${job.dropped.length ? ` (Kubernetes-only settings not applied: ${job.dropped.join(', ')})` : ''}`);
    }

    // 5. Monitoring: kafka_exporter and Prometheus with the stack's rule files as they are.
    phase('monitoring');
    const scrape: ScrapeJob[] = [];
    for (const job of jobs.values()) scrape.push({ job: `flink-${job.name}`, targets: [`127.0.0.1:${job.metricsPort}`] });
    for (const [name, c] of connects) scrape.push({ job: `connect-${name}`, targets: [`127.0.0.1:${c.metricsPort}`] });
    const exporterPort = await freePort();
    const exporter = group.start('offsets-exporter', javaBin(), [
      ...kafkaToolArgs(kafka),
      path.join(__dirname, '..', '..', 'rehearsal', 'offsets-exporter', 'OffsetsExporter.java'),
      kafka.bootstrap,
      String(exporterPort),
    ]);
    scrape.push({ job: 'kafka-exporter', targets: [`127.0.0.1:${exporterPort}`] });
    const prom = await startPrometheus(group, options.tools, path.join(options.workDir, 'prometheus'), out.ruleFiles, scrape);
    exporter.assertRunning();
    log(`prometheus: ${prom.url}`);
    // Traffic starts once Prometheus has seen every target twice: an offset that moved before the
    // first scrape never shows as a change (the completeness SLI and its stall check read changes).
    await waitFor('Prometheus to scrape every target twice', 120_000, async () => {
      const up = await prom.query('count_over_time(up[1m])');
      const ok = up.filter((s: any) => Number(s.value[1]) >= 2).length;
      const healthy = (await prom.query('up == 1')).length;
      return up.length === scrape.length && ok === scrape.length && healthy === scrape.length ? true : undefined;
    }, 1_000);
    const badGroups = (await prom.ruleGroups()).flatMap((g: any) => g.rules.filter((r: any) => r.health === 'err').map((r: any) => `${g.name}/${r.name}: ${r.lastError}`));
    checks.add('Prometheus loads the rule files as they are', badGroups.length === 0, `${out.ruleFiles.length} file(s)${badGroups.length ? `; ${badGroups.join('; ')}` : ''}`);

    // 6. The scenario: changes in the source databases, then what the topics hold. A job that
    // fails meanwhile (Flink restarts it) ends the rehearsal with its root exception.
    phase('scenario');
    const failingJob = async (): Promise<void> => {
      for (const job of jobs.values()) {
        const h = await jobHealth(job).catch(() => undefined);
        if (h?.rootException) throw Object.assign(new Error(`Flink job ${job.name} fails: ${h.rootException} (log: ${job.process.logFile})`), { fatal: true });
      }
    };
    const watched = new Set<string>();
    for (const e of options.scenario.expect.latestByKey ?? []) watched.add(e.topic);
    for (const e of options.scenario.expect.deadLetters ?? []) watched.add(e.topic);
    for (const s of options.scenario.sources) for (const st of s.steps) if (st.measure) watched.add(st.measure.topic);
    const byTopic = new Map<string, TopicFollower>();
    for (const t of watched) {
      const f = new TopicFollower(kafka, t, path.join(logs, `topic-${t}.log`));
      group.record(f.child.pid);
      followers.push(f);
      byTopic.set(t, f);
    }
    // One step: its transaction, then (with `measure`) the wait for its key on the topic.
    const runStep = async (source: ScenarioSource, step: ScenarioStep): Promise<boolean> => {
      const db = databases.get(source.connector)!;
      const sql = db.engine === 'postgres' ? `BEGIN;\n${step.sql.join('\n')}\nCOMMIT;` : `START TRANSACTION;\n${step.sql.join('\n')}\nCOMMIT;`;
      const before = Date.now();
      await db.sql(sql, source.database);
      const committed = Date.now();
      if (!step.measure) return true;
      const follower = byTopic.get(step.measure.topic)!;
      let probes = 0;
      const seen = await waitFor(`step "${step.name}" to reach ${step.measure.topic}`, 180_000, async () => {
        if (++probes % 25 === 0) await failingJob();
        return follower.records.find((r) => r.seenAt >= before && keyMatches(r, step.measure!.key));
      }, 200).catch((e) => {
        if ((e as { fatal?: boolean }).fatal) throw e;
        return undefined;
      });
      if (!seen) checks.add(`step "${step.name}" reaches ${step.measure.topic}`, false, 'not within 180 s');
      else if (step.measure.latency !== false) latencies.push(Math.max(0, seen.seenAt - committed));
      return seen !== undefined;
    };
    for (const source of options.scenario.sources) {
      for (const step of source.steps) await runStep(source, step);
    }
    for (const e of options.scenario.expect.latestByKey ?? []) {
      const follower = byTopic.get(e.topic)!;
      let diff = '';
      const ok = await waitFor(`${e.topic} to hold the latest row per key`, 120_000, () => {
        diff = compareLatest(follower.records, e.key, e.rows);
        return diff === '' ? true : undefined;
      }, 1_000).catch(() => false);
      checks.add(`${e.topic} holds exactly the latest row per key`, ok === true, ok === true ? `${e.rows.length} keys` : diff);
    }
    for (const e of options.scenario.expect.deadLetters ?? []) {
      const follower = byTopic.get(e.topic)!;
      let got: Record<string, number> = {};
      const ok = await waitFor(`${e.topic} to hold the rejected rows`, 120_000, () => {
        got = deadLetterCodes(follower.records);
        return sameCounts(got, e.codes) ? true : undefined;
      }, 1_000).catch(() => false);
      checks.add(`${e.topic} holds the rejected rows with their codes in headers`, ok === true, `expected ${JSON.stringify(e.codes)}, got ${JSON.stringify(got)}`);
    }

    for (const job of jobs.values()) {
      const health = await jobHealth(job);
      checks.add(`Flink job ${job.name} runs without failing`, health.state === 'RUNNING' && !health.rootException, `${health.state}${health.rootException ? `; ${health.rootException}` : ''}`);
    }

    // 7. Healthy: every recording rule has a value and no alert fires.
    phase('healthy');
    const noData = options.scenario.noData ?? {};
    for (const [slo, why] of Object.entries(noData)) log(`not rehearsed: SLO ${slo} (${why})`);
    const records = recordingRules(out).filter((r) => !(r.labels.slo && noData[r.labels.slo]));
    let empty: string[] = [];
    // Range windows with an offset (completeness) need their whole window of samples first.
    await waitFor('every recording rule to have a value', 300_000, async () => {
      empty = [];
      for (const r of records) if ((await prom.query(r.selector)).length === 0) empty.push(r.selector);
      return empty.length === 0 ? true : undefined;
    }, 5_000).catch(() => undefined);
    checks.add('every SLI recording rule has a value', empty.length === 0, empty.length ? `empty: ${empty.join(', ')}` : `${records.length} recording rules`);
    // Healthy for a while: every poll of the alerts over HEALTHY_WATCH_MS, none may fire (a
    // pending alert is not a page; one that stays pending long enough fires within the watch).
    const fired = new Set<string>();
    const watchUntil = Date.now() + HEALTHY_WATCH_MS;
    while (Date.now() < watchUntil) {
      for (const a of await prom.alerts()) {
        if (a.state === 'firing' && !(a.labels.slo && noData[a.labels.slo])) fired.add(`${a.labels.alertname}${a.labels.slo ? `{slo=${a.labels.slo}}` : ''}`);
      }
      await sleep(5_000);
    }
    checks.add(`no alert fires while the pipeline is healthy (watched ${HEALTHY_WATCH_MS / 60_000} min)`, fired.size === 0, [...fired].join(', '));

    // Waits until every alert matcher fires; the minutes it took, or undefined past the limit.
    const awaitAlerts = async (alerts: string[], withinMinutes: number, since: number): Promise<{ fired: string[]; minutes: string }> => {
      const wanted = alerts.map(parseAlertMatcher);
      let seen: string[] = [];
      await waitFor(`${alerts.join(', ')} to fire`, withinMinutes * 60_000, async () => {
        const firing = (await prom.alerts()).filter((a) => a.state === 'firing');
        seen = alerts.filter((_a, i) => firing.some((f) => Object.entries(wanted[i]).every(([k, v]) => f.labels[k] === v)));
        return seen.length === alerts.length ? true : undefined;
      }, 5_000).catch(() => undefined);
      return { fired: seen, minutes: ((Date.now() - since) / 60_000).toFixed(1) };
    };

    // 8. Upgrade: stop a job with a savepoint, start the upgraded stack's version of it from the
    // savepoint (what the operator does for upgradeMode savepoint), and the changes made after
    // must flow through it.
    const upgrade = options.scenario.upgrade;
    if (upgrade && options.upgradeStackDir) {
      phase(`upgrade: ${upgrade.name}`);
      const before = jobs.get(upgrade.job);
      if (!before) throw new Error(`scenario upgrade names job ${upgrade.job}, which the stack does not run`);
      const next = readStackOutput(options.upgradeStackDir);
      const fd = objectsOfKind(next, 'FlinkDeployment').find((d) => d.metadata.name === upgrade.job);
      if (!fd) throw new Error(`${options.upgradeStackDir}: no FlinkDeployment ${upgrade.job}`);
      const { script } = jobScript(fd, next.objects);
      const old = jobScript(objectsOfKind(out, 'FlinkDeployment').find((d) => d.metadata.name === upgrade.job)!, out.objects).script;
      if (script === old) throw new Error(`${options.upgradeStackDir}: job ${upgrade.job} is the same as in the running stack; an upgrade needs a change`);
      const savepoint = await stopWithSavepoint(before, path.join(options.workDir, 'flink', upgrade.job, 'upgrade-savepoints'));
      log(`upgrade ${upgrade.job}: savepoint ${savepoint}`);
      let restarted: LocalFlinkJob | undefined;
      let failure = '';
      try {
        restarted = await startFlinkJob(group, options.tools, path.join(options.workDir, 'flink', `${upgrade.job}-upgraded`), fd, script, toLocal, {
          savepoint,
          metricsPort: before.metricsPort,
        });
        jobs.set(upgrade.job, restarted);
      } catch (e) {
        failure = (e as Error).message.slice(0, 600);
      }
      const restored = restarted ? await restoredFrom(restarted) : { isSavepoint: false, path: undefined };
      const fromSavepoint = restored.path !== undefined && savepoint.replace(/^file:(\/\/)?/, '').replace(/\/$/, '') === restored.path.replace(/^file:(\/\/)?/, '').replace(/\/$/, '');
      checks.add(
        `${upgrade.job} restarts from its savepoint after "${upgrade.name}"`,
        fromSavepoint,
        restarted ? `restored from ${restored.path ?? 'nothing'}` : failure,
      );
      if (restarted) {
        let flowed = true;
        for (const step of upgrade.steps) {
          const source = options.scenario.sources.find((x) => x.connector === step.connector)!;
          flowed = (await runStep(source, step)) && flowed;
        }
        const health = await jobHealth(restarted);
        checks.add(
          `changes after the upgrade flow through the restored ${upgrade.job}`,
          flowed && health.state === 'RUNNING' && !health.rootException,
          `${upgrade.steps.length} step(s); ${health.state}${health.rootException ? `; ${health.rootException}` : ''}`,
        );
      }
    }

    // 9. Flood: a burst of rows that fail the quality gate; the dead-letter alert must fire.
    const flood = options.scenario.flood;
    if (flood) {
      phase(`flood: ${flood.name}`);
      const source = options.scenario.sources.find((x) => x.connector === flood.connector);
      const db = databases.get(flood.connector);
      if (!source || !db) throw new Error(`scenario flood names connector ${flood.connector}, which the scenario has no source for`);
      const sql = db.engine === 'postgres' ? `BEGIN;\n${flood.sql.join('\n')}\nCOMMIT;` : `START TRANSACTION;\n${flood.sql.join('\n')}\nCOMMIT;`;
      const started = Date.now();
      await db.sql(sql, source.database);
      const r = await awaitAlerts(flood.alerts, flood.withinMinutes, started);
      checks.add(`${flood.name} fires ${flood.alerts.join(', ')}`, flood.alerts.every((a) => r.fired.includes(a)), `after ${r.minutes} min (limit ${flood.withinMinutes} min)`);
    }

    // 10. Outage: stop a job; its missing-data alert must fire.
    const outage = options.scenario.outage;
    if (outage && !options.skipOutage) {
      phase(`outage: stopping ${outage.job}`);
      const job = jobs.get(outage.job);
      if (!job) throw new Error(`scenario outage names job ${outage.job}, which the stack does not run`);
      await job.process.kill();
      const r = await awaitAlerts(outage.alerts, outage.withinMinutes, Date.now());
      checks.add(`stopping ${outage.job} fires ${outage.alerts.join(', ')}`, outage.alerts.every((a) => r.fired.includes(a)), `after ${r.minutes} min (limit ${outage.withinMinutes} min)`);
    }
    if (options.keep) {
      log(`--keep: engines stay up (logs under ${logs}); Ctrl-C stops them`);
      await new Promise<void>(() => undefined);
    }
  } finally {
    if (!options.keep) {
      await Promise.all(followers.map((f) => f.stop()));
      await group.stopAll();
    }
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return { stack: out.name, checks: checks.list, latenciesMs: latencies, workDir: options.workDir };
}

/** (consumer group, topic) of every Kafka source table a Flink script declares. */
export function sourceGroups(script: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of script.matchAll(/\)\s*WITH\s*\(([\s\S]*?)\n\)/g)) {
    const opt = (k: string) => new RegExp(`'${k.replace(/\./g, '\\.')}'\\s*=\\s*'((?:[^']|'')*)'`).exec(m[1])?.[1].replace(/''/g, "'");
    const group = opt('properties.group.id');
    const topic = opt('topic');
    if (opt('connector') === 'kafka' && group && topic) out.push([group, topic]);
  }
  return out;
}

/** `Name{label=value,…}` (or a bare alert name) as the labels an alert must carry. */
export function parseAlertMatcher(text: string): Record<string, string> {
  const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?$/.exec(text.trim());
  if (!m) throw new Error(`scenario outage alert ${JSON.stringify(text)} is not Name or Name{label=value,...}`);
  const labels: Record<string, string> = { alertname: m[1] };
  for (const pair of (m[2] ?? '').split(',').filter((p) => p.trim())) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`scenario outage alert ${JSON.stringify(text)}: ${JSON.stringify(pair)} is not label=value`);
    labels[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return labels;
}

/** The JMX exporter rules of a KafkaConnect's `metricsConfig` (a ConfigMap key), or export-all. */
function connectMetricsRules(kc: KubeObject, objects: KubeObject[], dir: string): string {
  const ref = kc.spec?.metricsConfig?.valueFrom?.configMapKeyRef;
  const file = path.join(dir, 'jmx-exporter.yaml');
  if (ref) {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name);
    const text = cm?.data?.[ref.key];
    if (!text) throw new Error(`${kc.source}: metricsConfig names ConfigMap ${ref.name} key ${ref.key}, which the stack does not hold`);
    fs.writeFileSync(file, text);
  } else {
    fs.writeFileSync(file, '{}\n');
  }
  return file;
}

/** Every recording rule of the rule files, as a selector of the series it records. */
function recordingRules(out: StackOutput): Array<{ selector: string; labels: Record<string, string> }> {
  const rules = new Map<string, { selector: string; labels: Record<string, string> }>();
  for (const f of out.ruleFiles) {
    for (const doc of parseYamlDocuments(fs.readFileSync(f, 'utf8'))) {
      for (const group of doc.groups ?? []) {
        for (const rule of group.rules ?? []) {
          if (!rule.record) continue;
          const labels: Record<string, string> = rule.labels ?? {};
          const sel = `${rule.record}{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(String(labels[k]))}`).join(',')}}`;
          rules.set(sel, { selector: sel, labels });
        }
      }
    }
  }
  return [...rules.values()].sort((a, b) => a.selector.localeCompare(b.selector));
}

function parseJson(text: string | null): any {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function keyMatches(r: TopicRecord, key: Record<string, unknown>): boolean {
  const k = parseJson(r.key);
  return !!k && typeof k === 'object' && Object.entries(key).every(([c, v]) => looseEqual(k[c], v));
}

function looseEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if ((typeof a === 'number' || typeof b === 'number') && !isNaN(Number(a)) && !isNaN(Number(b))) return Number(a) === Number(b);
  return String(a) === String(b);
}

/** '' when the topic, folded by key (last record wins, tombstones delete), holds exactly `rows`. */
export function compareLatest(records: TopicRecord[], key: string[], rows: Array<Record<string, unknown>>): string {
  const latest = new Map<string, any>();
  for (const r of records) {
    if (r.key === null) continue;
    if (r.value === null) latest.delete(r.key);
    else latest.set(r.key, parseJson(r.value));
  }
  const got = [...latest.values()];
  const problems: string[] = [];
  const keyOf = (row: any) => key.map((k) => String(row?.[k])).join('|');
  const gotByKey = new Map(got.map((g) => [keyOf(g), g]));
  for (const want of rows) {
    const have = gotByKey.get(keyOf(want));
    if (!have) {
      problems.push(`missing key ${keyOf(want)}`);
      continue;
    }
    for (const [c, v] of Object.entries(want)) if (!looseEqual(have[c], v)) problems.push(`key ${keyOf(want)}: ${c} is ${JSON.stringify(have[c])}, expected ${JSON.stringify(v)}`);
    gotByKey.delete(keyOf(want));
  }
  for (const k of gotByKey.keys()) problems.push(`unexpected key ${k}`);
  return problems.join('; ');
}

export function deadLetterCodes(records: TopicRecord[]): Record<string, number> {
  const live = new Map<string, TopicRecord>();
  for (const r of records) {
    const k = r.key ?? `#${live.size}`;
    if (r.value === null) live.delete(k);
    else live.set(k, r);
  }
  const counts: Record<string, number> = {};
  for (const r of live.values()) {
    const code = r.headers['dlq.error.code'] ?? '(no dlq.error.code header)';
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

