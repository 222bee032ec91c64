import { Duration } from '../core/duration';
import { LABEL_NAME, SET_LABEL } from './private/promql';
import { ISloReference, Sli, SliPlan, SliSource } from './sli';
import { SloPeriod } from './slo-period';
import { requireUrlWithoutCredentials } from '../core/private/secrets';
import { requireInstance } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';

/** The kind of promise an SLO makes. */
export enum SloKind {
  /** Share of events (or minutes) fresher than a threshold. */
  FRESHNESS = 'freshness',
  /** A stage's (hop's) p95 latency at most a threshold: 95 % of minutes under it. */
  LATENCY = 'latency',
  /** Share of expected records that arrived within a time. */
  COMPLETENESS = 'completeness',
  /** Row parity with the source, checked by a reconciler every interval. */
  ACCURACY = 'accuracy',
  /** Share of minutes the pipeline runs. */
  AVAILABILITY = 'availability',
  /** Any good/total or bad/total ratio. */
  CUSTOM = 'custom',
}

/** Settings every SLO has. */
export interface SloOptions {
  /**
   * Name, unique within a rule set: lowercase letters, digits, `-` and `_` (e.g. `orders-fresh-30s`).
   * It is the `slo` label of every series and alert.
   */
  readonly name: string;
  /** Objective, strictly between 0 and 1 (0.99 = 99 %). */
  readonly objective: number;
  /** The SLI: where good and bad events come from. */
  readonly sli: Sli;
  /**
   * Rolling period the objective holds over.
   * @default SloPeriod.thirtyDays()
   */
  readonly period?: SloPeriod;
  /**
   * One sentence for humans (alert descriptions, OpenSLO, dashboards).
   * @default - generated from the kind, objective and threshold
   */
  readonly description?: string;
  /**
   * Labels identifying what the SLO is about, e.g. `{ pipeline: 'inventory', stream: 'orders_latest' }`.
   * They go on every recorded series and alert, so one SLO name can exist per stream.
   * @default - none
   */
  readonly subject?: Record<string, string>;
  /**
   * Routing labels added to the alerts, e.g. `{ team: 'data-platform' }`.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Runbook linked from every alert of this SLO (`runbook_url` annotation).
   * @default - no runbook (rule RP-SLO-2 warns)
   */
  readonly runbookUrl?: string;
  /**
   * `severity` label of the page alerts (fast burn, data missing).
   * @default 'critical'
   */
  readonly pageSeverity?: string;
  /**
   * `severity` label of the ticket alerts (slow burn).
   * @default 'warning'
   */
  readonly ticketSeverity?: string;
  /**
   * How long the SLI's data may be missing (or its event count flat) before the missing-data alert pages.
   * @default Duration.minutes(10)
   */
  readonly missingDataAfter?: Duration;
  /**
   * Also page when the SLI's events stop increasing (or a Flink source stays idle) for `missingDataAfter`.
   *
   * Off by default: a table nobody writes to for ten minutes (a store closed at night, a
   * reference table) leaves flat offsets and an idle source on a healthy pipeline, and would page.
   * A stopped job or exporter still pages, because its metrics disappear. Accuracy SLOs default to
   * on: a reconciler runs on its own schedule whatever the traffic, so flat counters mean it stopped.
   * Turn on for streams that always carry traffic (or a heartbeat) within `missingDataAfter`.
   * @default - false; true for `Slo.accuracy()`
   */
  readonly alertOnStall?: boolean;
  /**
   * Also page (`SLOTotalOutage`, page severity) when the error ratio is at least 90 % over the
   * outage window (5m; for accuracy the shortest window holding two reconciliations), held 2m.
   *
   * The burn-rate page needs 14.4 × (1 − objective) of errors over an hour: with a 95 % objective
   * even a total outage (the most an SLO can burn, 1 / (1 − objective) = 20×) pages only after
   * about 45 minutes. At 90 % of that maximum burn no more evidence can change the verdict, so this
   * page fires within about 7 minutes whatever the objective. For high objectives the burn-rate page
   * is about as fast; inhibit one with the other in Alertmanager (see docs/slo.md) or turn this off.
   * @default true
   */
  readonly outagePage?: boolean;
}

