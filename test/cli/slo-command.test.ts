import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { OpenSlo } from '../../lib';
import { main } from '../../lib/cli/main';
import { run } from '../../lib/cli/slo-command';
import { describeWithTool } from '../conformance/shared';
import { everyKindOfSlo } from '../slo/example-slos';
import { promtool } from '../slo/validators';

const FIXTURES = path.join(__dirname, '..', 'slo', 'fixtures');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('realtime-pipeline slo rules FILE', () => {
  test('prints Prometheus rules for OpenSLO documents and exits 0', async () => {
    const c = io();
    expect(await run(['rules', path.join(FIXTURES, 'orders.openslo.yaml')], c.io)).toBe(0);
    expect(c.err).toEqual([]);
    const doc = parse(c.out.join('\n'));
    // One group per SLO, and the set-wide group named after the file, whose rules select `slo_set="orders"`.
    expect(doc.groups.map((g: any) => g.name)).toEqual(['slo-orders-fresh-30s', 'slo-orders-gate-pass', 'orders-shared']);
    expect(doc.groups[0].rules[0].labels.slo_set).toBe('orders');
    // OpenSLO ratio SLIs record their own windows; the set-wide rules average them over each SLO's period.
    expect(doc.groups[2].rules[0]).toEqual({
      record: 'slo:sli_error:ratio_rate28d',
      expr: 'sum_over_time(slo:sli_error:ratio_rate5m{slo_set="orders",slo=~"orders-fresh-30s"}[28d]) / count_over_time(slo:sli_error:ratio_rate5m{slo_set="orders",slo=~"orders-fresh-30s"}[28d])',
      labels: { slo_set: 'orders' },
    });
  });

  test.each([[['rules', '--help']], [['--help']], [['rules', '-h']], [['help']]])('prints its usage and exits 0 for %j', async (args) => {
    const c = io();
    expect(await run(args, c.io)).toBe(0);
    expect(c.err).toEqual([]);
    expect(c.out.join('\n')).toMatch(/^usage: realtime-pipeline slo rules FILE/);
  });

  test('is reachable through the main dispatcher', async () => {
    const c = io();
    expect(await main(['slo', 'rules', path.join(FIXTURES, 'orders.openslo.yaml')], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('slo:sli_error:ratio_rate5m');
  });

  test('exits 1 with one line per unsupported SLO document', async () => {
    const c = io();
    expect(await run(['rules', path.join(FIXTURES, 'unsupported.openslo.yaml')], c.io)).toBe(1);
    expect(c.out).toEqual([]);
    expect(c.err).toHaveLength(2);
    expect(c.err[0]).toMatch(/unsupported\.openslo\.yaml: document 1 \(calendar\): spec\.timeWindow\[0\]\.isRolling must be true/);
  });

  test('exits 2 on bad usage, a missing file or a file that is not YAML', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-cli-'));
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'kind: SLO\n  metadata: [\n');
    for (const args of [[], ['rules'], ['check', 'x'], ['rules', path.join(dir, 'missing.yaml')], ['rules', broken]]) {
      const c = io();
      expect(await run(args, c.io)).toBe(2);
      expect(c.err.join('')).not.toBe('');
    }
    const empty = path.join(dir, 'empty.yaml');
    fs.writeFileSync(empty, 'apiVersion: openslo/v1\nkind: Service\nmetadata: { name: x }\n');
    const c = io();
    expect(await run(['rules', empty], c.io)).toBe(1);
    expect(c.err[0]).toMatch(/no OpenSLO "kind: SLO" documents/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describeWithTool('promtool', 'run .ci/install-tools', 'slo rules output under promtool', (tool) => {
  test('the rules printed for the fixture and for every kind of SLO exported to OpenSLO pass promtool check rules', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-cli-promtool-'));
    const exported = path.join(dir, 'examples.openslo.yaml');
    fs.writeFileSync(exported, OpenSlo.render(everyKindOfSlo()));
    const files: string[] = [];
    for (const input of [path.join(FIXTURES, 'orders.openslo.yaml'), exported]) {
      const c = io();
      expect(await run(['rules', input], c.io)).toBe(0);
      const file = path.join(dir, `${path.basename(input)}.rules.yaml`);
      fs.writeFileSync(file, c.out.join('\n') + '\n');
      files.push(file);
    }
    const r = promtool(tool, ['check', 'rules', ...files]);
    expect(r.output).not.toContain('FAILED');
    expect(r.status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
