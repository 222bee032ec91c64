import { Duration } from '../../core/duration';
import { requireInstance, requireInstances } from '../../core/private/validate';
import { ValidationError } from '../../core/private/validation-error';
import { emitYaml } from '../../core/private/yaml';
import { PrometheusRuleEntry, PrometheusRuleGroup } from '../rule-group';
import { SliMetrics, SliPlan } from '../sli';
import { Slo, SloKind } from '../slo';
import { BurnRateWindow } from '../slo-period';
import { SystemAlertMetrics, SystemAlertsOptions } from '../system-alerts';
import { METRIC_NAME, num, quote, selector, SET_LABEL } from './promql';

/** The names of the series the SLO rules record (Sloth's naming). */
export const SERIES = {
  sample: 'slo:sli_error:sample',
  ratio: (w: string) => `slo:sli_error:ratio_rate${w}`,
  objective: 'slo:objective:ratio',
  budget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurn: 'slo:current_burn_rate:ratio',
  periodBurn: 'slo:period_burn_rate:ratio',
  remaining: 'slo:period_error_budget_remaining:ratio',
  info: 'slo:info',
};

/** How long a burn-rate condition must hold before its page or ticket fires. */
export const BURN_HOLD = '2m';

/** Alert names (the `slo` label says which SLO). */
export const ALERTS = {
  page: 'SLOErrorBudgetBurnPage',
  outage: 'SLOTotalOutage',
  ticket: 'SLOErrorBudgetBurnTicket',
  missing: 'SLOMissingData',
};

/**
 * The error ratio of a total outage: 90 % of the most an SLO can burn, 1 / (1 − objective), whatever
 * the objective. Not 100 %: an event SLI's two `rate()`s extrapolate a little differently.
 */
export const OUTAGE_ERROR_RATIO = 0.9;

/**
 * The window the outage page reads: 5m, or for an accuracy SLO the shortest recorded window that
 * holds two reconciliations (its counters move once per run, so a shorter window is mostly empty
 * and the page would fire and resolve with every run). None when even 3d is too short.
 */
export function outageWindow(slo: Slo): Duration | undefined {
  if (slo.kind !== SloKind.ACCURACY) return Duration.minutes(5);
  const twice = slo.threshold!.toMilliseconds() * 2;
  return slo.period.windows.find((w) => w.toMilliseconds() >= twice);
}

/** Labels identifying one SLO's series: `slo` plus its subject labels. */
export function identity(slo: Slo): Record<string, string> {
  return { ...slo.subject, slo: slo.name };
}


/**
 * The rules for a set of SLOs, in two layers:
 *
 * - one group per SLO (`slo-<name>`) with what only that SLO can compute: its SLI (the 0/1 "bad now"
 *   sample, or the error ratio per window for event SLIs), its objective, its `slo:info` series and its
 *   alerts (page, total-outage page, ticket, missing data);
 * - one set-wide group (`<setName>-shared`) with the formulas that are the same for every SLO: the window
 *   averages of the samples, the period ratio, the error budget, the burn rates and the budget left.
 *   Every series the per-SLO rules record carries `slo_set="<setName>"`, so the set-wide rules select
 *   their inputs with that one matcher and keep each SLO's labels.
 *
 * The recorded series and alerts are the ones of Sloth's per-SLO layout (same names, labels,
 * thresholds and windows, plus `slo_set`, and the total-outage page); only the number of rules
 * changes: 7 per time-slice SLO and 13 per event SLO instead of 19 and 18, plus 13 for the set (two
 * more per extra period).
 */