/** Options of `Slo.freshness()`. */
export interface FreshnessSloOptions extends SloOptions {
  /** Events older than this are stale. */
  readonly threshold: Duration;
}

/** Options of `Slo.latency()`. */
export interface LatencySloOptions extends SloOptions {
  /** Latency bound of the hop (with objective 0.95 this is a p95 bound). */
  readonly threshold: Duration;
  /** The hop the latency belongs to, e.g. `cdc`, `kafka-to-flink`, `sink` (dashboards show one panel per hop). */
  readonly hop: string;
}

/** Options of `Slo.completeness()`. */
export interface CompletenessSloOptions extends SloOptions {
  /** Records must have arrived within this time. */
  readonly within: Duration;
}

/** Options of `Slo.accuracy()`. */
export interface AccuracySloOptions extends SloOptions {
  /** How often the reconciler compares rows with the source. */
  readonly reconciliationInterval: Duration;
}

const NAME = /^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/;
const RESERVED_LABELS = ['slo', 'slo_kind', 'slo_alert', SET_LABEL, 'severity', '__name__'];

/**
 * A service level objective: an SLI, an objective and a rolling period. Rules come from
 * `SloAlertRules` (or the pure `renderSloRuleGroups()`), and `OpenSlo.render()` exports it.
 *
 * ```ts
 * Slo.freshness({
 *   name: 'orders-fresh-30s', objective: 0.95, threshold: Duration.seconds(30),
 *   subject: { pipeline: 'inventory', stream: 'orders_latest' },
 *   sli: Sli.flinkEventTimeLag({ jobName: 'orders-latest' }),
 * });
 * ```
 */
export class Slo implements ISloReference {
  /** Freshness: share of events (or minutes) at most `threshold` old. */
  public static freshness(options: FreshnessSloOptions): Slo {
    return new Slo(SloKind.FRESHNESS, options, requireDuration(options.name, 'threshold', options.threshold));
  }

  /** Stage latency of one hop: with objective 0.95, "p95 of the hop at most `threshold`". */
  public static latency(options: LatencySloOptions): Slo {
    if (typeof options.hop !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(options.hop)) {
      throw ValidationError.of(`Slo(${options.name})`, 'hop', 'a lowercase hop name like cdc or kafka-to-flink', options.hop);
    }
    return new Slo(SloKind.LATENCY, options, requireDuration(options.name, 'threshold', options.threshold), options.hop);
  }

  /** Completeness: share of expected records that arrived within `within`. */
  public static completeness(options: CompletenessSloOptions): Slo {
    return new Slo(SloKind.COMPLETENESS, options, requireDuration(options.name, 'within', options.within));
  }

  /**
   * Accuracy: share of reconciled rows equal to the source. The missing-data window is at least two
   * reconciliation intervals, so one late run does not page.
   */
  public static accuracy(options: AccuracySloOptions): Slo {
    const interval = requireDuration(options.name, 'reconciliationInterval', options.reconciliationInterval);
    const twice = interval.plus(interval);
    requireInstance(`Slo(${options.name})`, 'missingDataAfter', options.missingDataAfter, Duration, 'a Duration (e.g. Duration.minutes(10))');
    const missing = options.missingDataAfter ?? Duration.minutes(10);
    return new Slo(SloKind.ACCURACY, { ...options, missingDataAfter: missing.compareTo(twice) < 0 ? twice : missing }, interval);
  }

  /** Availability: share of minutes the pipeline runs (or any ratio SLI you choose). */
  public static availability(options: SloOptions): Slo {
    return new Slo(SloKind.AVAILABILITY, options);
  }

  /** Any SLI as a ratio: typically `Sli.query({ good|bad, total })`. */
  public static custom(options: SloOptions): Slo {
    return new Slo(SloKind.CUSTOM, options);
  }

