import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { everyKindOfSlo, exampleSlos } from './example-slos';
import { promtool, promtoolAsync } from './validators';
import { PrometheusRuleGroup, Sli, Slo, SloRules } from '../../lib';
import { describeWithTool } from '../conformance/shared';

/**
 * `promtool test rules` suites: synthetic series drive the generated rules, and the ALERTS series says
 * which alert fired. Everything runs in one promtool process to keep the suite fast.
 */

const LAG = 'flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest",operator_name="Source: orders",subtask_index="0"}';
const OFFSETS = (topic: string) => `kafka_topic_partition_current_offset{topic="${topic}",partition="0"}`;
const HIST = (suffix: string, extra = '') => `payments_event_age_seconds_${suffix}{stream="payments"${extra}}`;
const DEBEZIUM = 'debezium_metrics_MilliSecondsBehindSource{context="streaming",name="store",plugin="mysql"}';
const CHECKED = 'realtime_pipeline_reconciliation_rows_checked_total{stream="orders_latest"}';
const MISMATCHED = 'realtime_pipeline_reconciliation_rows_mismatched_total{stream="orders_latest"}';
const UPTIME = 'flink_jobmanager_job_uptime{job_name="orders-latest"}';
const CONNECTOR = 'kafka_connect_connector_status{connector="store-cdc",status="running"}';

/** Gauge values, one per minute, from a pattern repeated `minutes` times (`b` = 60 s lag, `g` = 1 s). */
function lagValues(pattern: string, minutes: number): string {
  const out: string[] = [];
  for (let i = 0; i < minutes; i++) out.push(pattern[i % pattern.length] === 'b' ? '60000' : '1000');
  return out.join(' ');
}

/** A check that an alert is (1) or is not (0) firing at a time. */
function firing(alert: string, slo: string, evalTime: string, expected: 0 | 1) {
  return {
    expr: `count(ALERTS{alertname="${alert}",slo="${slo}",alertstate="firing"}) or vector(0)`,
    eval_time: evalTime,
    exp_samples: [{ labels: '{}', value: expected }],
  };
}

const PAGE = 'SLOErrorBudgetBurnPage';
const TICKET = 'SLOErrorBudgetBurnTicket';
const MISSING = 'SLOMissingData';

interface Suite {
  readonly slo: string;
  readonly slow?: boolean;
  readonly test: any;
}