export function renderSloGroups(slos: Slo[], where: string, setName: string): PrometheusRuleGroup[] {
  requireInstances(where, 'slos', slos, Slo, 'an Slo (Slo.freshness({…}), …)', { required: true });
  if (typeof setName !== 'string' || !/^[a-z0-9]([-a-z0-9_./]{0,125}[a-z0-9])?$/.test(setName)) {
    throw ValidationError.of(where, 'setName', 'a lowercase name (letters, digits, "-", "_", ".", "/"; at most 127 characters)', setName);
  }
  const seen = new Set<string>();
  for (const slo of slos) {
    if (!(slo instanceof Slo)) throw ValidationError.of(where, 'slos', 'a list of Slo objects', slo);
    if (seen.has(slo.name)) {
      throw ValidationError.of(where, 'slos', 'free of duplicate SLO names (the name is the rule group name)', slo.name, 'give each SLO its own name');
    }
    seen.add(slo.name);
  }
  if (!slos.length) return [];
  const plans = new Map(slos.map((slo) => [slo, slo._plan(setName)]));
  const groups = slos.map((slo) => renderOne(slo, plans.get(slo)!, setName));
  const shared = renderShared(slos, plans, setName);
  if (groups.some((g) => g.name === shared.name)) {
    throw ValidationError.of(where, 'slos', `names other than the set-wide group's (${shared.name})`, shared.name.replace(/^slo-/, ''), 'rename the SLO or the rule set');
  }
  return [...groups, shared];
}

function renderOne(slo: Slo, plan: SliPlan, setName: string): PrometheusRuleGroup {
  const labels = identity(slo);
  const recorded = { ...labels, [SET_LABEL]: setName };
  // The alerts read this set's series only: another set may hold an SLO of the same name and subject.
  const sel = selector(recorded);
  const rules: PrometheusRuleEntry[] = [];
  if (plan.errorRatio) {
    for (const w of slo.period.windows) {
      rules.push({ record: SERIES.ratio(w.toPrometheus()), expr: plan.errorRatio(w.toPrometheus()), labels: recorded });
    }
  } else {
    rules.push({ record: SERIES.sample, expr: plan.badSample!, labels: recorded });
  }
  const infoLabels: Record<string, string> = {
    ...recorded,
    slo_kind: slo.kind,
    objective: num(slo.objective),
    period: `${slo.period.days}d`,
    description: slo.description,
  };
  if (slo.threshold) infoLabels.threshold = slo.threshold.toPrometheus();
  if (slo.hop) infoLabels.hop = slo.hop;
  rules.push({ record: SERIES.objective, expr: `vector(${num(slo.objective)})`, labels: recorded });
  rules.push({ record: SERIES.info, expr: 'vector(1)', labels: infoLabels });

  const alertLabels = (kind: string, severity: string) => ({ ...slo.labels, ...labels, slo_kind: slo.kind, slo_alert: kind, severity });
  const annotations = (summary: string, description: string) => {
    const a: Record<string, string> = { summary, description };
    if (slo.runbookUrl) a.runbook_url = slo.runbookUrl;
    return a;
  };
  const pct = (x: number) => `${Number((x * 100).toPrecision(6))}%`;
  // Alert text is a Go template: a stray `{{` in a user's description must not become template code.
  const about = `${slo.name} (${slo.description.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }')}; objective ${pct(slo.objective)} over ${slo.period.days} days)`;
  const burnText = (ws: BurnRateWindow[]) =>
    ws.map((w) => `${num(w.burnRate)}x over ${w.longWindow.toPrometheus()} and ${w.shortWindow.toPrometheus()}`).join(', or ');
  rules.push(
    {
      alert: ALERTS.page,
      expr: burnExpr(slo, sel, slo.period.pageWindows),
      // Held for two evaluations' worth: one evaluation on a partial window (the first minutes
      // after Prometheus starts, when a window with an offset holds only its first samples and
      // rate() extrapolates them) does not page. Seen on the rehearsal: a single 11 % spike.
      for: BURN_HOLD,
      labels: alertLabels('page', slo.pageSeverity),
      annotations: annotations(
        `SLO ${slo.name} is burning its error budget fast`,
        `${about}: the error ratio burns the budget at ${burnText(slo.period.pageWindows)} ` +
          '(current long-window error ratio {{ $value | humanizePercentage }}). At this rate the budget is gone in ' +
          `${daysToExhaust(slo, slo.period.pageWindows[0])}.`,
      ),
    },
    ...outageAlert(slo, sel, alertLabels('outage', slo.pageSeverity), annotations, about),
    {
      alert: ALERTS.ticket,
      expr: burnExpr(slo, sel, slo.period.ticketWindows),
      for: BURN_HOLD,
      labels: alertLabels('ticket', slo.ticketSeverity),
      annotations: annotations(
        `SLO ${slo.name} is burning its error budget`,
        `${about}: the error ratio burns the budget at ${burnText(slo.period.ticketWindows)} ` +
          '(current long-window error ratio {{ $value | humanizePercentage }}).',
      ),
    },
    {
      alert: ALERTS.missing,
      expr: plan.missing(slo.missingDataAfter, slo.alertOnStall),
      for: '1m',
      labels: alertLabels('missing', slo.pageSeverity),
      annotations: annotations(
        `SLO ${slo.name} has no data: the pipeline may be stopped`,
        `${about}: the metrics its SLI reads (${plan.metrics.join(', ') || 'custom queries'}) have been missing` +
          `${slo.alertOnStall ? ' or flat' : ''} for ${slo.missingDataAfter.toPrometheus()}${plan.missingNote ? `, ${plan.missingNote}` : ''}. ` +
          'A stopped pipeline burns no budget, so ' +
          'the burn-rate alerts cannot see it: check the Flink job, the connector and the exporters.',
      ),
    },
  );
  return { name: `slo-${slo.name}`, rules };
}

