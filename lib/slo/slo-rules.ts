import { renderDashboard } from './private/render-dashboard';
import { prometheusRuleManifest, renderSloGroups, renderSystemAlertGroup, rulesFileYaml } from './private/render-rules';
import { PrometheusRuleGroup } from './rule-group';
import { Slo } from './slo';
import { SystemAlertsOptions } from './system-alerts';

/** Options of `SloRules.prometheusRule()`. */
export interface PrometheusRuleOptions {
  /** `metadata.name`. */
  readonly name: string;
  /**
   * `metadata.namespace`.
   * @default - none (the namespace of the apply)
   */
  readonly namespace?: string;
  /**
   * Labels the Prometheus operator's `ruleSelector` matches, e.g. `{ release: 'kps' }` for kube-prometheus-stack.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Options of `SloRules.dashboard()`. */
export interface SloDashboardOptions {
  /** Dashboard title. */
  readonly title: string;
  /** Dashboard uid (stable across synths, at most 40 characters). */
  readonly uid: string;
}

/**
 * The pure renderers behind `SloAlertRules`: SLOs (and system alerts) to Prometheus rule groups, a
 * rules file, a `PrometheusRule` and a Grafana dashboard. Usable without any construct.
 *
 * Method: Sloth's multi-window multi-burn-rate rules (see docs/slo.md).
 */
export class SloRules {
  /**
   * Recording rules (`slo:sli_error:ratio_rate<window>`), metadata and alerts: one group per SLO with
   * what is specific to it, and one set-wide group named `<setName>-shared` with the formulas every
   * SLO shares, selecting the set's series by their `slo_set` label.
   *
   * @param setName names the set: the value of the `slo_set` label every recorded series carries
   * (which the set-wide rules select on) and the prefix of the set-wide group name. No other rule set
   * loaded into the same Prometheus may use it, or each set's rules would also compute the other's
   * series (`SloAlertRules` uses `<namespace>/<name>`, unique per cluster).
   */
  public static forSlos(slos: Slo[], setName: string): PrometheusRuleGroup[] {
    return renderSloGroups(slos, 'SloRules.forSlos', setName);
  }

  /** The system alerts as a list of zero or one group (zero when nothing is named to watch). */
  public static systemAlerts(options: SystemAlertsOptions): PrometheusRuleGroup[] {
    const g = renderSystemAlertGroup(options, 'SloRules.systemAlerts');
    return g ? [g] : [];
  }

  /** A plain Prometheus rules file (`groups:`) that `promtool check rules` accepts. */
  public static toRulesFile(groups: PrometheusRuleGroup[]): string {
    return rulesFileYaml(groups);
  }

  /** A `PrometheusRule` (monitoring.coreos.com/v1) holding the groups, as a plain object. */
  public static prometheusRule(groups: PrometheusRuleGroup[], options: PrometheusRuleOptions): any {
    return prometheusRuleManifest(groups, options);
  }

  /** A Grafana dashboard JSON model for the SLOs (SLI, budget, burn rate, per-hop latency). */
  public static dashboard(slos: Slo[], options: SloDashboardOptions): any {
    return renderDashboard(slos, options);
  }

  private constructor() {}
}
