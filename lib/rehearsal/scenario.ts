/**
 * A rehearsal scenario: what to do to the source database and what the pipeline must then hold.
 * Scenarios are JSON files (`rehearsal/scenarios/<stack>.json` for the examples); the rehearsal
 * runs any synthesized stack a scenario describes.
 */
export interface Scenario {
  /** The stack (directory under `cdktf.out/stacks/`). */
  readonly stack: string;
  readonly description?: string;
  /** Per CDC connector (its `KafkaConnector` name): the source tables and the changes to make. */
  readonly sources: ScenarioSource[];
  /** What the output topics must hold once the changes went through. */
  readonly expect: ScenarioExpectations;
  /**
   * Stop this Flink job (a `FlinkDeployment` name) after the healthy phase and wait for these
   * alerts to fire (the missing-data page): `Name` or `Name{label=value,…}`, e.g.
   * `SLOMissingData{slo=inventory-orders_latest-fresh-30s}` (a freshness SLO, which reads the job).
   */
  readonly outage?: { readonly job: string; readonly alerts: string[]; readonly withinMinutes: number };
  /**
   * After the healthy phase (before the outage): one transaction of rows that fail the quality
   * gate, in the named connector's database, and the alerts it must fire (the dead-letter alert).
   */
  readonly flood?: ScenarioFlood;
  /**
   * After the healthy phase, when the rehearsal is given the upgraded stack's output: stop this
   * job with a savepoint, start the upgraded stack's version of it from the savepoint, then run
   * these steps, which must reach their topics through the restored job.
   */
  readonly upgrade?: ScenarioUpgrade;
  /**
   * SLOs (their `slo` label) whose SLI reads metrics nothing in the stack produces (a reconciler
   * the platform runs on its own), with the reason: their recording rules and alerts are reported
   * as not rehearsed instead of checked.
   */
  readonly noData?: Record<string, string>;
}

export interface ScenarioUpgrade {
  /** What changed, e.g. "watermark delay 5 s → 15 s". */
  readonly name: string;
  /** The `FlinkDeployment` name. */
  readonly job: string;
  /** Changes after the restart, each in the named connector's database. */
  readonly steps: Array<ScenarioStep & { readonly connector: string }>;
}

export interface ScenarioFlood {
  readonly name: string;
  /** The `KafkaConnector` whose database takes the burst. */
  readonly connector: string;
  /** The statements of the burst, run as one transaction. */
  readonly sql: string[];
  /** `Name` or `Name{label=value,…}`, as for the outage. */
  readonly alerts: string[];
  readonly withinMinutes: number;
}

export interface ScenarioSource {
  /** The `KafkaConnector` name. */
  readonly connector: string;
  /** The database the administrator's statements run in (Postgres: the connector's `database.dbname`). */
  readonly database?: string;
  /** DDL creating the captured tables, run as administrator before the library's setup SQL. */
  readonly schema: string[];
  /** Changes, in order; each step is one transaction. */
  readonly steps: ScenarioStep[];
}

export interface ScenarioStep {
  readonly name: string;
  readonly sql: string[];
  /**
   * Measure commit-to-output latency of this step: the time from its commit to the arrival of a
   * record with this key on this topic.
   */
  readonly measure?: {
    readonly topic: string;
    readonly key: Record<string, unknown>;
    /**
     * Whether the time it took counts as a commit-to-output latency.
     * @default true (false for a step that proves a record arrives, e.g. a backfill)
     */
    readonly latency?: boolean;
  };
}

export interface ScenarioExpectations {
  /** Upsert topics: after compaction by key, exactly these rows (deleted keys end in a tombstone). */
  readonly latestByKey?: Array<{ readonly topic: string; readonly rows: Array<Record<string, unknown>>; readonly key: string[] }>;
  /** Dead-letter topics: how many live records carry each `dlq.error.code` header. */
  readonly deadLetters?: Array<{ readonly topic: string; readonly codes: Record<string, number> }>;
}

/** Fail with a clear message when a scenario file is malformed. */
export function checkScenario(s: any, file: string): Scenario {
  const fail = (what: string) => {
    throw new Error(`${file}: ${what}`);
  };
  if (!s || typeof s !== 'object') fail('must hold a JSON object');
  if (typeof s.stack !== 'string') fail('"stack" must name the stack');
  if (!Array.isArray(s.sources) || s.sources.length === 0) fail('"sources" must list at least one connector');
  for (const src of s.sources) {
    if (typeof src.connector !== 'string') fail('each source needs "connector"');
    if (!Array.isArray(src.schema) || !Array.isArray(src.steps)) fail(`source ${src.connector}: "schema" and "steps" must be lists`);
  }
  if (!s.expect || typeof s.expect !== 'object') fail('"expect" must say what the outputs hold');
  if (s.upgrade !== undefined) {
    const u = s.upgrade;
    if (!u || typeof u.name !== 'string' || typeof u.job !== 'string') fail('"upgrade" needs "name" and "job"');
    if (!Array.isArray(u.steps) || u.steps.length === 0) fail('"upgrade.steps" must list the changes made after the restart');
    for (const st of u.steps) {
      if (!s.sources.some((x: any) => x.connector === st.connector)) fail(`"upgrade.steps" connector ${st.connector} is not one of the sources`);
      if (!st.measure) fail(`"upgrade.steps" step ${st.name} needs "measure" (what proves it went through the restored job)`);
    }
  }
  if (s.flood !== undefined) {
    const f = s.flood;
    if (!f || typeof f.name !== 'string' || typeof f.connector !== 'string') fail('"flood" needs "name" and "connector"');
    if (!Array.isArray(f.sql) || f.sql.length === 0) fail('"flood.sql" must list the statements of the burst');
    if (!Array.isArray(f.alerts) || f.alerts.length === 0) fail('"flood.alerts" must list the alerts the burst fires');
    if (!(typeof f.withinMinutes === 'number' && f.withinMinutes > 0)) fail('"flood.withinMinutes" must be a positive number');
    if (!s.sources.some((x: any) => x.connector === f.connector)) fail(`"flood.connector" ${f.connector} is not one of the sources`);
  }
  return s as Scenario;
}