/** The set-wide rules (see `renderSloGroups`). Each record name appears once, so `promtool`'s duplicate check holds. */
function renderShared(slos: Slo[], plans: Map<Slo, SliPlan>, setName: string): PrometheusRuleGroup {
  const labels = { [SET_LABEL]: setName };
  const set = selector(labels);
  const isSample = (s: Slo) => !plans.get(s)!.errorRatio;
  const byPeriod = new Map<number, Slo[]>();
  for (const s of slos) byPeriod.set(s.period.days, [...(byPeriod.get(s.period.days) ?? []), s]);
  const periods = [...byPeriod.keys()].sort((a, b) => b - a);
  // A rule for part of the set (one period, or one kind of SLI) is restricted to those SLOs by name.
  const only = (list: Slo[]) => (list.length === slos.length ? set : selector(labels, `slo=~${anyOf(list.map((s) => s.name))}`));
  const either = (parts: string[]) => (parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' or '));
  const rules: PrometheusRuleEntry[] = [];

  const samples = slos.filter(isSample);
  if (samples.length) {
    const windows = [...new Set(samples.flatMap((s) => s.period.windows.map((w) => w.toMilliseconds())))].sort((a, b) => a - b);
    for (const ms of windows) {
      const w = Duration.millis(ms).toPrometheus();
      rules.push({ record: SERIES.ratio(w), expr: `avg_over_time(${SERIES.sample}${set}[${w}])`, labels });
    }
  }
  for (const days of periods) {
    const p = `${days}d`;
    const inP = byPeriod.get(days)!;
    const parts: string[] = [];
    const sampled = inP.filter(isSample);
    const events = inP.filter((s) => !isSample(s));
    // Time-slice SLIs record only samples and event SLIs only ratios, so each selector already
    // picks its kind; a second period needs the names.
    if (sampled.length) parts.push(`avg_over_time(${SERIES.sample}${periods.length === 1 ? set : only(sampled)}[${p}])`);
    if (events.length) {
      const r5 = `${SERIES.ratio('5m')}${periods.length === 1 && !sampled.length ? set : only(events)}`;
      parts.push(`sum_over_time(${r5}[${p}]) / count_over_time(${r5}[${p}])`);
    }
    rules.push({ record: SERIES.ratio(p), expr: either(parts), labels });
  }
  rules.push({ record: SERIES.budget, expr: `1 - ${SERIES.objective}${set}`, labels });
  rules.push({
    record: SERIES.periodDays,
    expr: either(periods.map((d) => `0 * ${SERIES.objective}${periods.length === 1 ? set : only(byPeriod.get(d)!)} + ${d}`)),
    labels,
  });
  // An SLI may keep labels of its own (a query aggregated `by (cluster)`): match each SLO's series
  // to its one budget by set and name, keeping the SLI's labels.
  const perBudget = `/ on(${SET_LABEL}, slo) group_left() ${SERIES.budget}${set}`;
  rules.push({ record: SERIES.currentBurn, expr: `${SERIES.ratio('5m')}${set} ${perBudget}`, labels });
  rules.push({ record: SERIES.periodBurn, expr: either(periods.map((d) => `${SERIES.ratio(`${d}d`)}${set} ${perBudget}`)), labels });
  rules.push({ record: SERIES.remaining, expr: `1 - ${SERIES.periodBurn}${set}`, labels });
  return { name: `${setName}-shared`, rules };
}

