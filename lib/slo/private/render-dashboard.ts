import { Slo, SloKind } from '../slo';
import { selector } from './promql';
import { identity, SERIES } from './render-rules';

const DS = { type: 'prometheus', uid: '$datasource' };

/** Options of the dashboard. */
export interface DashboardOptions {
  readonly title: string;
  readonly uid: string;
}

/**
 * A Grafana dashboard (JSON model) with, per SLO, the SLI over the period, the remaining error budget,
 * the burn rate and the error ratio per window; and a per-hop latency row for latency and lag SLIs.
 * The Prometheus data source is a dashboard variable (`$datasource`), so the same JSON works anywhere.
 */
export function renderDashboard(slos: Slo[], o: DashboardOptions): any {
  const panels: any[] = [];
  let id = 1;
  let y = 0;
  const panel = (p: any, x: number, w: number, h = 7) => {
    panels.push({ id: id++, datasource: DS, gridPos: { h, w, x, y }, ...p });
  };
  for (const slo of slos) {
    const sel = selector(identity(slo));
    const period = `${slo.period.days}d`;
    panels.push({ id: id++, type: 'row', title: `${slo.name}: ${slo.description}`, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    panel(
      {
        type: 'stat',
        title: `SLI over ${slo.period.days} days (objective ${Number((slo.objective * 100).toPrecision(6))}%)`,
        targets: [{ refId: 'A', expr: `1 - ${SERIES.ratio(period)}${sel}`, legendFormat: 'SLI' }],
        fieldConfig: { defaults: { unit: 'percentunit', decimals: 3, thresholds: thresholds(slo.objective) }, overrides: [] },
        options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none' },
      },
      0,
      6,
    );
    panel(
      {
        type: 'stat',
        title: 'Error budget remaining',
        targets: [{ refId: 'A', expr: `${SERIES.remaining}${sel}`, legendFormat: 'remaining' }],
        fieldConfig: { defaults: { unit: 'percentunit', decimals: 1, thresholds: thresholds(0) }, overrides: [] },
        options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area' },
      },
      6,
      6,
    );
    panel(
      {
        type: 'timeseries',
        title: 'Burn rate (1 = spends exactly the budget over the period)',
        targets: [
          { refId: 'A', expr: `${SERIES.ratio('1h')}${sel} / ${slo.errorBudget}`, legendFormat: '1h' },
          { refId: 'B', expr: `${SERIES.ratio('6h')}${sel} / ${slo.errorBudget}`, legendFormat: '6h' },
          { refId: 'C', expr: `${SERIES.ratio('1d')}${sel} / ${slo.errorBudget}`, legendFormat: '1d' },
        ],
        fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
      },
      12,
      12,
    );
    y += 7;
  }

  const hops = slos.filter((s) => s._plan().valueSeconds !== undefined && (s.kind === SloKind.LATENCY || s.kind === SloKind.FRESHNESS));
  if (hops.length) {
    panels.push({ id: id++, type: 'row', title: 'Per-hop latency', collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    hops.forEach((slo, i) => {
      const x = (i % 2) * 12;
      panel(
        {
          type: 'timeseries',
          title: `${slo.hop ?? slo.name}: latency (threshold ${slo.threshold!.toHumanString()})`,
          targets: [{ refId: 'A', expr: slo._plan().valueSeconds, legendFormat: slo.hop ?? slo.name }],
          fieldConfig: {
            defaults: {
              unit: 's',
              thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: slo.threshold!.toSeconds() }] },
              custom: { thresholdsStyle: { mode: 'line' } },
            },
            overrides: [],
          },
        },
        x,
        12,
      );
      if (x === 12 || i === hops.length - 1) y += 7;
    });
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
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }],
    },
    annotations: { list: [] },
    panels,
  };
}

function thresholds(objective: number) {
  return { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: objective }] };
}
