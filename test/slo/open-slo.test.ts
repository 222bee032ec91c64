import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { everyKindOfSlo, exampleSlos } from './example-slos';
import { unparsableExpressions } from './validators';
import { OpenSlo, SloKind, SloRules } from '../../lib';

const FIXTURES = path.join(__dirname, 'fixtures');

describe('OpenSlo.render()', () => {
  test('writes one OpenSLO v1 SLO document per SLO with an inline ratio indicator', () => {
    const docs = parseAllDocuments(OpenSlo.render(exampleSlos())).map((d) => d.toJS());
    expect(docs.map((d) => d.metadata.name)).toEqual(['orders-fresh-30s', 'orders-fresh-120s', 'orders-complete-2m', 'orders-row-parity']);
    const parity = docs[3];
    expect(parity).toMatchObject({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { labels: { pipeline: 'inventory', stream: 'orders_latest' }, annotations: { 'realtime-pipeline/slo-kind': 'accuracy' } },
      spec: {
        service: 'inventory',
        timeWindow: [{ duration: '30d', isRolling: true }],
        budgetingMethod: 'Occurrences',
        objectives: [{ target: 0.999 }],
      },
    });
    expect(parity.spec.indicator.spec.ratioMetric).toEqual({
      counter: true,
      bad: { metricSource: { type: 'Prometheus', spec: { query: 'sum(rate(realtime_pipeline_reconciliation_rows_mismatched_total{stream="orders_latest"}[{{.window}}]))' } } },
      total: { metricSource: { type: 'Prometheus', spec: { query: 'sum(rate(realtime_pipeline_reconciliation_rows_checked_total{stream="orders_latest"}[{{.window}}]))' } } },
    });
  });

  test('round trip: the exported documents read back to SLOs with the same name, objective, period and SLI rules', () => {
    const original = everyKindOfSlo();
    const back = OpenSlo.parse(OpenSlo.render(original));
    expect(back.map((s) => [s.name, s.objective, s.period.days, s.description, s.subject, s.runbookUrl])).toEqual(
      original.map((s) => [s.name, s.objective, s.period.days, s.description, s.subject, s.runbookUrl]),
    );
    expect(back.every((s) => s.kind === SloKind.CUSTOM)).toBe(true);
    const before = SloRules.forSlos(original, 'orders');
    const after = SloRules.forSlos(back, 'orders');
    expect(unparsableExpressions(after)).toEqual([]);
    // Ratio SLIs come back with identical window recordings; time-slice SLIs as the equivalent subquery ratio.
    const windows = (groups: typeof before, name: string) =>
      groups.find((g) => g.name === `slo-${name}`)!.rules.filter((r) => r.record?.startsWith('slo:sli_error:ratio_rate'));
    for (const name of ['orders-complete-2m', 'orders-row-parity', 'payments-fresh-30s', 'orders-fresh-counters', 'orders-gate-pass']) {
      expect(windows(after, name)).toEqual(windows(before, name));
    }
    expect(windows(after, 'orders-fresh-30s')[0].expr).toBe(
      '(sum_over_time((max(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}) > bool 30000)[5m:1m])) / ' +
        '(count_over_time((max(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}) > bool 30000)[5m:1m]))',
    );
  });
});

describe('OpenSlo.read()', () => {
  test('reads inline ratio SLOs, wraps bare counters in rate() and skips other kinds', () => {
    const { slos, problems } = OpenSlo.read(fs.readFileSync(path.join(FIXTURES, 'orders.openslo.yaml'), 'utf8'));
    expect(problems).toEqual([]);
    expect(slos.map((s) => [s.name, s.objective, s.period.days])).toEqual([
      ['orders-fresh-30s', 0.95, 28],
      ['orders-gate-pass', 0.995, 7],
    ]);
    expect(slos[0].subject).toEqual({ pipeline: 'inventory', stream: 'orders_latest' });
    const gate = SloRules.forSlos([slos[1]], 'orders')[0].rules[0];
    expect(gate.expr).toBe('(sum(rate(gate_rejected_total{stream="orders_latest"}[5m]))) / (sum(rate(gate_checked_total{stream="orders_latest"}[5m])))');
  });

  test('reports calendar windows and indicator references as unsupported, one problem per document', () => {
    const { slos, problems } = OpenSlo.read(fs.readFileSync(path.join(FIXTURES, 'unsupported.openslo.yaml'), 'utf8'));
    expect(slos).toEqual([]);
    expect(problems).toEqual([
      { location: 'document 1 (calendar)', message: 'spec.timeWindow[0].isRolling must be true (calendar windows are not supported) (got false)' },
      { location: 'document 2 (timeslices)', message: 'spec.indicatorRef must be absent: only inline indicators are supported (got "shared-sli")' },
    ]);
    expect(() => OpenSlo.parse(fs.readFileSync(path.join(FIXTURES, 'unsupported.openslo.yaml'), 'utf8'))).toThrow(/OpenSLO document 1 \(calendar\)/);
  });
});
