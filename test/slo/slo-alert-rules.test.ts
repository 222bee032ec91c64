import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Delivery, Duration, SloAlertRules, SyncWave } from '../../lib';
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
      'slo-orders-fresh-30s-sli',
      'slo-orders-fresh-30s-meta',
      'slo-orders-fresh-30s-alerts',
      'slo-orders-fresh-120s-sli',
      'slo-orders-fresh-120s-meta',
      'slo-orders-fresh-120s-alerts',
      'slo-orders-complete-2m-sli',
      'slo-orders-complete-2m-meta',
      'slo-orders-complete-2m-alerts',
      'slo-orders-row-parity-sli',
      'slo-orders-row-parity-meta',
      'slo-orders-row-parity-alerts',
      'realtime-pipeline-system',
    ]);
    expect(rules.prometheusRule.syncWave).toBe(SyncWave.MONITORING);
    expect(rules.ruleGroups).toHaveLength(13);
    expect(unparsableExpressions(rules.ruleGroups)).toEqual([]);
  });

  test('records the SLI error ratio per Sloth window and pages on 14.4x over 1h and 5m for a 95 % / 30-day SLO', () => {
    const s = stack();
    const rules = new SloAlertRules(s, 'Inventory', { slos: exampleSlos().slice(0, 1) });
    const [sli, meta, alerts] = rules.ruleGroups;
    expect(sli.rules.map((r) => r.record)).toEqual([
      'slo:sli_error:sample',
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
    ]);
    expect(sli.rules[0].expr).toBe('(max(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}) > bool 30000)');
    expect(meta.rules.map((r) => r.record)).toEqual([
      'slo:sli_error:ratio_rate30d',
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:time_period:days',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'slo:info',
    ]);
    const page = alerts.rules.find((r) => r.alert === 'SLOErrorBudgetBurnPage')!;
    const sel = '{pipeline="inventory",slo="orders-fresh-30s",stream="orders_latest"}';
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
    const ticket = alerts.rules.find((r) => r.alert === 'SLOErrorBudgetBurnTicket')!;
    expect(ticket.expr).toContain(`slo:sli_error:ratio_rate1d${sel} > 0.15 and slo:sli_error:ratio_rate2h${sel} > 0.15`);
    expect(ticket.expr).toContain(`slo:sli_error:ratio_rate3d${sel} > 0.05 and slo:sli_error:ratio_rate6h${sel} > 0.05`);
    expect(ticket.labels?.severity).toBe('warning');
    const missing = alerts.rules.find((r) => r.alert === 'SLOMissingData')!;
    expect(missing.expr).toContain('absent_over_time(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="orders-latest"}[10m])');
    expect(missing.expr).toContain('min(flink_taskmanager_job_task_operator_sourceIdleTime{job_name="orders-latest"}) > 600000');
    expect(missing.labels?.severity).toBe('critical');
  });

  test('never generates the seed\'s per-second violation alert: every burn alert compares a recorded ratio', () => {
    const rules = new SloAlertRules(stack(), 'All', { slos: everyKindOfSlo() });
    const burn = rules.ruleGroups.flatMap((g) => g.rules).filter((r) => r.alert?.startsWith('SLOErrorBudgetBurn'));
    expect(burn.length).toBe(everyKindOfSlo().length * 2);
    for (const r of burn) {
      expect(r.expr).not.toMatch(/rate\(/);
      expect(r.expr).toMatch(/^\(slo:sli_error:ratio_rate\w+\{/);
    }
    const counters = rules.ruleGroups.find((g) => g.name === 'slo-orders-fresh-counters-sli')!;
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
    const titles = dash.panels.map((p: any) => p.title);
    expect(titles).toContain('Error budget remaining');
    expect(titles).toContain('Per-hop latency');
    expect(titles).toContain('cdc: latency (threshold 5s)');
    const exprs = dash.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
    expect(exprs).toContain('slo:period_error_budget_remaining:ratio{pipeline="inventory",slo="orders-fresh-30s",stream="orders_latest"}');
    // Terraform would read `${...}` as interpolation in a kubernetes_manifest: Grafana's `$datasource` form only.
    expect(cm.data['inventory.json']).not.toContain('${');
    expect(JSON.stringify(rules.prometheusRule.manifest)).not.toContain('${');
    fs.rmSync(outdir, { recursive: true, force: true });
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

  test('the validator catches a misspelt field', () => {
    const rules = new SloAlertRules(stack(), 'Inventory', { slos: exampleSlos() });
    const broken = JSON.parse(JSON.stringify(rules.prometheusRule.manifest));
    broken.spec.groups[0].rules[0].recrod = 'x';
    expect(() => expectValidCustomResource(broken)).toThrow();
  });
});
