import { everyKindOfSlo } from './example-slos';
import { promqlErrors, unparsableExpressions } from './validators';
import { Duration, Sli, Slo, SloRules } from '../../lib';

describe('PromQL syntax (lezer-promql)', () => {
  test('the checker itself rejects broken PromQL', () => {
    expect(promqlErrors('sum(rate(x[5m]))')).toEqual([]);
    expect(promqlErrors('sum(rate(x[5m])')).not.toEqual([]);
    expect(promqlErrors('rate(x[5m]) >')).not.toEqual([]);
  });

  test('every SLO rule expression of every SLI kind parses', () => {
    const groups = SloRules.forSlos(everyKindOfSlo(), 'orders');
    expect(groups.flatMap((g) => g.rules).length).toBeGreaterThan(70);
    expect(unparsableExpressions(groups)).toEqual([]);
  });

  test('every dashboard panel query and the SLO variable\'s selector parse', () => {
    const dash = SloRules.dashboard(everyKindOfSlo(), { title: 'SLOs', uid: 'slos' });
    const panels = dash.panels.flatMap((p: any) => [p, ...(p.panels ?? [])]);
    const exprs: string[] = panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
    const variable = dash.templating.list.find((v: any) => v.name === 'slo').query.query;
    const inner = /^label_values\((.*), slo\)$/.exec(variable)![1];
    expect(exprs.length).toBeGreaterThanOrEqual(9);
    expect(exprs.some((e) => e.includes('$slo'))).toBe(true);
    // Grafana substitutes `$slo` before the query reaches Prometheus, and lezer-promql rejects a `$`
    // only outside string literals; substitute anyway, so a `$slo` that slipped out of the quotes shows.
    const substituted = [inner, ...exprs].map((e) => e.replace(/\$slo\b/g, 'orders-fresh-30s'));
    expect(substituted.filter((e) => e.includes('$'))).toEqual([]);
    expect(substituted.flatMap(promqlErrors)).toEqual([]);
    expect(promqlErrors('x{slo=~$slo}')).not.toEqual([]);
  });

  test('the hop panel shared by SLOs on different jobs regex-escapes the job names and parses', () => {
    const slo = (name: string, jobName: string) =>
      Slo.freshness({ name, objective: 0.95, threshold: Duration.seconds(30), sli: Sli.flinkEventTimeLag({ jobName }), subject: { pipeline: 'p' } });
    const dash = SloRules.dashboard([slo('a', 'orders-latest'), slo('b', 'payments.v2')], { title: 'SLOs', uid: 'slos' });
    const hop = dash.panels.find((p: any) => p.title === 'a +1: latency (threshold 30s)');
    expect(hop.targets[0].expr).toBe(
      'max by (job_name) (flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name=~"orders-latest|payments\\\\.v2"}) * 0.001',
    );
    expect(promqlErrors(hop.targets[0].expr)).toEqual([]);
  });

  test('every system alert expression parses', () => {
    const groups = SloRules.systemAlerts({
      flinkJobs: ['orders-latest', 'payments.v2'],
      connectors: ['store-cdc'],
      consumerGroups: ['orders-latest'],
      dlqTopics: ['orders_latest.dlq'],
    });
    expect(groups[0].rules.map((r) => r.alert)).toEqual([
      'ConsumerLagHigh',
      'FlinkWatermarkDelayHigh',
      'FlinkCheckpointSlow',
      'FlinkCheckpointsFailing',
      'FlinkBackPressured',
      'ConnectorFailed',
      'ConnectorTaskFailed',
      'DeadLetterRateAboveNormal',
    ]);
    expect(unparsableExpressions(groups)).toEqual([]);
  });
});
