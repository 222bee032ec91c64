import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Delivery, Duration, Sli, Slo, SloAlertRules, SloRules, SyncWave } from '../../lib';
import { describeWithCrds } from '../conformance/shared';
import { expectTerraformConforms, expectValidCustomResource, kubernetesManifests, synthJson } from '../helpers';
import { everyKindOfSlo, exampleSlos } from './example-slos';
import { unparsableExpressions } from './validators';

const SYSTEM = { flinkJobs: ['orders-latest'], connectors: ['store-cdc'], consumerGroups: ['orders-latest'], dlqTopics: ['orders_latest.dlq'] };

function stack() {
  return new TerraformStack(Testing.app(), 'retail-prod');
}

describe('SloAlertRules', () => {
  test('emits a PrometheusRule with the operator selector labels, in the MONITORING sync wave', () => {
    const s = stack();
    const rules = new SloAlertRules(s, 'Inventory', { slos: exampleSlos(), systemAlerts: SYSTEM, ruleLabels: { release: 'kps' }, namespace: 'streaming' });
    const tf = synthJson(s);
    expectTerraformConforms(tf);
    const pr = kubernetesManifests(tf).find((m) => m.kind === 'PrometheusRule');
    expect(pr.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pr.metadata).toEqual({ name: 'inventory', namespace: 'streaming', labels: { release: 'kps' } });
    expect(pr.spec.groups.map((g: any) => g.name)).toEqual([
      'slo-orders-fresh-30s',
      'slo-orders-fresh-120s',
      'slo-orders-complete-2m',
      'slo-orders-row-parity',
      'streaming/inventory-shared',
      'realtime-pipeline-system',
    ]);
    expect(rules.prometheusRule.syncWave).toBe(SyncWave.MONITORING);
    expect(rules.ruleGroups).toHaveLength(6);
    expect(unparsableExpressions(rules.ruleGroups)).toEqual([]);
  });

  test('records the SLI error ratio per Sloth window and pages on 14.4x over 1h and 5m for a 95 % / 30-day SLO', () => {
    const s = stack();
    const rules = new SloAlertRules(s, 'Inventory', { slos: exampleSlos().slice(0, 1) });
    const [own, shared] = rules.ruleGroups;
    // Only what is specific to the SLO is per SLO; its recordings carry the set label.
    expect(own.rules.map((r) => r.record ?? r.alert)).toEqual([
      'slo:sli_error:sample',
      'slo:objective:ratio',
      'slo:info',
      'SLOErrorBudgetBurnPage',
      'SLOTotalOutage',
      'SLOErrorBudgetBurnTicket',
      'SLOMissingData',
    ]);
    expect(own.rules[0].expr).toBe('(max(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}) > bool 30000)');
    expect(own.rules[0].labels).toEqual({ pipeline: 'inventory', stream: 'orders_latest', slo: 'orders-fresh-30s', slo_set: 'monitoring/inventory' });
    expect(own.rules[1]).toMatchObject({ expr: 'vector(0.95)' });
    // The formulas every SLO shares: one rule each for the whole set, selected by the set label.
    expect(shared.name).toBe('monitoring/inventory-shared');
    expect(rules.setName).toBe('monitoring/inventory');
    expect(shared.rules.map((r) => r.record)).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
      'slo:error_budget:ratio',
      'slo:time_period:days',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
    ]);
    expect(shared.rules[0]).toEqual({
      record: 'slo:sli_error:ratio_rate5m',
      expr: 'avg_over_time(slo:sli_error:sample{slo_set="monitoring/inventory"}[5m])',
      labels: { slo_set: 'monitoring/inventory' },
    });
    expect(shared.rules[8].expr).toBe('1 - slo:objective:ratio{slo_set="monitoring/inventory"}');
    const alerts = own;
    const page = alerts.rules.find((r) => r.alert === 'SLOErrorBudgetBurnPage')!;
    // The alerts read this set's series only.
    const sel = '{pipeline="inventory",slo="orders-fresh-30s",slo_set="monitoring/inventory",stream="orders_latest"}';
    expect(page.expr).toBe(
      `(slo:sli_error:ratio_rate1h${sel} > 0.72 and slo:sli_error:ratio_rate5m${sel} > 0.72)\nor\n` +
        `(slo:sli_error:ratio_rate6h${sel} > 0.3 and slo:sli_error:ratio_rate30m${sel} > 0.3)`,
    );
    expect(page.labels).toEqual({
      pipeline: 'inventory',
      stream: 'orders_latest',
      slo: 'orders-fresh-30s',
      slo_kind: 'freshness',
      slo_alert: 'page',
      severity: 'critical',
      team: 'data-platform',
    });
    expect(page.annotations?.runbook_url).toBe('https://runbooks.example.com/inventory/orders-latest');
    expect(page.annotations?.summary).toMatch(/orders-fresh-30s/);
    // A 95 % SLO burns at most 20x: a total outage would take the 1h/5m page 43 minutes. The outage
    // page fires on 90 % of that maximum over 5m, held like the burn pages.
    const outage = alerts.rules.find((r) => r.alert === 'SLOTotalOutage')!;
    expect(outage.expr).toBe(`slo:sli_error:ratio_rate5m${sel} >= 0.9`);
    expect(outage.for).toBe('2m');
    expect(outage.labels).toMatchObject({ slo_alert: 'outage', severity: 'critical', slo: 'orders-fresh-30s', team: 'data-platform' });
    expect(outage.annotations?.description).toContain('the most the SLO can burn (20x its budget). The burn-rate page would need 43.2 minutes of this to fire.');
    const ticket = alerts.rules.find((r) => r.alert === 'SLOErrorBudgetBurnTicket')!;
    expect(ticket.expr).toContain(`slo:sli_error:ratio_rate1d${sel} > 0.15 and slo:sli_error:ratio_rate2h${sel} > 0.15`);
    expect(ticket.expr).toContain(`slo:sli_error:ratio_rate3d${sel} > 0.05 and slo:sli_error:ratio_rate6h${sel} > 0.05`);
    expect(ticket.labels?.severity).toBe('warning');
    const missing = alerts.rules.find((r) => r.alert === 'SLOMissingData')!;
    expect(missing.expr).toContain('absent_over_time(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}[10m])');
    // Stall checks are off by default: an idle source on a quiet table is not an outage.
    expect(missing.expr).toBe('absent_over_time(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}[10m])');
    expect(missing.labels?.severity).toBe('critical');
  });

  test('alertOnStall: true also pages when the Flink source stays idle for missingDataAfter', () => {
    const slo = Slo.freshness({
      name: 'busy-fresh',
      objective: 0.95,
      threshold: Duration.seconds(30),
      alertOnStall: true,
      sli: Sli.flinkEventTimeLag({ jobName: 'orders-latest' }),
    });
    const missing = SloRules.forSlos([slo], 'orders')[0].rules.find((r) => r.alert === 'SLOMissingData')!;
    expect(missing.expr).toBe(
      'absent_over_time(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}[10m])'
      + ' or (min(flink_taskmanager_job_task_operator_sourceIdleTime{job_name="orders-latest"}) > 600000)',
    );
    expect(missing.annotations?.description).toContain('missing or flat for 10m');
  });

  test('the outage page reads 5m, for accuracy the shortest window holding two reconciliations, and can be turned off', () => {
    const outage = (slo: Slo) => SloRules.forSlos([slo], 'o')[0].rules.find((r) => r.alert === 'SLOTotalOutage');
    const parity = (minutes: number) => Slo.accuracy({ name: 'p', objective: 0.999, reconciliationInterval: Duration.minutes(minutes), sli: Sli.reconciliation() });
    expect(outage(parity(15))!.expr).toBe('slo:sli_error:ratio_rate30m{slo="p",slo_set="o"} >= 0.9');
    expect(outage(parity(45))!.expr).toBe('slo:sli_error:ratio_rate2h{slo="p",slo_set="o"} >= 0.9');
    expect(outage(parity(3 * 24 * 60))).toBeUndefined();
    const quiet = Slo.freshness({ name: 'f', objective: 0.95, threshold: Duration.seconds(30), sli: Sli.flinkEventTimeLag({ jobName: 'j' }), outagePage: false });
    expect(outage(quiet)).toBeUndefined();
  });

  test('never generates the seed\'s per-second violation alert: every burn alert compares a recorded ratio', () => {
    const rules = new SloAlertRules(stack(), 'All', { slos: everyKindOfSlo() });
    const burn = rules.ruleGroups.flatMap((g) => g.rules).filter((r) => r.alert?.startsWith('SLOErrorBudgetBurn'));
    expect(burn.length).toBe(everyKindOfSlo().length * 2);
    for (const r of burn) {
      expect(r.expr).not.toMatch(/rate\(/);
      expect(r.expr).toMatch(/^\(slo:sli_error:ratio_rate\w+\{/);
    }
    const counters = rules.ruleGroups.find((g) => g.name === 'slo-orders-fresh-counters')!;
    expect(counters.rules[0].expr).toBe(
      '(sum(rate(data_freshness_violation_total{stream="orders_latest"}[5m]))) / (sum(rate(orders_events_total{stream="orders_latest"}[5m])))',
    );
  });

  test('writes the plain rules file next to cdk.tf.json and emits the dashboard ConfigMap for the Grafana sidecar', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-'));
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'retail-prod');
    const rules = new SloAlertRules(s, 'Inventory', { slos: everyKindOfSlo(), dashboardLabels: { team: 'data' } });
    app.synth();
    const file = path.join(outdir, 'stacks', 'retail-prod', rules.rulesFileName);
    expect(rules.rulesFileName).toBe('prometheus/inventory.rules.yaml');
    expect(fs.readFileSync(file, 'utf8')).toBe(rules.renderRulesFile());
    const doc = parse(fs.readFileSync(file, 'utf8'));
    expect(doc.groups.map((g: any) => g.name)).toEqual(rules.ruleGroups.map((g) => g.name));
    const cm = rules.dashboardConfigMap!.manifest;
    expect(cm.metadata).toEqual({ name: 'inventory-dashboard', namespace: 'monitoring', labels: { team: 'data', grafana_dashboard: '1' } });
    const dash = JSON.parse(cm.data['inventory.json']);
    expect(dash.uid).toBe('slo-inventory');
    // One row, repeated by Grafana per value of `$slo`; these SLOs share no subject label (one is the
    // fraud pipeline's), so the variable is scoped to their names.
    const [row, ...rest] = dash.panels;
    expect(row).toMatchObject({ type: 'row', title: '$slo', repeat: 'slo' });
    const sloVar = dash.templating.list.find((v: any) => v.name === 'slo');
    expect(sloVar).toMatchObject({ type: 'query', multi: true, includeAll: true });
    expect(sloVar.query.query).toBe(
      'label_values(slo:objective:ratio{slo=~"cdc-p95|inventory-slos-met|inventory-up|orders-complete-2m|orders-fresh-120s|orders-fresh-30s|' +
        'orders-fresh-counters|orders-gate-pass|orders-row-parity|payments-fresh-30s|sink-p95"}, slo)',
    );
    // SLOs of one pipeline are scoped by the subject labels they all share instead.
    const scoped = SloRules.dashboard(exampleSlos(), { title: 'x', uid: 'x' });
    expect(scoped.templating.list[1].query.query).toBe('label_values(slo:objective:ratio{pipeline="inventory",stream="orders_latest"}, slo)');
    expect(scoped.panels[3].targets[0].expr).toBe('slo:period_error_budget_remaining:ratio{pipeline="inventory",stream="orders_latest",slo=~"$slo"}');
    const byTitle = Object.fromEntries(rest.map((p: any) => [p.title, p]));
    expect(byTitle['Error budget remaining'].targets[0].expr).toBe('slo:period_error_budget_remaining:ratio{slo=~"$slo"}');
    expect(byTitle['SLI over the period'].targets[0].expr).toBe(
      '1 - slo:period_burn_rate:ratio{slo=~"$slo"} * on(slo) group_left slo:error_budget:ratio{slo=~"$slo"}',
    );
    expect(byTitle['Burn rate (1 = spends exactly the budget over the period)'].targets.map((t: any) => [t.legendFormat, t.expr])).toEqual(
      ['1h', '6h', '1d'].map((w) => [w, `slo:sli_error:ratio_rate${w}{slo=~"$slo"} / on(slo) group_left slo:error_budget:ratio{slo=~"$slo"}`]),
    );
    expect(byTitle.Objective.targets[0].legendFormat).toBe('{{description}} (over {{period}})');
    // Per-hop latency: the two freshness SLOs on one Flink job share a panel, with both thresholds drawn.
    expect(byTitle['Per-hop latency']).toMatchObject({ type: 'row', collapsed: false });
    expect(byTitle['cdc: latency (threshold 5s)'].targets[0].expr).toBe('max(debezium_metrics_MilliSecondsBehindSource{context="streaming",name="store"}) * 0.001');
    const fresh = byTitle['orders-fresh-30s +1: latency (threshold 30s, 2m)'];
    expect(fresh.targets[0].expr).toBe('max(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}) * 0.001');
    expect(fresh.fieldConfig.defaults.thresholds.steps.map((t: any) => t.value)).toEqual([null, 30, 120]);
    expect(rest.filter((p: any) => p.title.includes(': latency'))).toHaveLength(3);
    // Terraform would read `${...}` as interpolation in a kubernetes_manifest: Grafana's `$datasource` form only.
    expect(cm.data['inventory.json']).not.toContain('${');
    expect(JSON.stringify(rules.prometheusRule.manifest)).not.toContain('${');
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the dashboard does not grow with the number of SLOs: 10 and 100 freshness SLOs give the same panels', () => {
    const freshness = (n: number, jobs: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => [
        Slo.freshness({
          name: `fresh-${i}`,
          objective: 0.95,
          threshold: Duration.seconds(30),
          sli: Sli.flinkEventTimeLag({ jobName: jobs(i) }),
          subject: { pipeline: 'big', stream: `s${i}` },
        }),
        Slo.completeness({
          name: `complete-${i}`,
          objective: 0.995,
          within: Duration.minutes(2),
          sli: Sli.topicOffsets({ expectedTopic: `in${i}`, arrivedTopic: `out${i}` }),
          subject: { pipeline: 'big', stream: `s${i}` },
        }),
      ]).flat();
    const dash = (slos: Slo[]) => {
      const rules = new SloAlertRules(stack(), 'Big', { slos });
      const text: string = rules.dashboardConfigMap!.manifest.data['big.json'];
      const panels = JSON.parse(text).panels.flatMap((p: any) => [p, ...(p.panels ?? [])]);
      return { size: text.length, panels: panels.length, hop: panels.find((p: any) => p.title.includes(': latency')) };
    };
    // One shared SLI: everything is constant but the "+9" / "+99" of the hop panel's title and legend.
    const shared10 = dash(freshness(10, () => 'orders'));
    const shared100 = dash(freshness(100, () => 'orders'));
    expect(shared100.panels).toBe(shared10.panels);
    expect(shared100.size - shared10.size).toBe(2);
    // Distinct jobs: still the same panels; the hop panel's regex grows by the job names only.
    const distinct10 = dash(freshness(10, (i) => `job-${i}`));
    const distinct100 = dash(freshness(100, (i) => `job-${i}`));
    expect(distinct100.panels).toBe(distinct10.panels);
    expect(distinct100.panels).toBe(7);
    expect(distinct100.size - distinct10.size).toBeLessThan(90 * 10);
    expect(distinct100.size).toBeLessThan(8_000);
    expect(distinct100.hop.targets[0]).toMatchObject({ legendFormat: '{{job_name}}' });
    expect(distinct100.hop.targets[0].expr).toMatch(
      /^max by \(job_name\) \(flink_taskmanager_job_task_operator_currentEmitEventTimeLag\{job_name=~"job-0\|job-1\|job-10\|.*\|job-99"\}\) \* 0\.001$/,
    );
  });

  test('the per-hop latency row starts collapsed above six panels, holding its panels', () => {
    const slos = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        // A threshold each: SLOs that promise different thresholds do not share a panel.
        Slo.latency({ name: `hop-${i}`, hop: `hop-${i}`, objective: 0.95, threshold: Duration.seconds(i + 1), sli: Sli.debeziumLag({ topicPrefix: `db${i}` }) }),
      );
    const six = SloRules.dashboard(slos(6), { title: 'x', uid: 'x' });
    const seven = SloRules.dashboard(slos(7), { title: 'x', uid: 'x' });
    expect(six.panels.find((p: any) => p.title === 'Per-hop latency')).toMatchObject({ collapsed: false, panels: [] });
    expect(six.panels.filter((p: any) => p.title.includes(': latency'))).toHaveLength(6);
    const row = seven.panels.find((p: any) => p.title === 'Per-hop latency');
    expect(row.collapsed).toBe(true);
    expect(row.panels.map((p: any) => p.title)).toContain('hop-6: latency (threshold 7s)');
    expect(seven.panels.filter((p: any) => p.title.includes(': latency'))).toEqual([]);
    const ids = seven.panels.flatMap((p: any) => [p.id, ...p.panels?.map((q: any) => q.id) ?? []]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('is deterministic: two synths give identical rules', () => {
    const a = new SloAlertRules(stack(), 'Inventory', { slos: everyKindOfSlo(), systemAlerts: SYSTEM });
    const b = new SloAlertRules(stack(), 'Inventory', { slos: everyKindOfSlo(), systemAlerts: SYSTEM });
    expect(JSON.stringify(a.prometheusRule.manifest)).toBe(JSON.stringify(b.prometheusRule.manifest));
    expect(JSON.stringify(a.dashboardConfigMap!.manifest)).toBe(JSON.stringify(b.dashboardConfigMap!.manifest));
  });

  test('works with GitOps delivery: the PrometheusRule becomes a manifest file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-gitops-'));
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'retail-prod');
    Delivery.use(s, Delivery.gitOps({ repoUrl: 'https://git.example.com/platform/streams.git', path: 'deploy/retail-prod' }));
    new SloAlertRules(s, 'Inventory', { slos: exampleSlos(), ruleLabels: { release: 'kps' } });
    app.synth();
    const files: string[] = [];
    const walk = (d: string) =>
      fs.readdirSync(d).forEach((f) => (fs.statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : files.push(f)));
    walk(path.join(outdir, 'stacks', 'retail-prod'));
    expect(files.some((f) => /prometheusrule/i.test(f) && /inventory/.test(f))).toBe(true);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('a single group too large for one PrometheusRule fails synth, naming the group, the limit and the size', () => {
    const huge = Slo.freshness({
      name: 'wordy',
      objective: 0.99,
      threshold: Duration.seconds(30),
      sli: Sli.flinkEventTimeLag({ jobName: 'j' }),
      description: 'x'.repeat(150_000),
    });
    expect(() => new SloAlertRules(stack(), 'Big', { slos: [huge] })).toThrow(
      /\[retail-prod\/Big\] rule group slo-wordy must be at most 409600 bytes of YAML .*\(got \d{6}\)\. Fix: split the SLOs/,
    );
  });

  test('refuses duplicate SLO names, an empty list and a bad name, naming the construct path', () => {
    const slos = exampleSlos();
    expect(() => new SloAlertRules(stack(), 'Dup', { slos: [slos[0], slos[0]] })).toThrow(
      /\[retail-prod\/Dup\] slos must be free of duplicate SLO names .*\(got "orders-fresh-30s"\)/,
    );
    expect(() => new SloAlertRules(stack(), 'Empty', { slos: [] })).toThrow(/\[retail-prod\/Empty\] slos must be a non-empty list/);
    expect(() => new SloAlertRules(stack(), 'X', { slos, name: 'Not_A_Name' })).toThrow(/\[retail-prod\/X\] name must be a DNS label/);
    expect(() => new SloAlertRules(stack(), 'Sys', { slos, systemAlerts: { ...SYSTEM, backPressureMsPerSecond: 2000 } })).toThrow(
      /systemAlerts.backPressureMsPerSecond must be > 0 and <= 1000 \(got 2000\)/,
    );
    expect(() => new SloAlertRules(stack(), 'Sys2', { slos, systemAlerts: { ...SYSTEM, watermarkDelay: Duration.seconds(0) } })).toThrow(
      /systemAlerts.watermarkDelay must be a finite Duration > 0/,
    );
  });
});

