/**
 * One Prometheus rule: a recording rule (`record`) or an alerting rule (`alert`), exactly as a rules
 * file or a `PrometheusRule` writes it.
 */
export interface PrometheusRuleEntry {
  /**
   * Name of the recorded series.
   * @default - an alerting rule
   */
  readonly record?: string;
  /**
   * Name of the alert.
   * @default - a recording rule
   */
  readonly alert?: string;
  /** PromQL expression. */
  readonly expr: string;
  /**
   * How long the condition must hold before the alert fires, e.g. `2m`.
   * @default - fires on the first evaluation
   */
  readonly for?: string;
  /**
   * Labels added to the series or alert.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Alert annotations (`summary`, `description`, `runbook_url`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** A Prometheus rule group. */
export interface PrometheusRuleGroup {
  /** Group name, unique within a file. */
  readonly name: string;
  /**
   * Evaluation interval, e.g. `30s`.
   * @default - Prometheus' global evaluation interval
   */
  readonly interval?: string;
  /** Rules, evaluated in order (a recording rule can feed later rules of the same group). */
  readonly rules: PrometheusRuleEntry[];
}