function suites(): Suite[] {
  const fresh = 'orders-fresh-30s';
  const complete = 'orders-complete-2m';
  const hist = 'payments-fresh-30s';
  const good = '1000';
  return [
    {
      slo: fresh,
      slow: false,
      test: {
        name: 'freshness (Flink lag gauge, 95% within 30s): 90% stale minutes for an hour (18x) pages',
        interval: '1m',
        input_series: [{ series: LAG, values: `${good}x119 ${lagValues('bbbbbbbbbg', 61)}` }],
        promql_expr_test: [firing(PAGE, fresh, '110m', 0), firing(PAGE, fresh, '3h', 1), firing(MISSING, fresh, '3h', 0)],
      },
    },
    {
      slo: fresh,
      slow: false,
      test: {
        name: 'freshness (Flink lag gauge): 2.5% stale minutes (0.5x) stays silent',
        interval: '1m',
        input_series: [{ series: LAG, values: lagValues(`b${'g'.repeat(39)}`, 3 * 60 + 1) }],
        promql_expr_test: [firing(PAGE, fresh, '1h', 0), firing(PAGE, fresh, '3h', 0), firing(TICKET, fresh, '3h', 0)],
      },
    },
    {
      slo: fresh,
      slow: true,
      test: {
        name: 'freshness (Flink lag gauge): 10% stale minutes (2x) for a day opens a ticket, no page',
        interval: '1m',
        // Stale in whole 5-minute blocks: this suite evaluates every 5m, so the share holds at that sampling.
        input_series: [{ series: LAG, values: lagValues(`bbbbb${'g'.repeat(45)}`, 24 * 60 + 1) }],
        promql_expr_test: [firing(TICKET, fresh, '1d', 1), firing(PAGE, fresh, '1d', 0)],
      },
    },
    {
      slo: fresh,
      slow: false,
      test: {
        name: 'freshness (Flink lag gauge): the metric disappears (job stopped) and the missing-data alert pages',
        interval: '1m',
        input_series: [{ series: LAG, values: `${good}x30` }],
        promql_expr_test: [firing(MISSING, fresh, '20m', 0), firing(MISSING, fresh, '50m', 1)],
      },
    },
    {
      slo: hist,
      slow: false,
      test: {
        name: 'freshness (histogram, 95% within 30s): 75% of events stale (15x) pages; Java-style le="30.0" buckets match',
        interval: '1m',
        input_series: [
          { series: HIST('count'), values: '0+100x180' },
          { series: HIST('bucket', ',le="30.0"'), values: '0+100x90 9000+25x90' },
        ],
        promql_expr_test: [firing(PAGE, hist, '80m', 0), firing(PAGE, hist, '3h', 1)],
      },
    },
    {
      slo: hist,
      slow: false,
      test: {
        name: 'freshness (histogram): 2.5% of events stale (0.5x) stays silent',
        interval: '1m',
        input_series: [
          { series: HIST('count'), values: '0+100x180' },
          { series: HIST('bucket', ',le="30"'), values: '0+97.5x180' },
        ],
        promql_expr_test: [firing(PAGE, hist, '1h', 0), firing(PAGE, hist, '3h', 0), firing(TICKET, hist, '3h', 0)],
      },
    },
    {
      slo: hist,
      slow: true,
      test: {
        name: 'freshness (histogram): 10% of events stale (2x) for a day opens a ticket, no page',
        interval: '1m',
        input_series: [
          { series: HIST('count'), values: '0+100x1441' },
          { series: HIST('bucket', ',le="30"'), values: '0+90x1441' },
        ],
        promql_expr_test: [firing(TICKET, hist, '1d', 1), firing(PAGE, hist, '1d', 0)],
      },
    },
    {
      slo: hist,
      slow: false,
      test: {
        name: 'freshness (histogram): events stop and the missing-data alert pages',
        interval: '1m',
        input_series: [
          { series: HIST('count'), values: '0+100x30' },
          { series: HIST('bucket', ',le="30"'), values: '0+100x30' },
        ],
        promql_expr_test: [firing(MISSING, hist, '25m', 0), firing(MISSING, hist, '55m', 1)],
      },
    },
    {
      slo: complete,
      slow: false,
      test: {
        name: 'completeness (topic offsets, 99.5% within 2m): 8% of records missing (16x) pages',
        interval: '1m',
        input_series: [
          { series: OFFSETS('store.orders'), values: '0+1000x180' },
          { series: OFFSETS('orders_latest'), values: '0+1000x90 90000+920x90' },
        ],
        promql_expr_test: [firing(PAGE, complete, '80m', 0), firing(PAGE, complete, '3h', 1), firing(MISSING, complete, '3h', 0)],
      },
    },
    {
      slo: complete,
      slow: false,
      test: {
        name: 'completeness: 0.25% of records missing (0.5x) stays silent',
        interval: '1m',
        input_series: [
          { series: OFFSETS('store.orders'), values: '0+1000x180' },
          { series: OFFSETS('orders_latest'), values: '0+997.5x180' },
        ],
        promql_expr_test: [firing(PAGE, complete, '1h', 0), firing(PAGE, complete, '3h', 0), firing(TICKET, complete, '3h', 0)],
      },
    },
    {
      slo: complete,
      slow: true,
      test: {
        name: 'completeness: 1% of records missing (2x) for a day opens a ticket, no page',
        interval: '1m',
        input_series: [
          { series: OFFSETS('store.orders'), values: '0+1000x1441' },
          { series: OFFSETS('orders_latest'), values: '0+990x1441' },
        ],
        promql_expr_test: [firing(TICKET, complete, '1d', 1), firing(PAGE, complete, '1d', 0)],
      },
    },
    {
      slo: complete,
      slow: true,
      test: {
        name: 'completeness: 0.6% of records missing (1.2x) for a day opens a ticket, no page',
        interval: '1m',
        input_series: [
          { series: OFFSETS('store.orders'), values: '0+1000x1441' },
          // Arrivals trail the source by the 2 minutes the SLO allows, as in a running pipeline: while the
          // data is shorter than the 3d window, rate() divides both sides by the whole window, so a series
          // starting 2 minutes "early" would hide a burn this close to 1x.
          { series: OFFSETS('orders_latest'), values: '_x2 0+994x1439' },
        ],
        promql_expr_test: [firing(TICKET, complete, '1d', 1), firing(PAGE, complete, '1d', 0)],
      },
    },
    {
      slo: complete,
      slow: false,
      test: {
        name: 'completeness: a quiet source (offsets flat, exporter up) does not page by default',
        interval: '1m',
        input_series: [
          { series: OFFSETS('store.orders'), values: '0+1000x30 30000x60' },
          { series: OFFSETS('orders_latest'), values: '0+1000x30 30000x60' },
        ],
        promql_expr_test: [firing(MISSING, complete, '60m', 0), firing(MISSING, complete, '90m', 0)],
      },
    },
    {
      slo: STALL,
      slow: false,
      test: {
        name: 'completeness with alertOnStall: the CDC source stops (offsets flat) and the missing-data alert pages',
        interval: '1m',
        input_series: [
          { series: OFFSETS('store.orders'), values: '0+1000x30 30000x60' },
          { series: OFFSETS('orders_latest'), values: '0+1000x30 30000x60' },
        ],
        promql_expr_test: [firing(MISSING, STALL, '25m', 0), firing(MISSING, STALL, '60m', 1)],
      },
    },
    {
      slo: hist,
      slow: false,
      test: {
        name: 'freshness (histogram) without a bucket at the 30s threshold: the missing-data alert pages instead of an empty, healthy-looking SLI',
        interval: '1m',
        input_series: [
          { series: HIST('count'), values: '0+100x60' },
          { series: HIST('bucket', ',le="25"'), values: '0+90x60' },
          { series: HIST('bucket', ',le="50"'), values: '0+99x60' },
          { series: HIST('bucket', ',le="+Inf"'), values: '0+100x60' },
        ],
        promql_expr_test: [
          firing(MISSING, hist, '0m', 0),
          firing(MISSING, hist, '1m', 1),
          firing(MISSING, hist, '60m', 1),
          firing(PAGE, hist, '60m', 0),
          { expr: 'count(slo:sli_error:ratio_rate5m{slo="payments-fresh-30s"}) or vector(0)', eval_time: '60m', exp_samples: [{ labels: '{}', value: 0 }] },
        ],
      },
    },
    {
      slo: hist,
      slow: false,
      test: {
        name: 'freshness (histogram): Prometheus 3 / Python / Java spell the bound le="30.0"; it is matched and nothing is missing',
        interval: '1m',
        input_series: [
          { series: HIST('count'), values: '0+100x60' },
          { series: HIST('bucket', ',le="30.0"'), values: '0+99x60' },
        ],
        promql_expr_test: [
          firing(MISSING, hist, '60m', 0),
          holds('slo:sli_error:ratio_rate5m{slo="payments-fresh-30s"} > 0.0099 < 0.0101', '60m'),
        ],
      },
    },
    {
      slo: complete,
      slow: false,
      test: {
        name: 'completeness: the exporter disappears and the missing-data alert pages',
        interval: '1m',
        input_series: [
          { series: OFFSETS('store.orders'), values: '0+1000x30' },
          { series: OFFSETS('orders_latest'), values: '0+1000x30' },
        ],
        promql_expr_test: [firing(MISSING, complete, '25m', 0), firing(MISSING, complete, '60m', 1)],
      },
    },
    {
      // The whole example set in one rules file: the set-wide rules compute every SLO's series from its
      // own inputs. 60 s of lag breaks the 30 s SLO (18x) but not the 120 s one on the same job.
      slo: SET,
      slow: false,
      test: {
        name: 'one rule set: set-wide rules keep each SLO apart and record its budget, period and burn',
        interval: '1m',
        input_series: [{ series: LAG, values: `${good}x119 ${lagValues('bbbbbbbbbg', 61)}` }],
        promql_expr_test: [
          firing(PAGE, fresh, '3h', 1),
          firing(PAGE, 'orders-fresh-120s', '3h', 0),
          holds('abs(slo:error_budget:ratio{slo="orders-fresh-30s"} - 0.05) < 1e-9', '3h'),
          holds('abs(slo:error_budget:ratio{slo="orders-fresh-120s"} - 0.01) < 1e-9', '3h'),
          holds('slo:time_period:days{slo="orders-complete-2m"} == 30', '3h'),
          holds('slo:period_error_budget_remaining:ratio{slo="orders-fresh-120s"} == 1', '3h'),
          holds('slo:period_error_budget_remaining:ratio{slo="orders-fresh-30s"} < 1', '3h'),
          // Burning 18x over the last hour: the 5m burn rate is 0.9 / 0.05 = 18 (or 0 in the good minute).
          holds('slo:current_burn_rate:ratio{slo="orders-fresh-30s",pipeline="inventory",stream="orders_latest",slo_set="inventory"} > 10', '175m'),
        ],
      },
    },
    {
      // An SLI that keeps a label of its own (one ratio per cluster): every set-wide series is kept
      // per cluster, matched to the SLO's one budget.
      slo: BY_CLUSTER,
      slow: false,
      test: {
        name: 'an SLI aggregated by cluster keeps one burn-rate and budget-left series per cluster',
        interval: '1m',
        input_series: [
          { series: 'reqs_total{cluster="a"}', values: '0+100x90' },
          { series: 'reqs_total{cluster="b"}', values: '0+100x90' },
          { series: 'errs_total{cluster="a"}', values: '0+10x90' },
          { series: 'errs_total{cluster="b"}', values: '0+0x90' },
        ],
        promql_expr_test: [
          {
            expr: 'count by (cluster) (slo:current_burn_rate:ratio{slo="by-cluster"})',
            eval_time: '60m',
            exp_samples: [
              { labels: '{cluster="a"}', value: 1 },
              { labels: '{cluster="b"}', value: 1 },
            ],
          },
          holds('slo:current_burn_rate:ratio{slo="by-cluster",cluster="a"} > 9', '60m'),
          holds('slo:period_error_budget_remaining:ratio{slo="by-cluster",cluster="b"} == 1', '60m'),
        ],
      },
    },
  ];
}