/** The total-outage page (see `SloOptions.outagePage`), or nothing. */
function outageAlert(
  slo: Slo,
  sel: string,
  labels: Record<string, string>,
  annotations: (summary: string, description: string) => Record<string, string>,
  about: string,
): PrometheusRuleEntry[] {
  const w = slo.outagePage ? outageWindow(slo) : undefined;
  if (!w) return [];
  const pct = `${num(OUTAGE_ERROR_RATIO * 100)}%`;
  return [{
    alert: ALERTS.outage,
    expr: `${SERIES.ratio(w.toPrometheus())}${sel} >= ${num(OUTAGE_ERROR_RATIO)}`,
    for: BURN_HOLD,
    labels,
    annotations: annotations(
      `SLO ${slo.name} is in a total outage`,
      `${about}: at least ${pct} of the last ${w.toPrometheus()} is bad (error ratio {{ $value | humanizePercentage }}), ` +
        `the most the SLO can burn (${num(1 / slo.errorBudget)}x its budget). The burn-rate page would need ` +
        `${num(slo.period.pageWindows[0].burnRate * slo.errorBudget * 60)} minutes of this to fire.`,
    ),
  }];
}

function burnExpr(slo: Slo, sel: string, ws: BurnRateWindow[]): string {
  return ws
    .map((w) => {
      const t = num(w.burnRate * slo.errorBudget);
      return `(${SERIES.ratio(w.longWindow.toPrometheus())}${sel} > ${t} and ${SERIES.ratio(w.shortWindow.toPrometheus())}${sel} > ${t})`;
    })
    .join('\nor\n');
}

function daysToExhaust(slo: Slo, w: BurnRateWindow): string {
  const hours = (slo.period.days * 24) / w.burnRate;
  return hours >= 48 ? `${Number((hours / 24).toPrecision(2))} days` : `${Number(hours.toPrecision(2))} hours`;
}