  /** What the SLO promises. */
  public readonly kind: SloKind;
  /** Name (`slo` label). */
  public readonly name: string;
  /** Objective, 0 < objective < 1. */
  public readonly objective: number;
  /** Error budget: 1 − objective. */
  public readonly errorBudget: number;
  /** Rolling period. */
  public readonly period: SloPeriod;
  /** The SLI. */
  public readonly sli: Sli;
  /** Threshold (freshness, latency), `within` (completeness) or reconciliation interval (accuracy). */
  public readonly threshold?: Duration;
  /** Hop of a latency SLO. */
  public readonly hop?: string;
  /** Description for humans. */
  public readonly description: string;
  /** Identifying labels. */
  public readonly subject: Record<string, string>;
  /** Routing labels of the alerts. */
  public readonly labels: Record<string, string>;
  /** Runbook URL, if any. */
  public readonly runbookUrl?: string;
  /** Severity of page alerts. */
  public readonly pageSeverity: string;
  /** Severity of ticket alerts. */
  public readonly ticketSeverity: string;
  /** Missing-data window. */
  public readonly missingDataAfter: Duration;
  /** Whether a stalled SLI pages. */
  public readonly alertOnStall: boolean;
  /** Whether a total outage pages at once (`SLOTotalOutage`). */
  public readonly outagePage: boolean;

  private constructor(kind: SloKind, options: SloOptions, threshold?: Duration, hop?: string) {
    const where = `Slo(${options?.name ?? '?'})`;
    if (typeof options.name !== 'string' || !NAME.test(options.name)) {
      throw ValidationError.of(where, 'name', 'lowercase letters, digits, "-" and "_", at most 63 characters', options.name);
    }
    if (typeof options.objective !== 'number' || !(options.objective > 0 && options.objective < 1)) {
      throw ValidationError.of(where, 'objective', 'a number strictly between 0 and 1 (0.99 = 99 %)', options.objective, 'write 99 % as 0.99');
    }
    if (!(options.sli instanceof Sli)) {
      throw ValidationError.of(where, 'sli', 'an Sli (Sli.flinkEventTimeLag(), Sli.eventCounters(), Sli.query(), …)', options.sli);
    }
    if (options.sli.needsThreshold && threshold === undefined) {
      throw ValidationError.of(where, 'sli', `an SLI that needs no threshold for a ${kind} SLO`, options.sli.source, 'use Sli.query() or Sli.eventCounters()');
    }
    if (kind === SloKind.ACCURACY && options.sli.source === SliSource.TOPIC_OFFSETS) {
      throw ValidationError.of(where, 'sli', 'a row-parity SLI (Sli.reconciliation(), Sli.eventCounters(), Sli.query())', options.sli.source);
    }
    if (threshold !== undefined && threshold.toMilliseconds() <= 0) {
      throw ValidationError.of(where, 'threshold', '> 0', threshold.toHumanString());
    }
    checkLabels(where, 'subject', options.subject);
    checkLabels(where, 'labels', options.labels);
    for (const k of Object.keys(options.labels ?? {})) {
      if (Object.prototype.hasOwnProperty.call(options.subject ?? {}, k)) {
        throw ValidationError.of(where, `labels.${k}`, 'a label the subject does not already set (the series carry the subject labels)', k, 'drop it from labels or from subject');
      }
    }
    // The runbook link is written into every alert's annotations.
    requireUrlWithoutCredentials(where, 'runbookUrl', options.runbookUrl);
    if (options.runbookUrl !== undefined && !/^https?:\/\/\S+$/.test(options.runbookUrl)) {
      throw ValidationError.of(where, 'runbookUrl', 'an http(s) URL', options.runbookUrl);
    }
    for (const [setting, v] of [['pageSeverity', options.pageSeverity], ['ticketSeverity', options.ticketSeverity]] as const) {
      if (v !== undefined && !/^[a-z][a-z0-9_-]*$/.test(v)) throw ValidationError.of(where, setting, 'a lowercase word like critical', v);
    }
    requireInstance(where, 'period', options.period, SloPeriod, 'an SloPeriod (SloPeriod.thirtyDays(), SloPeriod.sevenDays(), …)');
    requireInstance(where, 'missingDataAfter', options.missingDataAfter, Duration, 'a Duration (e.g. Duration.minutes(10))');
    requireInstance(where, 'period', options.period, SloPeriod, 'an SloPeriod (SloPeriod.thirtyDays(), SloPeriod.sevenDays(), …)');
    requireInstance(where, 'missingDataAfter', options.missingDataAfter, Duration, 'a Duration (e.g. Duration.minutes(10))');
    const missing = options.missingDataAfter ?? Duration.minutes(10);
    if (missing.compareTo(Duration.minutes(1)) < 0) {
      throw ValidationError.of(where, 'missingDataAfter', '>= 1m (Prometheus scrapes every 15-60 s)', missing.toHumanString());
    }
    this.kind = kind;
    this.name = options.name;
    this.objective = options.objective;
    this.errorBudget = Number((1 - options.objective).toPrecision(10));
    this.period = options.period ?? SloPeriod.thirtyDays();
    this.sli = options.sli;
    this.threshold = threshold;
    this.hop = hop;
    this.subject = { ...(options.subject ?? {}) };
    this.labels = { ...(options.labels ?? {}) };
    this.runbookUrl = options.runbookUrl;
    this.pageSeverity = options.pageSeverity ?? 'critical';
    this.ticketSeverity = options.ticketSeverity ?? 'warning';
    this.missingDataAfter = missing;
    this.alertOnStall = options.alertOnStall ?? kind === SloKind.ACCURACY;
    this.outagePage = options.outagePage ?? true;
    this.description = options.description ?? defaultDescription(kind, this.objective, threshold, hop);
  }