describe('system alerts', () => {
  test('carry overridable thresholds and metric names', () => {
    const rules = new SloAlertRules(stack(), 'Sys', {
      slos: [],
      systemAlerts: {
        ...SYSTEM,
        consumerLagMessages: 500,
        watermarkDelay: Duration.seconds(90),
        checkpointDuration: Duration.seconds(45),
        metrics: { consumerGroupLag: 'kafka_consumergroup_group_lag' },
        labels: { team: 'data' },
        runbookUrl: 'https://runbooks.example.com/system',
      },
    });
    const byName = Object.fromEntries(rules.ruleGroups[0].rules.map((r) => [r.alert, r]));
    expect(byName.ConsumerLagHigh.expr).toBe('sum by (consumergroup, topic) (kafka_consumergroup_group_lag{consumergroup=~"orders-latest"} >= 0) > 500');
    expect(byName.FlinkWatermarkDelayHigh.expr).toContain('/ 1000 > 90');
    expect(byName.FlinkCheckpointSlow.expr).toBe('max by (job_name) (flink_jobmanager_job_lastCheckpointDuration{job_name=~"orders-latest"}) / 1000 > 45');
    expect(byName.DeadLetterRateAboveNormal.expr).toContain('topic=~"orders_latest\\\\.dlq"');
    expect(byName.ConnectorFailed.labels).toEqual({ team: 'data', severity: 'warning', system_alert: 'connector-failed' });
    expect(byName.ConnectorTaskFailed.annotations?.runbook_url).toBe('https://runbooks.example.com/system');
    expect(rules.dashboardConfigMap).toBeUndefined();
  });
});