/** The system alerts as one group, or none when nothing is named to watch. */
export function renderSystemAlertGroup(o: SystemAlertsOptions, where = 'SloAlertRules'): PrometheusRuleGroup | undefined {
  for (const k of ['watermarkDelay', 'checkpointDuration', 'checkpointFailureWindow', 'for'] as const) {
    requireInstance(where, `systemAlerts.${k}`, o?.[k], Duration, 'a Duration (e.g. Duration.minutes(5))');
  }
  const m = o.metrics ?? {};
  const name = (setting: string, v: string | undefined, d: string) => {
    const value = v ?? d;
    if (!METRIC_NAME.test(value)) throw ValidationError.of(where, `systemAlerts.metrics.${setting}`, 'a Prometheus metric name', value);
    return value;
  };
  const positive = (setting: string, v: number | undefined, d: number, max?: number) => {
    const value = v ?? d;
    if (typeof value !== 'number' || !(value > 0) || (max !== undefined && value > max)) {
      throw ValidationError.of(where, `systemAlerts.${setting}`, max !== undefined ? `> 0 and <= ${max}` : '> 0', value);
    }
    return value;
  };
  const dur = (setting: string, v: Duration | undefined, d: Duration) => {
    const value = v ?? d;
    if (!(value instanceof Duration) || value.isInfinite || value.toMilliseconds() <= 0) {
      throw ValidationError.of(where, `systemAlerts.${setting}`, 'a finite Duration > 0', value);
    }
    return value;
  };
  const lag = name('consumerGroupLag', m.consumerGroupLag, SystemAlertMetrics.CONSUMER_GROUP_LAG);
  const wm = name('flinkOutputWatermark', m.flinkOutputWatermark, SystemAlertMetrics.FLINK_OUTPUT_WATERMARK);
  const cpDur = name('flinkLastCheckpointDuration', m.flinkLastCheckpointDuration, SystemAlertMetrics.FLINK_LAST_CHECKPOINT_DURATION);
  const cpFail = name('flinkFailedCheckpoints', m.flinkFailedCheckpoints, SystemAlertMetrics.FLINK_FAILED_CHECKPOINTS);
  const bp = name('flinkBackPressuredTime', m.flinkBackPressuredTime, SystemAlertMetrics.FLINK_BACK_PRESSURED_TIME);
  const cStatus = name('connectorStatus', m.connectorStatus, SystemAlertMetrics.CONNECT_CONNECTOR_STATUS);
  const tStatus = name('connectorTaskStatus', m.connectorTaskStatus, SystemAlertMetrics.CONNECT_TASK_STATUS);
  const offset = name('topicPartitionOffset', m.topicPartitionOffset, SystemAlertMetrics.TOPIC_PARTITION_OFFSET);

  const lagMessages = positive('consumerLagMessages', o.consumerLagMessages, 10000);
  const watermark = dur('watermarkDelay', o.watermarkDelay, Duration.minutes(5));
  const cpDuration = dur('checkpointDuration', o.checkpointDuration, Duration.minutes(2));
  const cpFailures = positive('checkpointFailures', o.checkpointFailures, 1);
  const cpWindow = dur('checkpointFailureWindow', o.checkpointFailureWindow, Duration.minutes(15));
  const bpMs = positive('backPressureMsPerSecond', o.backPressureMsPerSecond, 500, 1000);
  const dlqFactor = positive('dlqRateFactor', o.dlqRateFactor, 3);
  const dlqMin = positive('dlqMinimumRate', o.dlqMinimumRate, 0.05);
  const holdFor = dur('for', o.for, Duration.minutes(5)).toPrometheus();
  const severity = o.severity ?? 'warning';
  if (!/^[a-z][a-z0-9_-]*$/.test(severity)) throw ValidationError.of(where, 'systemAlerts.severity', 'a lowercase word like warning', severity);

  const labels = { ...(o.labels ?? {}), severity };
  const ann = (summary: string, description: string) => {
    const a: Record<string, string> = { summary, description };
    if (o.runbookUrl) a.runbook_url = o.runbookUrl;
    return a;
  };
  const rules: PrometheusRuleEntry[] = [];
  const groups = o.consumerGroups ?? [];
  const jobs = o.flinkJobs ?? [];
  const connectors = o.connectors ?? [];
  const dlqs = o.dlqTopics ?? [];

  if (groups.length) {
    rules.push({
      alert: 'ConsumerLagHigh',
      expr: `sum by (consumergroup, topic) (${lag}{consumergroup=~${anyOf(groups)}} >= 0) > ${num(lagMessages)}`,
      for: holdFor,
      labels: { ...labels, system_alert: 'consumer-lag' },
      annotations: ann(
        'Consumer group {{ $labels.consumergroup }} lags on {{ $labels.topic }}',
        `{{ $labels.consumergroup }} is {{ $value }} messages behind on {{ $labels.topic }} (alerting above ${num(lagMessages)} for ${holdFor}).`,
      ),
    });
  }
  if (jobs.length) {
    const job = `job_name=~${anyOf(jobs)}`;
    rules.push(
      {
        alert: 'FlinkWatermarkDelayHigh',
        // Operators without a watermark report Long.MIN_VALUE: keep only real (positive) watermarks.
        // A quiet source advances no watermark: only a job whose sources read records within the
        // threshold is late (sourceIdleTime, ms since a source last read a record).
        expr:
          `((time() * 1000 - min by (job_name) (${wm}{${job}} > 0)) / 1000 > ${num(watermark.toSeconds())})`
          + ` and on(job_name) (min by (job_name) (${SliMetrics.FLINK_SOURCE_IDLE_TIME}{${job}}) < ${num(watermark.toMilliseconds())})`,
        for: holdFor,
        labels: { ...labels, system_alert: 'watermark-delay' },
        annotations: ann(
          'Flink job {{ $labels.job_name }} watermark is behind',
          `The output watermark of {{ $labels.job_name }} is {{ $value | humanizeDuration }} behind the wall clock (alerting above ${watermark.toPrometheus()}): windows and event-time results are late.`,
        ),
      },
      {
        alert: 'FlinkCheckpointSlow',
        expr: `max by (job_name) (${cpDur}{${job}}) / 1000 > ${num(cpDuration.toSeconds())}`,
        for: holdFor,
        labels: { ...labels, system_alert: 'checkpoint-duration' },
        annotations: ann(
          'Flink job {{ $labels.job_name }} checkpoints are slow',
          `The last checkpoint of {{ $labels.job_name }} took {{ $value | humanizeDuration }} (alerting above ${cpDuration.toPrometheus()}); with exactly-once sinks results become visible only after a checkpoint.`,
        ),
      },
      {
        alert: 'FlinkCheckpointsFailing',
        // Failures that outnumber completions: a job that starts counts a checkpoint or two that
        // could not be triggered while its tasks were still deploying, then completes every interval.
        expr:
          `(max by (job_name) (increase(${cpFail}{${job}}[${cpWindow.toPrometheus()}])) >= ${num(cpFailures)})`
          + ` and on(job_name) (max by (job_name) (increase(${cpFail}{${job}}[${cpWindow.toPrometheus()}]))`
          + ` >= max by (job_name) (increase(${SystemAlertMetrics.FLINK_COMPLETED_CHECKPOINTS}{${job}}[${cpWindow.toPrometheus()}])))`,
        labels: { ...labels, system_alert: 'checkpoint-failures' },
        annotations: ann(
          'Flink job {{ $labels.job_name }} checkpoints fail',
          `{{ $value }} checkpoints of {{ $labels.job_name }} failed in the last ${cpWindow.toPrometheus()}; a restart would replay from the last good one.`,
        ),
      },
      {
        alert: 'FlinkBackPressured',
        expr: `max by (job_name, task_name) (${bp}{${job}}) > ${num(bpMs)}`,
        for: holdFor,
        labels: { ...labels, system_alert: 'backpressure' },
        annotations: ann(
          'Flink task {{ $labels.task_name }} of {{ $labels.job_name }} is back-pressured',
          `{{ $labels.task_name }} waits on downstream {{ $value }} ms per second (alerting above ${num(bpMs)}).`,
        ),
      },
    );
  }
  if (connectors.length) {
    const c = `connector=~${anyOf(connectors)}`;
    rules.push(
      {
        alert: 'ConnectorFailed',
        expr: `max by (connector) (${cStatus}{${c},status="failed"}) > 0`,
        for: '1m',
        labels: { ...labels, system_alert: 'connector-failed' },
        annotations: ann('Connector {{ $labels.connector }} failed', 'Kafka Connect reports {{ $labels.connector }} as failed: no change events are captured until it is restarted.'),
      },
      {
        alert: 'ConnectorTaskFailed',
        expr: `max by (connector, task) (${tStatus}{${c},status="failed"}) > 0`,
        for: '1m',
        labels: { ...labels, system_alert: 'connector-task-failed' },
        annotations: ann('Task {{ $labels.task }} of connector {{ $labels.connector }} failed', 'Kafka Connect reports task {{ $labels.task }} of {{ $labels.connector }} as failed.'),
      },
    );
  }
  if (dlqs.length) {
    const t = `topic=~${anyOf(dlqs)}`;
    const now = `sum by (topic) (rate(${offset}{${t}}[10m]))`;
    rules.push({
      alert: 'DeadLetterRateAboveNormal',
      expr: `(${now} > ${num(dlqMin)}) and (${now} > ${num(dlqFactor)} * sum by (topic) (rate(${offset}{${t}}[1d])))`,
      for: holdFor,
      labels: { ...labels, system_alert: 'dlq-rate' },
      annotations: ann(
        'Dead-letter topic {{ $labels.topic }} receives more than usual',
        `{{ $labels.topic }} receives {{ $value | humanize }} messages per second over 10m, more than ${num(dlqFactor)}x its 1-day average and above ${num(dlqMin)}/s: a quality gate is rejecting rows.`,
      ),
    });
  }
  if (!rules.length) return undefined;
  return { name: o.groupName ?? 'realtime-pipeline-system', rules };
}

