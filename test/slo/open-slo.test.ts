import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { everyKindOfSlo, exampleSlos } from './example-slos';
import { unparsableExpressions } from './validators';
import { Duration, OpenSlo, Sli, Slo, SloKind, SloRules } from '../../lib';

const FIXTURES = path.join(__dirname, 'fixtures');

/** A custom SLO whose queries are not plain counter rates (aggregated by cluster). */
function customQuerySlo(): Slo {
  return Slo.custom({
    name: 'by-cluster',
    objective: 0.99,
    sli: Sli.query({ bad: 'sum by (cluster) (rate(errs_total[{{window}}]))', total: 'sum by (cluster) (rate(reqs_total[{{window}}]))' }),
  });
}

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
    // Raw counters, as OpenSLO tools expect with counter: true (they apply the window themselves).
    expect(parity.spec.indicator.spec.ratioMetric).toEqual({
      counter: true,
      bad: { metricSource: { type: 'Prometheus', spec: { query: 'realtime_pipeline_reconciliation_rows_mismatched_total{stream="orders_latest"}' } } },
      total: { metricSource: { type: 'Prometheus', spec: { query: 'realtime_pipeline_reconciliation_rows_checked_total{stream="orders_latest"}' } } },
    });
  });

  test('no exported query holds a window placeholder (Sloth\'s {{.window}} is not OpenSLO), for every kind of SLI', () => {
    const text = OpenSlo.render([...everyKindOfSlo(), customQuerySlo()]);
    expect(text).not.toMatch(/\{\{/);
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    const queries = docs.flatMap((d) => JSON.stringify(d.spec.indicator).match(/"query":"[^"\\]*(\\.[^"\\]*)*"/g) ?? []);
    expect(queries.length).toBeGreaterThanOrEqual(docs.length);
  });

  test('time-slice SLIs are OpenSLO Timeslices: a threshold metric, its op and value, 1m slices', () => {
    const [fresh] = parseAllDocuments(OpenSlo.render(exampleSlos().slice(0, 1))).map((d) => d.toJS());
    expect(fresh.spec.budgetingMethod).toBe('Timeslices');
    expect(fresh.spec.indicator.spec).toEqual({
      thresholdMetric: { metricSource: { type: 'Prometheus', spec: { query: 'max(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"})' } } },
    });
    expect(fresh.spec.objectives).toEqual([{ displayName: '95% of events are at most 30s old', op: 'lte', value: 30000, timeSliceTarget: 1, timeSliceWindow: '1m', target: 0.95 }]);
  });

  test('a custom query that is not a plain counter rate is exported per minute (counter: false)', () => {
    const [doc] = parseAllDocuments(OpenSlo.render([customQuerySlo()])).map((d) => d.toJS());
    expect(doc.spec.indicator.spec.ratioMetric).toEqual({
      counter: false,
      bad: { metricSource: { type: 'Prometheus', spec: { query: 'sum by (cluster) (rate(errs_total[1m]))' } } },
      total: { metricSource: { type: 'Prometheus', spec: { query: 'sum by (cluster) (rate(reqs_total[1m]))' } } },
    });
    const [back] = OpenSlo.parse(OpenSlo.render([customQuerySlo()]));
    expect(SloRules.forSlos([back], 'o')[0].rules[0].expr).toBe(
      '(sum_over_time((sum by (cluster) (rate(errs_total[1m])))[5m:1m])) / (sum_over_time((sum by (cluster) (rate(reqs_total[1m])))[5m:1m]))',
    );
  });

  test('names are RFC 1123 labels: "_" becomes "-", the SLO\'s own name is kept in an annotation and read back', () => {
    const slo = Slo.freshness({
      name: 'orders_latest_fresh_30s',
      objective: 0.95,
      threshold: Duration.seconds(30),
      sli: Sli.flinkEventTimeLag({ jobName: 'orders-latest' }),
      subject: { pipeline: 'retail_inventory' },
    });
    const [doc] = parseAllDocuments(OpenSlo.render([slo])).map((d) => d.toJS());
    expect(doc.metadata.name).toBe('orders-latest-fresh-30s');
    expect(doc.metadata.annotations['realtime-pipeline/original-name']).toBe('orders_latest_fresh_30s');
    expect(doc.spec.indicator.metadata.name).toBe('orders-latest-fresh-30s-sli');
    expect(doc.spec.service).toBe('retail-inventory');
    for (const n of [doc.metadata.name, doc.spec.indicator.metadata.name, doc.spec.service]) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(OpenSlo.parse(OpenSlo.render([slo]))[0].name).toBe('orders_latest_fresh_30s');
    // A name that is already a label carries no annotation.
    const [plain] = parseAllDocuments(OpenSlo.render(exampleSlos().slice(0, 1))).map((d) => d.toJS());
    expect(plain.metadata.annotations['realtime-pipeline/original-name']).toBeUndefined();
  });

  test('refuses two SLOs whose OpenSLO names would collide', () => {
    const sli = Sli.flinkEventTimeLag({ jobName: 'j' });
    const a = Slo.freshness({ name: 'orders_fresh', objective: 0.95, threshold: Duration.seconds(30), sli });
    const b = Slo.freshness({ name: 'orders-fresh', objective: 0.95, threshold: Duration.seconds(30), sli });
    expect(() => OpenSlo.render([a, b])).toThrow(
      '[OpenSlo.render] slos must be SLOs whose names stay distinct as OpenSLO names (RFC 1123: "_" becomes "-") (got "orders_fresh" and "orders-fresh" (both "orders-fresh")). Fix: rename one of them',
    );
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
    // Counter SLIs come back with identical window recordings; time-slice SLIs as the equivalent subquery ratio.
    const windows = (groups: typeof before, name: string) =>
      groups.find((g) => g.name === `slo-${name}`)!.rules.filter((r) => r.record?.startsWith('slo:sli_error:ratio_rate'));
    for (const name of ['orders-row-parity', 'payments-fresh-30s', 'orders-fresh-counters', 'orders-gate-pass']) {
      expect(windows(after, name)).toEqual(windows(before, name));
    }
    // Offsets are counters too, but OpenSLO cannot say "written `within` earlier": the same windows.
    expect(windows(after, 'orders-complete-2m')[0].expr).toBe(
      '1 - clamp_max((sum(rate(kafka_topic_partition_current_offset{topic="orders_latest"}[5m]))) / (sum(rate(kafka_topic_partition_current_offset{topic="store.orders"}[5m]))), 1)',
    );
    // Running (availability) comes back as time slices that are bad when its 0/1 sample is 1.
    expect(windows(after, 'inventory-up')[0].expr).toMatch(/^\(sum_over_time\(\(clamp_max\(.*, 1\) >= bool 1\)\[5m:1m\]\)\)/);
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