/** The example completeness SLO, watching for stalls (offsets flat while the exporter is up). */
const STALL = 'orders-complete-2m-stall';

function stallSlo(): Slo {
  const c = exampleSlos()[2];
  return Slo.completeness({ name: STALL, objective: c.objective, within: c.threshold!, sli: c.sli, subject: c.subject, alertOnStall: true });
}

/** A custom SLO whose SLI keeps the `cluster` label. */
const BY_CLUSTER = 'by-cluster';

function byClusterSlo(): Slo {
  return Slo.custom({
    name: BY_CLUSTER,
    objective: 0.99,
    sli: Sli.query({ bad: 'sum by (cluster) (rate(errs_total[{{window}}]))', total: 'sum by (cluster) (rate(reqs_total[{{window}}]))' }),
  });
}

/** The example SLOs as one set (`SloRules.forSlos(exampleSlos(), 'inventory')`). */
const SET = 'inventory';

/** A check that a comparison keeps exactly one series at a time. */
function holds(expr: string, evalTime: string) {
  return { expr: `count(${expr})`, eval_time: evalTime, exp_samples: [{ labels: '{}', value: 1 }] };
}

/**
 * Detection time per SLO kind: how long after an outage starts the first page (severity critical:
 * burn-rate page, total-outage page or missing data) fires, measured with promtool on series that
 * represent the outage. Each case asserts a page at `minutes` after the start and none a minute
 * earlier (one evaluation step); docs/slo.md's table is checked against these rows.
 *
 * Every case has six hours of healthy history first (the longest page window), so the windows hold
 * real data as in a pipeline that has been running.
 */
