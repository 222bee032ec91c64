import * as fs from 'fs';
import * as path from 'path';
import type { CliIo } from './main';
import { missingEngines } from '../rehearsal/engines';
import { percentile, rehearse, RehearsalReport } from '../rehearsal/rehearse';
import { checkScenario } from '../rehearsal/scenario';

const USAGE = `usage: realtime-pipeline rehearse <stack> [<stack> ...] [--keep] [--skip-outage] [--scenario FILE] [--out DIR] [--upgrade-to DIR]

Runs synthesized stacks (cdktf.out/stacks/<stack>) on local engines: Kafka in KRaft mode, Kafka
Connect with the stack's Debezium plugins, the source database, Flink with the shipped SQL runner,
OpenTofu for the Terraform half, kafka_exporter and Prometheus with the stack's rules. Then runs the
stack's scenario (rehearsal/scenarios/<stack>.json) and checks the outputs, the SLIs and the alerts.

  --keep           leave the engines running after the checks (Ctrl-C stops them)
  --skip-outage    skip stopping the job and waiting for its missing-data alert
  --scenario FILE  the scenario (default: rehearsal/scenarios/<stack>.json)
  --out DIR        the synth output (default: cdktf.out)
  --upgrade-to DIR the synth output of the same stacks after a change: with the scenario's
                   "upgrade", the job is stopped with a savepoint and restarted in that version

Engines come from rehearsal/install.sh (into .tools/, or REALTIME_PIPELINE_TOOLS); logs and data go
to .rehearsal/<stack>/. Exit codes: 0 every check passed, 1 a check failed, 2 bad usage or an engine
is missing.`;

/** The closing line of a rehearsal run (CI and the README quote it). */
export function summaryLine(reports: RehearsalReport[]): string {
  const checks = reports.flatMap((r) => r.checks);
  const passed = checks.filter((c) => c.ok).length;
  const p95 = percentile(reports.flatMap((r) => r.latenciesMs), 95);
  const p95Text = p95 === undefined ? 'n/a' : `${(p95 / 1000).toFixed(1)} s`;
  return `rehearsal: ${reports.length} stacks, ${passed} checks passed${passed < checks.length ? `, ${checks.length - passed} failed` : ''}, p95 commit-to-output ${p95Text}`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const stacks: string[] = [];
  let keep = false;
  let skipOutage = false;
  let scenarioFile: string | undefined;
  let outDir = 'cdktf.out';
  let upgradeDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--keep') {keep = true;} else if (a === '--skip-outage') {skipOutage = true;} else if (a === '--scenario') {scenarioFile = args[++i];} else if (a === '--out') {outDir = args[++i];} else if (a === '--upgrade-to') {upgradeDir = args[++i];} else if (a.startsWith('-')) {
      io.err(`unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else {stacks.push(a);}
  }
  if (stacks.length === 0 || (scenarioFile && stacks.length > 1) || (keep && stacks.length > 1)) {
    io.err(USAGE);
    return 2;
  }
  const tools = path.resolve(process.env.REALTIME_PIPELINE_TOOLS ?? '.tools');
  const missing = missingEngines(tools);
  if (missing.length > 0) {
    io.err(`rehearse: engines missing under ${tools}: ${missing.join(', ')}. Install them with: bash ${path.relative(process.cwd(), installScript()) || installScript()}`);
    return 2;
  }
  const reports: RehearsalReport[] = [];
  for (const stack of stacks) {
    const file = scenarioFile ?? defaultScenario(stack);
    if (!file || !fs.existsSync(file)) {
      io.err(`rehearse: no scenario for ${stack}: write rehearsal/scenarios/${stack}.json (see docs/rehearsal.md) or pass --scenario`);
      return 2;
    }
    const scenario = checkScenario(JSON.parse(fs.readFileSync(file, 'utf8')), file);
    const report = await rehearse({
      stackDir: path.resolve(outDir, 'stacks', stack),
      scenario,
      tools,
      workDir: path.resolve('.rehearsal', stack),
      keep,
      skipOutage,
      upgradeStackDir: upgradeDir ? path.resolve(upgradeDir, 'stacks', stack) : undefined,
      log: (l) => io.out(`[${stack}] ${l}`),
    });
    const lat = report.latenciesMs;
    if (lat.length) io.out(`[${stack}] commit-to-output over ${lat.length} changes: p50 ${(percentile(lat, 50)! / 1000).toFixed(1)} s, p95 ${(percentile(lat, 95)! / 1000).toFixed(1)} s`);
    reports.push(report);
  }
  io.out(summaryLine(reports));
  return reports.every((r) => r.checks.every((c) => c.ok)) ? 0 : 1;
}

function packageRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

export function installScript(): string {
  return path.join(packageRoot(), 'rehearsal', 'install.sh');
}

function defaultScenario(stack: string): string | undefined {
  return [path.resolve('rehearsal', 'scenarios', `${stack}.json`), path.join(packageRoot(), 'rehearsal', 'scenarios', `${stack}.json`)].find((f) => fs.existsSync(f));
}
