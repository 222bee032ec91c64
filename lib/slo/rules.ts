import { Duration } from '../core/duration';
import { ruleFor } from '../core/private/define-rule';
import { IRule, RuleLevel, RuleResult } from '../core/rules';
import { num } from './private/promql';
import { SloAlertRules } from './slo-alert-rules';

/** The whole error budget, as time of total outage, below which an objective is unrealistic. */
const MIN_BUDGET = Duration.minutes(10);

const rule = ruleFor((n): n is SloAlertRules => n instanceof SloAlertRules);

/** Rules of the slo domain for the rule pack (ids RP-SLO-n). */
export const SLO_RULES: IRule[] = [
  rule(
    'RP-SLO-1',
    RuleLevel.ERROR,
    'Every SLO page alert can fire: burn-rate factor × error budget stays below 100 % errors',
    'The fast-burn page fires when the error ratio exceeds 14.4 × (1 − objective) over 1h and 5m (30-day period). With an ' +
      'objective of 93 % or lower that threshold is above 1: even a pipeline that fails every event never pages, and the ' +
      'SLO looks healthy while it burns.',
    'raise the objective (at least 0.94 for 30 days, 0.93 for 28 or 7 days) or use a longer period',
    (r) => {
      const broken = r.slos.filter((s) => s.period.pageWindows.some((w) => w.burnRate * s.errorBudget >= 1));
      return broken.length
        ? RuleResult.nonCompliant(
          broken.map((s) => `SLO ${s.name} (objective ${num(s.objective)}) needs an error ratio of ${num(s.period.pageWindows[0].burnRate * s.errorBudget)} to page`).join('; ') + '.',
        )
        : RuleResult.compliant();
    },
  ),
  rule(
    'RP-SLO-2',
    RuleLevel.WARNING,
    'Every production SLO links a runbook',
    'A page at 3 am without a runbook means the on-call engineer reverse-engineers the pipeline first. The runbook_url ' +
      'annotation is what Alertmanager templates and Grafana show next to the alert.',
    'set runbookUrl on the SLO',
    (r, ctx) => {
      if (!ctx.production) return RuleResult.notApplicable();
      const missing = r.slos.filter((s) => !s.runbookUrl).map((s) => s.name);
      return missing.length ? RuleResult.nonCompliant(`no runbookUrl on ${missing.join(', ')}.`) : RuleResult.compliant();
    },
  ),
  rule(
    'RP-SLO-3',
    RuleLevel.WARNING,
    'No SLO objective is unrealistic for its period (the whole budget is at least 10 minutes of total outage)',
    'The error budget is (1 − objective) × period. When it is under 10 minutes of total outage (99.98 % over 30 days, 99.95 % over 7 days), ' +
      'one restart of the Flink job or one connector rebalance spends it all, before the ' +
      '1h/5m page has the evidence to fire; the SLO is then always breached and stops meaning anything.',
    'lower the objective or lengthen the period (SloPeriod.thirtyDays())',
    (r) => {
      const tight = r.slos.filter((s) => s.errorBudget * s.period.duration.toSeconds() < MIN_BUDGET.toSeconds());
      return tight.length
        ? RuleResult.nonCompliant(
          tight
            .map((s) => `SLO ${s.name}: objective ${num(s.objective)} over ${s.period.days} days leaves ${num((s.errorBudget * s.period.duration.toSeconds()) / 60)} minutes`)
            .join('; ') + '.',
        )
        : RuleResult.compliant();
    },
  ),
  rule(
    'RP-SLO-4',
    RuleLevel.WARNING,
    'PrometheusRules carry the labels the Prometheus operator selects rules by',
    "The Prometheus operator loads only PrometheusRules matching its ruleSelector; kube-prometheus-stack's default selects " +
      '`release: <helm release>`. A rule without labels is accepted by the API server and then silently ignored: no alert ever fires.',
    "set ruleLabels, e.g. { release: 'kps' }",
    (r) => (Object.keys(r.ruleLabels).length ? undefined : `PrometheusRule ${r.resourceName} has no labels.`),
  ),
];