/** A PromQL regex string literal matching exactly one of the values. */
function anyOf(values: string[]): string {
  const esc = [...new Set(values)].sort().map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return quote(esc.join('|'));
}

/**
 * A plain Prometheus rules file (what `promtool check rules` reads). Keys keep Prometheus' documented
 * order (record/alert, expr, for, labels, annotations) for people reading it; maps are sorted.
 */
export function rulesFileYaml(groups: PrometheusRuleGroup[]): string {
  return rulesFileFromGroupYaml(groups.map((g) => groupEntryYaml(plainGroup(g))));
}

/** A plain group as an item of a rules file's `groups:` list (indented by two, no final newline). */
function groupEntryYaml(plain: any): string {
  return emitYaml([plain], 2).slice(0, -1);
}


export function plainGroup(g: PrometheusRuleGroup): any {
  return drop({
    name: g.name,
    interval: g.interval,
    rules: g.rules.map((r) =>
      drop({
        record: r.record,
        alert: r.alert,
        expr: r.expr,
        for: r.for,
        labels: r.labels && Object.keys(r.labels).length ? sorted(r.labels) : undefined,
        annotations: r.annotations && sorted(r.annotations),
      }),
    ),
  });
}

function sorted(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}

function drop<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Options of a `PrometheusRule` manifest. */
export interface PrometheusRuleManifestOptions {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}

