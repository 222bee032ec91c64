import * as fs from 'fs';
import * as path from 'path';
import { freePort, httpRequest, ManagedProcess, ProcessGroup, waitFor } from './processes';

/** One scrape job: a name and its loopback targets. */
export interface ScrapeJob {
  readonly job: string;
  readonly targets: string[];
  /** Labels every series of the job gets (what a PodMonitor's relabelling would add). */
  readonly labels?: Record<string, string>;
}

export interface LocalPrometheus {
  readonly url: string;
  readonly process: ManagedProcess;
  query(expr: string): Promise<any[]>;
  /** Every alert Prometheus holds (pending and firing). */
  alerts(): Promise<Array<{ labels: Record<string, string>; state: string; activeAt?: string }>>;
  /** Every rule group with its rules' health and last error. */
  ruleGroups(): Promise<any[]>;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Start Prometheus with the stack's rule files loaded as they are and the given scrape jobs
 * (what the PodMonitors select in a cluster). Scrape and evaluation run every 5 s so a rehearsal
 * sees within seconds what a cluster sees within a minute; `for:` durations and range windows are
 * the rules' own.
 */
export async function startPrometheus(
  group: ProcessGroup,
  tools: string,
  dir: string,
  ruleFiles: string[],
  jobs: ScrapeJob[],
): Promise<LocalPrometheus> {
  const bin = [path.join(tools, 'bin', 'prometheus'), '/usr/bin/prometheus'].find((p) => fs.existsSync(p));
  if (!bin) throw new Error("Prometheus not found: install Debian's prometheus package (rehearsal/install.sh does)");
  fs.mkdirSync(dir, { recursive: true });
  const rules = ruleFiles.map((f, i) => {
    const copy = path.join(dir, `rules-${i}-${path.basename(f)}`);
    fs.copyFileSync(f, copy);
    return copy;
  });
  const lines = [
    'global:',
    '  scrape_interval: 5s',
    '  evaluation_interval: 5s',
    'rule_files:',
    ...rules.map((r) => `  - ${quote(r)}`),
    'scrape_configs:',
  ];
  for (const j of jobs) {
    lines.push(`  - job_name: ${quote(j.job)}`, '    static_configs:', `      - targets: [${j.targets.map(quote).join(', ')}]`);
    if (j.labels && Object.keys(j.labels).length > 0) {
      lines.push('        labels:', ...Object.entries(j.labels).map(([k, v]) => `          ${k}: ${quote(v)}`));
    }
  }
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, lines.join('\n') + '\n');
  const port = await freePort();
  const proc = group.start('prometheus', bin, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('Prometheus to be ready', 60_000, async () => {
    proc.assertRunning();
    const r = await httpRequest(`${url}/-/ready`).catch(() => undefined);
    return r && r.status === 200 ? true : undefined;
  });
  const api = async (p: string) => {
    const r = await httpRequest(`${url}${p}`);
    const body = JSON.parse(r.body);
    if (body.status !== 'success') throw new Error(`Prometheus ${p}: ${r.body.slice(0, 500)}`);
    return body.data;
  };
  return {
    url,
    process: proc,
    query: async (expr) => (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    alerts: async () => (await api('/api/v1/alerts')).alerts,
    ruleGroups: async () => (await api('/api/v1/rules')).groups,
  };
}
