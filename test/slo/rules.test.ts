import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { exampleSlos } from './example-slos';
import { Duration, Sli, Slo, SloAlertRules, SloPeriod } from '../../lib';
import { SLO_RULES } from '../../lib/slo/rules';

const PROD = { production: true };
const rule = (id: string) => SLO_RULES.find((r) => r.id === id)!;
const sli = Sli.flinkEventTimeLag({ jobName: 'orders-latest' });

function rules(slos: Slo[], ruleLabels: Record<string, string> = { release: 'kps' }) {
  return new SloAlertRules(new TerraformStack(Testing.app(), 'prod'), 'Inventory', { slos, ruleLabels });
}

describe('SLO_RULES', () => {
  test('ids are stable, unique and documented', () => {
    expect(SLO_RULES.map((r) => r.id)).toEqual(['RP-SLO-1', 'RP-SLO-2', 'RP-SLO-3', 'RP-SLO-4']);
    for (const r of SLO_RULES) {
      expect(r.summary).not.toBe('');
      expect(r.explanation).not.toBe('');
      expect(r.fix).not.toBe('');
    }
  });

  test('rules do not apply to other constructs', () => {
    const other = new Construct(new TerraformStack(Testing.app(), 'x'), 'other');
    for (const r of SLO_RULES) expect(r.check(other, PROD).applicable).toBe(false);
  });

  test('the example SLOs comply with every rule', () => {
    const r = rules(exampleSlos());
    for (const each of SLO_RULES) expect([each.id, each.check(r, PROD).isNonCompliant]).toEqual([each.id, false]);
  });

  test('RP-SLO-1: an objective whose page threshold is above 100 % errors is non-compliant', () => {
    const low = Slo.freshness({ name: 'low', objective: 0.9, threshold: Duration.seconds(30), sli });
    const result = rule('RP-SLO-1').check(rules([low]), PROD);
    expect(result.isNonCompliant).toBe(true);
    expect(result.finding).toBe('SLO low (objective 0.9) needs an error ratio of 1.44 to page.');
    const ok = Slo.freshness({ name: 'ok', objective: 0.95, threshold: Duration.seconds(30), sli });
    expect(rule('RP-SLO-1').check(rules([ok]), PROD).isNonCompliant).toBe(false);
  });

  test('RP-SLO-2: a production SLO without a runbook is non-compliant; outside production the rule does not apply', () => {
    const bare = Slo.freshness({ name: 'bare', objective: 0.95, threshold: Duration.seconds(30), sli });
    expect(rule('RP-SLO-2').check(rules([bare]), PROD).finding).toBe('no runbookUrl on bare.');
    expect(rule('RP-SLO-2').check(rules([bare]), { production: false }).applicable).toBe(false);
    expect(rule('RP-SLO-2').check(rules(exampleSlos()), PROD).isNonCompliant).toBe(false);
  });

  test('RP-SLO-3: an objective leaving under 10 minutes of budget over its period is non-compliant', () => {
    const tight = Slo.freshness({ name: 'tight', objective: 0.9999, threshold: Duration.seconds(30), sli, period: SloPeriod.sevenDays() });
    expect(rule('RP-SLO-3').check(rules([tight]), PROD).finding).toBe('SLO tight: objective 0.9999 over 7 days leaves 1.008 minutes.');
    const fine = Slo.freshness({ name: 'fine', objective: 0.999, threshold: Duration.seconds(30), sli });
    expect(rule('RP-SLO-3').check(rules([fine]), PROD).isNonCompliant).toBe(false);
  });

  test('RP-SLO-4: a PrometheusRule without selector labels is non-compliant', () => {
    expect(rule('RP-SLO-4').check(rules(exampleSlos(), {}), PROD).finding).toBe('PrometheusRule inventory has no labels.');
    expect(rule('RP-SLO-4').check(rules(exampleSlos()), PROD).isNonCompliant).toBe(false);
  });
});