export interface Detection {
  /** The row's kind, as in the docs table. */
  readonly kind: string;
  /** The example SLO (test/slo/example-slos.ts). */
  readonly slo: string;
  /** What the outage looks like. */
  readonly outage: string;
  /** Total outage (every event or minute bad, or the job stopped) or partial (half of them bad). */
  readonly total: boolean;
  /** The series, as a function of the minute (undefined: no sample) and of whether the outage is on. */
  readonly series: Array<{ series: string; value: (minute: number, outage: boolean) => number | undefined }>;
  /** The alert that pages first. */
  readonly alert: string;
  /** Measured: minutes from the outage's start to the page. */
  readonly minutes: number;
}

/** Healthy history before every outage: the longest page window (6h). */
const HISTORY = 360;

const bad = (m: number) => (m - HISTORY) % 2 === 0;
/** Reconciliation runs up to minute m: one every 15 minutes, the last before the outage one minute before it (the worst case). */
const runs = (m: number) => Math.floor((m + 1) / 15);

export const DETECTIONS: Detection[] = [
  {
    kind: 'freshness (Flink lag gauge)',
    slo: 'orders-fresh-30s',
    total: true,
    outage: 'the job is stuck: lag above 30s every minute',
    series: [{ series: LAG, value: (_m, o) => (o ? 60000 : 1000) }],
    alert: 'SLOTotalOutage',
    minutes: 8,
  },
  {
    kind: 'freshness (Flink lag gauge)',
    slo: 'orders-fresh-30s',
    total: true,
    outage: 'the job stops: its metrics disappear',
    series: [{ series: LAG, value: (_m, o) => (o ? undefined : 1000) }],
    alert: MISSING,
    minutes: 11,
  },
  {
    kind: 'freshness (Flink lag gauge)',
    slo: 'orders-fresh-30s',
    total: false,
    outage: 'every other minute above 30s',
    series: [{ series: LAG, value: (m, o) => (o && bad(m) ? 60000 : 1000) }],
    alert: PAGE,
    minutes: 219,
  },
  {
    kind: 'freshness (histogram)',
    slo: 'payments-fresh-30s',
    total: true,
    outage: 'every event older than 30s',
    series: [
      { series: HIST('count'), value: (m) => 100 * m },
      { series: HIST('bucket', ',le="30"'), value: (m) => 100 * Math.min(m, HISTORY) },
    ],
    alert: 'SLOTotalOutage',
    minutes: 7,
  },
  {
    kind: 'freshness (histogram)',
    slo: 'payments-fresh-30s',
    total: false,
    outage: 'half the events older than 30s',
    series: [
      { series: HIST('count'), value: (m) => 100 * m },
      { series: HIST('bucket', ',le="30"'), value: (m) => 100 * Math.min(m, HISTORY) + 50 * Math.max(0, m - HISTORY) },
    ],
    alert: PAGE,
    minutes: 218,
  },
  {
    kind: 'latency (Debezium lag gauge)',
    slo: 'cdc-p95',
    total: true,
    outage: 'capture lag above 5s every minute',
    series: [{ series: DEBEZIUM, value: (_m, o) => (o ? 10000 : 1000) }],
    alert: 'SLOTotalOutage',
    minutes: 8,
  },
  {
    kind: 'latency (Debezium lag gauge)',
    slo: 'cdc-p95',
    total: false,
    outage: 'every other minute above 5s',
    series: [{ series: DEBEZIUM, value: (m, o) => (o && bad(m) ? 10000 : 1000) }],
    alert: PAGE,
    minutes: 205,
  },
  {
    kind: 'completeness (topic offsets)',
    slo: 'orders-complete-2m',
    total: true,
    outage: 'nothing arrives',
    series: [
      { series: OFFSETS('store.orders'), value: (m) => 1000 * m },
      { series: OFFSETS('orders_latest'), value: (m) => 1000 * Math.min(m, HISTORY) },
    ],
    alert: 'SLOTotalOutage',
    minutes: 7,
  },
  {
    kind: 'completeness (topic offsets)',
    slo: 'orders-complete-2m',
    total: false,
    outage: 'half the records arrive',
    series: [
      { series: OFFSETS('store.orders'), value: (m) => 1000 * m },
      { series: OFFSETS('orders_latest'), value: (m) => 1000 * Math.min(m, HISTORY) + 500 * Math.max(0, m - HISTORY) },
    ],
    alert: PAGE,
    minutes: 11,
  },
  {
    kind: 'accuracy (reconciler every 15m)',
    slo: 'orders-row-parity',
    total: true,
    outage: 'every reconciled row differs',
    series: [
      { series: CHECKED, value: (m) => 1000 * runs(m) },
      { series: MISMATCHED, value: (m) => 1000 * Math.max(0, runs(m) - runs(HISTORY - 1)) },
    ],
    alert: PAGE,
    minutes: 16,
  },
  {
    kind: 'accuracy (reconciler every 15m)',
    slo: 'orders-row-parity',
    total: false,
    outage: 'half the reconciled rows differ',
    series: [
      { series: CHECKED, value: (m) => 1000 * runs(m) },
      { series: MISMATCHED, value: (m) => 500 * Math.max(0, runs(m) - runs(HISTORY - 1)) },
    ],
    alert: PAGE,
    minutes: 16,
  },
  {
    kind: 'availability (job and connector running)',
    slo: 'inventory-up',
    total: true,
    outage: 'the job is down',
    series: [
      { series: UPTIME, value: (m, o) => (o ? 0 : 60000 * m) },
      { series: CONNECTOR, value: () => 1 },
    ],
    alert: PAGE,
    minutes: 3,
  },
  {
    kind: 'availability (job and connector running)',
    slo: 'inventory-up',
    total: false,
    outage: 'the job is down every other minute',
    series: [
      { series: UPTIME, value: (m, o) => (o && bad(m) ? 0 : 60000 * m) },
      { series: CONNECTOR, value: () => 1 },
    ],
    alert: PAGE,
    minutes: 3,
  },
];

