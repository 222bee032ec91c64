import { everyKindOfSlo } from './example-slos';
import { promqlErrors, unparsableExpressions } from './validators';
import { SloRules } from '../../lib';

describe('PromQL syntax (lezer-promql)', () => {
  test('the checker itself rejects broken PromQL', () => {
    expect(promqlErrors('sum(rate(x[5m]))')).toEqual([]);
    expect(promqlErrors('sum(rate(x[5m])')).not.toEqual([]);
    expect(promqlErrors('rate(x[5m]) >')).not.toEqual([]);
  });

  test('every SLO rule expression of every SLI kind parses', () => {
    const groups = SloRules.forSlos(everyKindOfSlo());
    expect(groups.flatMap((g) => g.rules).length).toBeGreaterThan(150);
    expect(unparsableExpressions(groups)).toEqual([]);
  });

  test('every dashboard panel query parses', () => {
    const dash = SloRules.dashboard(everyKindOfSlo(), { title: 'SLOs', uid: 'slos' });
    const exprs: string[] = dash.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
    expect(exprs.length).toBeGreaterThan(30);
    expect(exprs.flatMap(promqlErrors)).toEqual([]);
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