/** A `PrometheusRule` (monitoring.coreos.com/v1) holding the groups. */
export function prometheusRuleManifest(groups: PrometheusRuleGroup[], o: PrometheusRuleManifestOptions): any {
  return prometheusRuleObject(groups.map(plainGroup), o);
}

/** A `PrometheusRule` around groups already in their plain form (`plainGroup`). */
export function prometheusRuleObject(plainGroups: any[], o: PrometheusRuleManifestOptions): any {
  const metadata: any = { name: o.name };
  if (o.namespace !== undefined) metadata.namespace = o.namespace;
  if (o.labels && Object.keys(o.labels).length) metadata.labels = { ...o.labels };
  return { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata, spec: { groups: plainGroups } };
}

/**
 * Splits plain groups into runs whose rules-file YAML stays under `budget` bytes, in order. The
 * Prometheus Operator writes each `PrometheusRule` to a rules file and refuses one above 512 KiB
 * (half a ConfigMap); a thousand SLOs make about 4 MB. Returns the runs, each group's entry of the
 * rules file (for `rulesFileFromGroupYaml`) and the largest group.
 */
export function shardGroups(plainGroups: any[], budget: number): { shards: any[][]; yaml: string[]; largest: { name: string; bytes: number } } {
  const shards: any[][] = [];
  const yaml: string[] = [];
  let current: any[] = [];
  let size = 'groups:\n'.length;
  let largest = { name: '', bytes: 0 };
  for (const g of plainGroups) {
    const text = groupEntryYaml(g);
    yaml.push(text);
    const bytes = Buffer.byteLength(text, 'utf8') + 1;
    if (bytes > largest.bytes) largest = { name: g.name, bytes };
    if (current.length && size + bytes > budget) {
      shards.push(current);
      current = [];
      size = 'groups:\n'.length;
    }
    current.push(g);
    size += bytes;
  }
  shards.push(current);
  return { shards, yaml, largest };
}

/** The rules file from the groups' entries (`shardGroups().yaml`), as `emitYaml({ groups })` writes it. */
export function rulesFileFromGroupYaml(groupYaml: string[]): string {
  return groupYaml.length ? `groups:\n${groupYaml.join('\n')}\n` : 'groups: []\n';
}