/** The docs table's row for a detection case. */
export function detectionRow(d: Detection): string {
  return `| ${d.kind} | \`${d.slo}\` | ${d.total ? 'total' : 'partial'}: ${d.outage} | \`${d.alert}\` | ${d.minutes} min |`;
}

/** Any page of the SLO (severity critical) firing: 1 or 0. */
function paging(slo: string, evalTime: string, expected: 0 | 1) {
  return {
    expr: `(count(ALERTS{slo="${slo}",severity="critical",alertstate="firing"}) > bool 0) or vector(0)`,
    eval_time: evalTime,
    exp_samples: [{ labels: '{}', value: expected }],
  };
}

function detectionSuites(): Suite[] {
  const measure = process.env.MEASURE_DETECTION === '1';
  return DETECTIONS.map((d) => {
    const end = HISTORY + (measure ? 300 : d.minutes + 2);
    const input_series = d.series.map((x) => {
      const values: string[] = [];
      for (let m = 0; m <= end; m++) {
        const v = x.value(m, m >= HISTORY);
        values.push(v === undefined ? '_' : String(v));
      }
      return { series: x.series, values: values.join(' ') };
    });
    const at = (min: number) => `${HISTORY + min}m`;
    const checks = measure
      ? Array.from({ length: 300 }, (_, i) => paging(d.slo, at(i), 0))
      : [paging(d.slo, `${HISTORY - 1}m`, 0), paging(d.slo, at(d.minutes - 1), 0), paging(d.slo, at(d.minutes), 1), firing(d.alert, d.slo, at(d.minutes), 1)];
    return {
      slo: d.slo,
      slow: false,
      test: { name: `detection: ${detectionRow(d)}`, interval: '1m', input_series, promql_expr_test: checks },
    };
  });
}

