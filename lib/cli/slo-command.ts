import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { CliIo } from './main';
import { OpenSlo } from '../slo/open-slo';
import { renderSloGroups, rulesFileYaml } from '../slo/private/render-rules';

const USAGE = [
  'usage: realtime-pipeline slo rules FILE',
  '',
  'Reads OpenSLO v1 SLO documents (multi-document YAML; inline ratioMetric indicator with good or bad and',
  'total Prometheus queries, one rolling timeWindow of 30d/28d/7d, Occurrences budgeting, target) and prints',
  'Prometheus rules (multi-window multi-burn-rate recording and alerting rules) as YAML.',
  '',
  'exit codes: 0 ok, 1 unsupported or invalid SLO documents, 2 bad usage or unreadable input',
].join('\n');

/** `realtime-pipeline slo rules FILE`. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  // Help is asked for anywhere on the line (`slo rules --help` as well as `slo --help`).
  if (sub === 'help' || args.some((a) => a === '--help' || a === '-h')) {
    io.out(USAGE);
    return 0;
  }
  if (sub !== 'rules' || rest.length !== 1 || rest[0].startsWith('-')) {
    io.err(USAGE);
    return 2;
  }
  const file = rest[0];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const broken = parseAllDocuments(text).findIndex((d) => d.errors.length > 0);
  if (broken >= 0) {
    io.err(`${file}: document ${broken + 1} is not valid YAML: ${parseAllDocuments(text)[broken].errors[0].message}`);
    return 2;
  }
  const { slos, problems } = OpenSlo.read(text);
  for (const p of problems) io.err(`${file}: ${p.location}: ${p.message}`);
  if (problems.length) return 1;
  if (!slos.length) {
    io.err(`${file}: no OpenSLO "kind: SLO" documents found`);
    return 1;
  }
  try {
    // The set is named after the file (`orders.openslo.yaml` records `slo_set="orders"`).
    const setName =
      path
        .basename(file)
        .split('.')[0]
        .toLowerCase()
        .replace(/[^a-z0-9_.-]+/g, '-')
        .slice(0, 63)
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'shared';
    io.out(rulesFileYaml(renderSloGroups(slos, file, setName)).replace(/\n$/, ''));
  } catch (e) {
    io.err(`${file}: ${(e as Error).message}`);
    return 1;
  }
  return 0;
}