  /** @internal */
  public _plan(setName?: string): SliPlan {
    return this.sli._plan(this.threshold, setName);
  }
}

function defaultDescription(kind: SloKind, objective: number, threshold?: Duration, hop?: string): string {
  const pct = `${Number((objective * 100).toPrecision(6))}%`;
  switch (kind) {
    case SloKind.FRESHNESS:
      return `${pct} of events are at most ${threshold!.toHumanString()} old`;
    case SloKind.LATENCY:
      return `${pct} of the time the ${hop} hop's latency is at most ${threshold!.toHumanString()}`;
    case SloKind.COMPLETENESS:
      return `${pct} of expected records arrive within ${threshold!.toHumanString()}`;
    case SloKind.ACCURACY:
      return `${pct} of rows match the source, reconciled every ${threshold!.toHumanString()}`;
    case SloKind.AVAILABILITY:
      return `the pipeline runs ${pct} of the time`;
    default:
      return `${pct} of events are good`;
  }
}

function requireDuration(name: string, setting: string, value: unknown): Duration {
  if (!(value instanceof Duration)) {
    throw ValidationError.of(`Slo(${name})`, setting, 'a Duration (e.g. Duration.seconds(30))', value);
  }
  if (value.isInfinite) throw ValidationError.of(`Slo(${name})`, setting, 'a finite Duration', 'Duration.infinite()');
  return value;
}

function checkLabels(where: string, setting: string, labels?: Record<string, string>) {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!LABEL_NAME.test(k) || k.startsWith('__')) {
      throw ValidationError.of(where, `${setting}[${JSON.stringify(k)}]`, 'a Prometheus label name', k);
    }
    if (RESERVED_LABELS.includes(k)) {
      throw ValidationError.of(where, `${setting}.${k}`, `not one of the labels the rules set (${RESERVED_LABELS.join(', ')})`, k, k === 'severity' ? 'use pageSeverity / ticketSeverity' : undefined);
    }
    if (typeof v !== 'string' || v === '') throw ValidationError.of(where, `${setting}.${k}`, 'a non-empty string', v);
  }
}