describe('docs/slo.md', () => {
  test('states the detection time of every measured case, as measured', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'slo.md'), 'utf8');
    expect(DETECTIONS.map(detectionRow).filter((row) => !docs.includes(row))).toEqual([]);
  });
});

describeWithTool('promtool', 'run .ci/install-tools', 'generated rules under promtool', (tool) => {
  let dir: string;
  let testFiles: string[];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-promtool-'));
    const slos = [...everyKindOfSlo(), stallSlo()];
    const system = SloRules.systemAlerts({ flinkJobs: ['orders-latest'], connectors: ['store-cdc'], consumerGroups: ['orders-latest'], dlqTopics: ['orders_latest.dlq'] });
    fs.writeFileSync(path.join(dir, 'all.rules.yaml'), SloRules.toRulesFile([...SloRules.forSlos(everyKindOfSlo(), 'orders'), ...system]));
    // One rules file per SLO: promtool evaluates every rule of its files at every step, so each test
    // file loads only the SLO it is about.
    const ruleFiles = new Map<string, PrometheusRuleGroup[]>();
    for (const slo of slos) ruleFiles.set(slo.name, SloRules.forSlos([slo], 'orders'));
    ruleFiles.set(SET, SloRules.forSlos(exampleSlos(), SET));
    ruleFiles.set(BY_CLUSTER, SloRules.forSlos([byClusterSlo()], 'clusters'));
    for (const [stem, groups] of ruleFiles) fs.writeFileSync(path.join(dir, `${stem}.rules.yaml`), SloRules.toRulesFile(groups));
    testFiles = [];
    const bySlo = new Map<string, Suite[]>();
    for (const s of [...suites(), ...detectionSuites()]) bySlo.set(`${s.slo}|${s.slow ? 'slow' : 'fast'}`, [...(bySlo.get(`${s.slo}|${s.slow ? 'slow' : 'fast'}`) ?? []), s]);
    for (const [key, list] of bySlo) {
      const [slo, speed] = key.split('|');
      const file = `${slo}-${speed}.test.yaml`;
      fs.writeFileSync(
        path.join(dir, file),
        stringify({
          rule_files: [`${slo}.rules.yaml`],
          evaluation_interval: speed === 'slow' ? '5m' : '1m',
          // The file's order, every step: promtool otherwise picks a random order per run, and a
          // time-slice SLI (sample in its own group, window averages in the set's) then pages one
          // step earlier or later from run to run. In file order the alerts read the windows of the
          // step before: the later of the two, as a Prometheus whose groups run out of phase may.
          group_eval_order: ruleFiles.get(slo)!.map((g) => g.name),
          tests: list.map((s) => s.test),
        }, { lineWidth: 0 }),
      );
      testFiles.push(file);
    }
  });
  afterAll(() => { if (!process.env.KEEP_PROMTOOL_DIR) fs.rmSync(dir, { recursive: true, force: true }); else console.log(dir); });

  test('promtool check rules accepts the example SLOs, one SLO of every SLI source, and the system alerts', () => {
    const r = promtool(tool, ['check', 'rules', '--lint-fatal', 'all.rules.yaml'], dir);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status).toBe(0);
  });

  test('promtool test rules: pages at >= 14.4x, silent at 0.5x, tickets on a slow burn, pages when data stops', async () => {
    // Two processes (one per core) over halves of the files: a few seconds in all.
    const halves = [testFiles.filter((_, i) => i % 2 === 0), testFiles.filter((_, i) => i % 2 === 1)];
    const results = await Promise.all(halves.map((files) => promtoolAsync(tool, ['test', 'rules', ...files], dir)));
    const output = results.map((r) => r.output).join('\n');
    expect(output).not.toContain('FAILED');
    expect(output.match(/SUCCESS/g)?.length).toBe(testFiles.length);
    expect(results.map((r) => r.status)).toEqual([0, 0]);
  }, 60_000);
});