describeWithCrds('SloAlertRules against the PrometheusRule CRD', () => {
  test('every generated PrometheusRule validates (strict)', () => {
    const s = stack();
    new SloAlertRules(s, 'Inventory', { slos: exampleSlos(), systemAlerts: SYSTEM, ruleLabels: { release: 'kps' } });
    new SloAlertRules(s, 'All', { slos: everyKindOfSlo() });
    const manifests = kubernetesManifests(synthJson(s)).filter((m) => m.kind === 'PrometheusRule');
    expect(manifests).toHaveLength(2);
    manifests.forEach(expectValidCustomResource);
  });

  test('a large set is split, in order, into PrometheusRules of at most 400 KiB of rules that each validate', () => {
    const slos = Array.from({ length: 300 }, (_, i) =>
      Slo.freshness({
        name: `stream-${i}-fresh-30s`,
        objective: 0.99,
        threshold: Duration.seconds(30),
        sli: Sli.flinkEventTimeLag({ jobName: `job-${i}` }),
        subject: { pipeline: 'big', stream: `s${i}` },
        runbookUrl: `https://runbooks.example.com/big/s${i}`,
      }),
    );
    const s = stack();
    const rules = new SloAlertRules(s, 'Big', { slos, systemAlerts: SYSTEM, ruleLabels: { release: 'kps' } });
    const tf = synthJson(s);
    expectTerraformConforms(tf);
    const byName = new Map(kubernetesManifests(tf).filter((m) => m.kind === 'PrometheusRule').map((m) => [m.metadata.name, m]));
    expect(rules.prometheusRules.length).toBeGreaterThan(1);
    const names = rules.prometheusRules.map((_, i) => (i === 0 ? 'big' : `big-${i + 1}`));
    expect([...byName.keys()].sort()).toEqual([...names].sort());
    const manifests = names.map((n) => byName.get(n)!);
    for (const m of manifests) {
      // The Prometheus Operator refuses a rules file above 512 KiB; pieces stay under 400 KiB of YAML.
      expect(Buffer.byteLength(SloRules.toRulesFile(m.spec.groups))).toBeLessThanOrEqual(400 * 1024 + 64);
      expect(m.metadata.labels).toEqual({ release: 'kps' });
      expectValidCustomResource(m);
    }
    // Nothing lost, nothing reordered; the plain rules file keeps every group in one file.
    expect(manifests.flatMap((m) => m.spec.groups.map((g: any) => g.name))).toEqual(rules.ruleGroups.map((g) => g.name));
    // The file, read by a real YAML parser, holds exactly the groups of the manifests.
    expect(parse(rules.renderRulesFile()).groups).toEqual(manifests.flatMap((m) => m.spec.groups));
    expect(rules.renderRulesFile()).toBe(SloRules.toRulesFile(rules.ruleGroups));
    expect(rules.prometheusRule).toBe(rules.prometheusRules[0]);
  });

  test('the validator catches a misspelt field', () => {
    const rules = new SloAlertRules(stack(), 'Inventory', { slos: exampleSlos() });
    const broken = JSON.parse(JSON.stringify(rules.prometheusRule.manifest));
    broken.spec.groups[0].rules[0].recrod = 'x';
    expect(() => expectValidCustomResource(broken)).toThrow();
  });
});
