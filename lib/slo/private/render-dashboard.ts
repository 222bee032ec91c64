import { Slo, SloKind } from '../slo';
import { quote, selector } from './promql';
import { SERIES } from './render-rules';

const DS = { type: 'prometheus', uid: '$datasource' };

/** Above this many per-hop panels the hop row starts collapsed, so Grafana queries them only on demand. */
const OPEN_HOP_PANELS = 6;

/** Options of the dashboard. */
export interface DashboardOptions {
  readonly title: string;
  readonly uid: string;
}

/**
 * A Grafana dashboard (JSON model) whose size does not depend on the number of SLOs: one row, repeated
 * by Grafana for every value of the `slo` variable, reads only the series the SLO rules record (which
 * all carry the `slo` label), so it needs no per-SLO PromQL. Only the per-hop latency panels read the
 * SLIs' raw metrics; SLOs sharing a gauge share a panel, and so do gauges differing in one label value.
 * The Prometheus data source is a dashboard variable (`$datasource`), so the same JSON works anywhere.
 */
export function renderDashboard(slos: Slo[], o: DashboardOptions): any {
  const scope = scopeOf(slos);
  // Grafana's `$slo` is substituted per repeated row; `=~` because a multi-value variable is
  // regex-escaped by the Prometheus data source even when a single value is substituted.
  const sel = selector(scope, 'slo=~"$slo"');
  const budget = `${SERIES.budget}${sel}`;
  const panels: any[] = [];
  let id = 1;
  const panel = (p: any, x: number, y: number, w: number, h = 7) => ({ id: id++, datasource: DS, gridPos: { h, w, x, y }, ...p });
  const stat = (graphMode: string, extra: any = {}) => ({
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    colorMode: 'value',
    graphMode,
    ...extra,
  });

  panels.push({ id: id++, type: 'row', title: '$slo', repeat: 'slo', collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: 0 }, panels: [] });
  panels.push(
    panel(
      {
        type: 'stat',
        title: 'Objective',
        targets: [
          {
            refId: 'A',
            expr: `${SERIES.objective}${sel} * on(slo) group_left(description, period) ${SERIES.info}${sel}`,
            legendFormat: '{{description}} (over {{period}})',
          },
        ],
        fieldConfig: { defaults: { unit: 'percentunit', decimals: 3, color: { mode: 'fixed', fixedColor: 'text' } }, overrides: [] },
        options: stat('none', { textMode: 'value_and_name' }),
      },
      0,
      1,
      4,
    ),
    panel(
      {
        type: 'stat',
        title: 'SLI over the period',
        description: 'Share of good events (or minutes) over the SLO period: 1 - period burn rate x error budget.',
        targets: [{ refId: 'A', expr: `1 - ${SERIES.periodBurn}${sel} * on(slo) group_left ${budget}`, legendFormat: 'SLI' }],
        fieldConfig: { defaults: { unit: 'percentunit', decimals: 3, color: { mode: 'fixed', fixedColor: 'text' } }, overrides: [] },
        options: stat('none'),
      },
      4,
      1,
      4,
    ),
    panel(
      {
        type: 'stat',
        title: 'Error budget remaining',
        targets: [{ refId: 'A', expr: `${SERIES.remaining}${sel}`, legendFormat: 'remaining' }],
        fieldConfig: { defaults: { unit: 'percentunit', decimals: 1, thresholds: thresholds([0]) }, overrides: [] },
        options: stat('area'),
      },
      8,
      1,
      4,
    ),
    panel(
      {
        type: 'timeseries',
        title: 'Burn rate (1 = spends exactly the budget over the period)',
        targets: ['1h', '6h', '1d'].map((w, i) => ({
          refId: String.fromCharCode(65 + i),
          expr: `${SERIES.ratio(w)}${sel} / on(slo) group_left ${budget}`,
          legendFormat: w,
        })),
        fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
      },
      12,
      1,
      12,
    ),
  );

  const hops = hopPanels(slos);
  if (hops.length) {
    const collapsed = hops.length > OPEN_HOP_PANELS;
    const rowId = id++;
    const rowPanels = hops.map((h, i) =>
      panel(
        {
          type: 'timeseries',
          title: `${h.label}: latency (threshold ${h.thresholds.map((t) => t.text).join(', ')})`,
          targets: [{ refId: 'A', expr: h.expr, legendFormat: h.legend }],
          fieldConfig: {
            defaults: {
              unit: 's',
              thresholds: thresholds(h.thresholds.map((t) => t.seconds), 'green'),
              custom: { thresholdsStyle: { mode: 'line' } },
            },
            overrides: [],
          },
        },
        (i % 2) * 12,
        9 + Math.floor(i / 2) * 7,
        12,
      ),
    );
    const row = { id: rowId, type: 'row', title: 'Per-hop latency', collapsed, gridPos: { h: 1, w: 24, x: 0, y: 8 }, panels: collapsed ? rowPanels : [] };
    panels.push(row, ...(collapsed ? [] : rowPanels));
  }

  return {
    title: o.title,
    uid: o.uid,
    tags: ['slo', 'realtime-pipeline'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: 'now-7d', to: 'now' },
    refresh: '1m',
    templating: {
      list: [
        { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {}, hide: 0 },
        {
          name: 'slo',
          label: 'SLO',
          type: 'query',
          datasource: DS,
          query: { query: `label_values(${SERIES.objective}${sloScope(slos, scope)}, slo)`, refId: 'slo' },
          definition: `label_values(${SERIES.objective}${sloScope(slos, scope)}, slo)`,
          refresh: 1,
          multi: true,
          includeAll: true,
          current: { selected: true, text: ['All'], value: ['$__all'] },
          sort: 1,
          hide: 0,
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}

/**
 * The subject labels every SLO of the set has with the same value (e.g. `pipeline`): they scope the
 * dashboard to this set, so another pipeline's SLO of the same name in the same Prometheus is not mixed in.
 */
function scopeOf(slos: Slo[]): Record<string, string> {
  const common: Record<string, string> = { ...(slos[0]?.subject ?? {}) };
  for (const slo of slos.slice(1)) {
    for (const k of Object.keys(common)) if (slo.subject?.[k] !== common[k]) delete common[k];
  }
  return common;
}

/** The `slo` variable's selector: the common subject when there is one, else the set's SLO names. */
function sloScope(slos: Slo[], scope: Record<string, string>): string {
  if (Object.keys(scope).length) return selector(scope);
  const names = [...new Set(slos.map((s) => s.name))].sort().map(regexEscape);
  return `{slo=~${quote(names.join('|'))}}`;
}

interface HopPanel {
  readonly expr: string;
  readonly label: string;
  readonly legend: string;
  readonly thresholds: { seconds: number; text: string }[];
}

interface HopSeries {
  readonly expr: string;
  readonly labels: string[];
  readonly thresholds: { seconds: number; text: string }[];
  /** `max(metric{matchers}) * factor` taken apart, when the expression has that shape. */
  readonly shape?: { metric: string; matchers: Record<string, string>; factor: string };
}

/**
 * The per-hop latency panels. SLOs with the same latency expression share it (two freshness SLOs on
 * one job); expressions that differ only in label values (`job_name="a"`, `job_name="b"`) and promise
 * the same thresholds share one panel, `max by (job_name) (metric{job_name=~"a|b"})`, so 1,000 jobs
 * add a few bytes each to one regex instead of a panel each.
 */
function hopPanels(slos: Slo[]): HopPanel[] {
  const byExpr = new Map<string, Slo[]>();
  for (const slo of slos) {
    if (slo.kind !== SloKind.LATENCY && slo.kind !== SloKind.FRESHNESS) continue;
    const expr = slo._plan().valueSeconds;
    if (expr === undefined || !slo.threshold) continue;
    byExpr.set(expr, [...(byExpr.get(expr) ?? []), slo]);
  }
  const series: HopSeries[] = [...byExpr.entries()].map(([expr, group]) => {
    const seen = new Map<number, string>();
    for (const s of group) seen.set(s.threshold!.toSeconds(), s.threshold!.toHumanString());
    return {
      expr,
      labels: [...new Set(group.map((s) => s.hop ?? s.name))],
      thresholds: [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([seconds, text]) => ({ seconds, text })),
      shape: shapeOf(expr),
    };
  });
  const groups = new Map<string, HopSeries[]>();
  for (const s of series) {
    const key = s.shape
      ? JSON.stringify([s.shape.metric, Object.keys(s.shape.matchers).sort(), s.shape.factor, s.thresholds])
      : JSON.stringify([s.expr]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((g) => {
    const labels = [...new Set(g.flatMap((s) => s.labels))];
    const label = labels.length > 1 ? `${labels[0]} +${labels.length - 1}` : labels[0];
    if (g.length === 1) return { expr: g[0].expr, label, legend: label, thresholds: g[0].thresholds };
    const { metric, factor } = g[0].shape!;
    const names = Object.keys(g[0].shape!.matchers).sort();
    const varying = names.filter((n) => new Set(g.map((s) => s.shape!.matchers[n])).size > 1);
    const matchers = names.map((n) => {
      if (!varying.includes(n)) return `${n}=${quote(g[0].shape!.matchers[n])}`;
      const values = [...new Set(g.map((s) => s.shape!.matchers[n]))].sort().map(regexEscape);
      return `${n}=~${quote(values.join('|'))}`;
    });
    return {
      expr: `max by (${varying.join(', ')}) (${metric}{${matchers.join(',')}})${factor}`,
      label,
      legend: varying.map((n) => `{{${n}}}`).join(' '),
      thresholds: g[0].thresholds,
    };
  });
}

/** `max(metric{a="1",b="2"})` or `max(…) * 0.001`, as the gauge SLIs write it; undefined for any other shape. */
function shapeOf(expr: string): HopSeries['shape'] {
  const m = /^max\(([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.+)\}\)((?: \* [0-9.e+-]+)?)$/.exec(expr);
  if (!m) return undefined;
  const matchers: Record<string, string> = {};
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
  let rest = 0;
  for (let mm = re.exec(m[2]); mm; mm = re.exec(m[2])) {
    matchers[mm[1]] = mm[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    rest = re.lastIndex;
  }
  // Anything the pattern did not consume (a regex matcher, a label value we cannot read) keeps its own panel.
  return rest === m[2].length ? { metric: m[1], matchers, factor: m[3] } : undefined;
}

function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Steps from `base` below the first value; red at the last value, orange at the ones between. */
function thresholds(values: number[], base = 'red') {
  const steps: any[] = [{ color: base, value: null }];
  values.forEach((value, i) => steps.push({ color: i === values.length - 1 ? (base === 'red' ? 'green' : 'red') : 'orange', value }));
  return { mode: 'absolute', steps };
}
