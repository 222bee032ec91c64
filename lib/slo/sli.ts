import { Duration } from '../core/duration';
import { LABEL_NAME, METRIC_NAME, hasWindowPlaceholder, leMatcher, leSpellings, num, selector, SET_LABEL, withWindow } from './private/promql';
import { ValidationError } from '../core/private/validation-error';

/** Default metric names the built-in SLIs read. Every one can be overridden per SLI. */
export class SliMetrics {
  /**
   * Flink Kafka source (FLIP-33 / FLIP-27 `SourceReaderMetricGroup`), gauge in ms:
   * emit time − event time of the last record the source emitted.
   */
  public static readonly FLINK_EMIT_EVENT_TIME_LAG = 'flink_taskmanager_job_task_operator_currentEmitEventTimeLag';
  /** Flink Kafka source, gauge in ms: time since the source last processed a record. */
  public static readonly FLINK_SOURCE_IDLE_TIME = 'flink_taskmanager_job_task_operator_sourceIdleTime';
  /** Flink job uptime gauge in ms (0 or −1 while the job is not running). */
  public static readonly FLINK_JOB_UPTIME = 'flink_jobmanager_job_uptime';
  /** Debezium streaming metric via the JMX exporter rules of debezium-examples, gauge in ms. */
  public static readonly DEBEZIUM_MILLISECONDS_BEHIND_SOURCE = 'debezium_metrics_MilliSecondsBehindSource';
  /** Kafka Connect connector status via Strimzi's JMX exporter rules: 1 with label `status`. */
  public static readonly CONNECT_CONNECTOR_STATUS = 'kafka_connect_connector_status';
  /** Kafka Exporter (Strimzi, danielqsj/kafka_exporter): newest offset per topic partition. */
  public static readonly KAFKA_TOPIC_PARTITION_OFFSET = 'kafka_topic_partition_current_offset';
  /** Kafka Exporter: the offset a consumer group committed per topic partition. */
  public static readonly KAFKA_CONSUMERGROUP_OFFSET = 'kafka_consumergroup_current_offset';
  /** Row-parity reconciler counter: rows compared with the source (not from a standard exporter). */
  public static readonly RECONCILIATION_ROWS_CHECKED = 'realtime_pipeline_reconciliation_rows_checked_total';
  /** Row-parity reconciler counter: rows that differ from the source (not from a standard exporter). */
  public static readonly RECONCILIATION_ROWS_MISMATCHED = 'realtime_pipeline_reconciliation_rows_mismatched_total';

  private constructor() {}
}

/** What an SLI measures from. */
export enum SliSource {
  /** Flink's source event-time lag gauge. */
  FLINK_EVENT_TIME_LAG = 'flink-event-time-lag',
  /** Debezium's `MilliSecondsBehindSource`. */
  DEBEZIUM_LAG = 'debezium-lag',
  /** Debezium's capture lag plus the Flink job's source lag, plus what the job adds by design. */
  CHANGE_TO_OUTPUT_LAG = 'change-to-output-lag',
  /** Any latency gauge. */
  GAUGE = 'gauge',
  /** A latency histogram with a bucket at the threshold. */
  HISTOGRAM = 'histogram',
  /** Bad-or-good and total event counters. */
  EVENT_COUNTERS = 'event-counters',
  /** Kafka topic offsets, expected versus arrived. */
  TOPIC_OFFSETS = 'topic-offsets',
  /** A row-parity reconciler's counters. */
  RECONCILIATION = 'reconciliation',
  /** Whether the Flink job and the connector run. */
  RUNNING = 'running',
  /** Whether other SLOs are met. */
  SLOS_MET = 'slos-met',
  /** Custom PromQL. */
  QUERY = 'query',
}

/** Options of `Sli.flinkEventTimeLag()`. */
export interface FlinkEventTimeLagSliOptions {
  /** The Flink job's name (label `job_name` of the Prometheus reporter). */
  readonly jobName: string;
  /**
   * Restrict to one source operator (label `operator_name`).
   * @default - every source operator of the job
   */
  readonly operatorName?: string;
  /** @default SliMetrics.FLINK_EMIT_EVENT_TIME_LAG */
  readonly metric?: string;
  /** @default SliMetrics.FLINK_SOURCE_IDLE_TIME */
  readonly idleTimeMetric?: string;
}

/** Options of `Sli.debeziumLag()`. */
export interface DebeziumLagSliOptions {
  /** The connector's `topic.prefix` (label `name` in debezium-examples' JMX exporter rules). */
  readonly topicPrefix: string;
  /** @default SliMetrics.DEBEZIUM_MILLISECONDS_BEHIND_SOURCE */
  readonly metric?: string;
}

/** Options of `Sli.changeToOutputLag()`. */
export interface ChangeToOutputLagSliOptions {
  /** The CDC connector's `topic.prefix` (label `name` of Debezium's metrics). */
  readonly topicPrefix: string;
  /** The Flink job's name (label `job_name` of the Prometheus reporter). */
  readonly jobName: string;
  /**
   * What the job adds by design after it reads a change, counted in full: an exactly-once sink's
   * checkpoint interval (its transaction, and so the row for `read_committed` consumers, commits
   * when the checkpoint completes); a window aggregate's watermark delay (its result is written
   * once the watermark passes the window's end).
   * @default - none
   */
  readonly addedDelay?: Duration;
  /** @default SliMetrics.DEBEZIUM_MILLISECONDS_BEHIND_SOURCE */
  readonly captureLagMetric?: string;
  /** @default SliMetrics.FLINK_EMIT_EVENT_TIME_LAG */
  readonly jobLagMetric?: string;
  /** @default SliMetrics.FLINK_SOURCE_IDLE_TIME */
  readonly idleTimeMetric?: string;
}

/** Options of `Sli.gauge()`. */
export interface GaugeSliOptions {
  /** Metric name of a latency gauge. */
  readonly metric: string;
  /**
   * Label matchers.
   * @default - none
   */
  readonly selector?: Record<string, string>;
  /**
   * Unit of the gauge's value.
   * @default Duration.seconds(1)
   */
  readonly unit?: Duration;
}

/** Options of `Sli.histogram()`. */
export interface HistogramSliOptions {
  /**
   * Base name of a Prometheus (classic) histogram, without `_bucket` / `_count` / `_sum`. It must have
   * a bucket bound equal to the SLO's threshold; a summary (quantiles) cannot be used.
   */
  readonly metric: string;
  /**
   * Label matchers.
   * @default - none
   */
  readonly selector?: Record<string, string>;
  /**
   * Unit of the bucket bounds (`le`).
   * @default Duration.seconds(1)
   */
  readonly unit?: Duration;
}

/** Options of `Sli.eventCounters()`. */
export interface EventCountersSliOptions {
  /** Counter of all events. */
  readonly totalMetric: string;
  /**
   * Counter of bad events (e.g. `data_freshness_violation_total`). Give this or `goodMetric`.
   * @default - goodMetric is used
   */
  readonly badMetric?: string;
  /**
   * Counter of good events. Give this or `badMetric`.
   * @default - badMetric is used
   */
  readonly goodMetric?: string;
  /**
   * Label matchers applied to every counter.
   * @default - none
   */
  readonly selector?: Record<string, string>;
}

/** Options of `Sli.topicOffsets()`. */
export interface TopicOffsetsSliOptions {
  /** Topic whose records must arrive (e.g. the CDC topic `store.orders`). */
  readonly expectedTopic: string;
  /** Topic the records arrive in (e.g. `orders_latest`). */
  readonly arrivedTopic: string;
  /** @default SliMetrics.KAFKA_TOPIC_PARTITION_OFFSET */
  readonly metric?: string;
}

/** Options of `Sli.consumerGroupOffsets()`. */
export interface ConsumerGroupOffsetsSliOptions {
  /** The topic the job reads (e.g. the CDC topic `store.store.orders`). */
  readonly topic: string;
  /** The job's consumer group (a Flink job of this library: its job name). */
  readonly consumerGroup: string;
  /** @default SliMetrics.KAFKA_CONSUMERGROUP_OFFSET */
  readonly committedMetric?: string;
  /** @default SliMetrics.KAFKA_TOPIC_PARTITION_OFFSET */
  readonly writtenMetric?: string;
}

/** Options of `Sli.reconciliation()`. */
export interface ReconciliationSliOptions {
  /**
   * Label matchers identifying the reconciled table (e.g. `{ stream: 'orders_latest' }`).
   * @default - none
   */
  readonly selector?: Record<string, string>;
  /** @default SliMetrics.RECONCILIATION_ROWS_CHECKED */
  readonly checkedMetric?: string;
  /** @default SliMetrics.RECONCILIATION_ROWS_MISMATCHED */
  readonly mismatchedMetric?: string;
}

/** Options of `Sli.running()`. */
export interface RunningSliOptions {
  /**
   * Flink job that must be running (label `job_name`).
   * @default - not checked
   */
  readonly flinkJobName?: string;
  /**
   * Kafka Connect connector that must be running (label `connector`).
   * @default - not checked
   */
  readonly connectorName?: string;
  /** @default SliMetrics.FLINK_JOB_UPTIME */
  readonly flinkUptimeMetric?: string;
  /** @default SliMetrics.CONNECT_CONNECTOR_STATUS */
  readonly connectorStatusMetric?: string;
}

/** What `Sli.slosMet()` reads of an SLO: an `Slo` is one. */
export interface ISloReference {
  /** The SLO's name (label `slo` of its recorded series). */
  readonly name: string;
  /** The error budget: 1 - objective. */
  readonly errorBudget: number;
  /** The subject labels its series carry. */
  readonly subject: Record<string, string>;
}

/** Options of `Sli.slosMet()`. */
export interface SlosMetSliOptions {
  /** The SLOs whose rules are generated in the same rule set (their recorded 5m error ratios are read). */
  readonly slos: ISloReference[];
}

/** Options of `Sli.query()`. */
export interface QuerySliOptions {
  /**
   * PromQL for the rate of all events over the window, with a `{{window}}` placeholder, aggregated
   * to one series, e.g. `sum(rate(orders_total[{{window}}]))`.
   */
  readonly total: string;
  /**
   * PromQL for the rate of bad events. Give this or `good`.
   * @default - good is used
   */
  readonly bad?: string;
  /**
   * PromQL for the rate of good events. Give this or `bad`.
   * @default - bad is used
   */
  readonly good?: string;
}

/** @internal What an SLI compiles to, for a threshold. */
export interface SliPlan {
  /** Ratio SLIs have an error-ratio expression per window; sample SLIs a 0/1 "bad now" expression. */
  readonly errorRatio?: (window: string) => string;
  readonly badSample?: string;
  /** Returns a series when the SLI's data is missing (or stalled) for `after`. */
  readonly missing: (after: Duration, stall: boolean) => string;
  /**
   * The SLI as OpenSLO tooling reads it, with no window placeholder: a ratio of raw counters
   * (`counter: true`) or of per-point event rates (`counter: false`), or time slices that are good
   * when `query op value` (`thresholdMetric`, `budgetingMethod: Timeslices`).
   */
  readonly openSlo: {
    readonly ratio?: { readonly counter: boolean; readonly bad?: string; readonly good?: string; readonly total: string };
    readonly threshold?: { readonly query: string; readonly op: string; readonly value: number };
  };
  /** A value to chart per hop (seconds), when the SLI is a latency. */
  readonly valueSeconds?: string;
  /** The metric names the SLI reads (docs, dashboards). */
  readonly metrics: string[];
  /** What else the missing-data alert covers, for its description (e.g. the bucket at the threshold). */
  readonly missingNote?: string;
}

/**
 * A service level indicator: where the good and bad events (or good and bad minutes) come from.
 * The built-in ones read metrics that real exporters publish; `Sli.query()` takes any PromQL.
 */
export class Sli {
  /**
   * Freshness/latency at the Flink source: share of minutes in which the largest
   * `currentEmitEventTimeLag` of the job's sources is at most the threshold.
   */
  public static flinkEventTimeLag(options: FlinkEventTimeLagSliOptions): Sli {
    requireText('Sli.flinkEventTimeLag', 'jobName', options.jobName);
    const metric = metricName('Sli.flinkEventTimeLag', 'metric', options.metric ?? SliMetrics.FLINK_EMIT_EVENT_TIME_LAG);
    const idle = metricName('Sli.flinkEventTimeLag', 'idleTimeMetric', options.idleTimeMetric ?? SliMetrics.FLINK_SOURCE_IDLE_TIME);
    const sel: Record<string, string> = { job_name: options.jobName };
    if (options.operatorName) sel.operator_name = options.operatorName;
    return new Sli(SliSource.FLINK_EVENT_TIME_LAG, true, (threshold) =>
      gaugePlan(`${metric}${selector(sel)}`, threshold!, Duration.millis(1), [metric, idle], (after, stall) =>
        stall ? `(min(${idle}${selector(sel)}) > ${num(after.toMilliseconds())})` : undefined,
      ),
    );
  }

  /** CDC capture latency: share of minutes in which Debezium's `MilliSecondsBehindSource` is at most the threshold. */
  public static debeziumLag(options: DebeziumLagSliOptions): Sli {
    requireText('Sli.debeziumLag', 'topicPrefix', options.topicPrefix);
    const metric = metricName('Sli.debeziumLag', 'metric', options.metric ?? SliMetrics.DEBEZIUM_MILLISECONDS_BEHIND_SOURCE);
    const sel = { context: 'streaming', name: options.topicPrefix };
    return new Sli(SliSource.DEBEZIUM_LAG, true, (threshold) =>
      gaugePlan(`${metric}${selector(sel)}`, threshold!, Duration.millis(1), [metric]),
    );
  }

  /**
   * Freshness from a database commit to the job's output, hop by hop: the share of minutes in
   * which Debezium's capture lag (`MilliSecondsBehindSource`: commit → the connector's processing
   * of the change), plus the job's source lag (`currentEmitEventTimeLag`: the Kafka record's
   * timestamp → the job reading it), plus `addedDelay`, is at most the threshold.
   * Each term is the largest over the connector's tasks or the job's source subtasks, so the sum is
   * an upper bound of the age of the change when the job writes it. A source idle longer than the
   * stall limit counts as missing data (when the SLO alerts on stalls).
   */
  public static changeToOutputLag(options: ChangeToOutputLagSliOptions): Sli {
    const where = 'Sli.changeToOutputLag';
    requireText(where, 'topicPrefix', options.topicPrefix);
    requireText(where, 'jobName', options.jobName);
    const capture = metricName(where, 'captureLagMetric', options.captureLagMetric ?? SliMetrics.DEBEZIUM_MILLISECONDS_BEHIND_SOURCE);
    const job = metricName(where, 'jobLagMetric', options.jobLagMetric ?? SliMetrics.FLINK_EMIT_EVENT_TIME_LAG);
    const idle = metricName(where, 'idleTimeMetric', options.idleTimeMetric ?? SliMetrics.FLINK_SOURCE_IDLE_TIME);
    const added = options.addedDelay;
    if (added !== undefined && !(added instanceof Duration)) {
      throw new ValidationError({ path: where, setting: 'addedDelay', limit: 'a Duration (Duration.seconds(10))', value: String(added) });
    }
    const captureSeries = `${capture}${selector({ context: 'streaming', name: options.topicPrefix })}`;
    const jobSel = { job_name: options.jobName };
    const jobSeries = `${job}${selector(jobSel)}`;
    return new Sli(SliSource.CHANGE_TO_OUTPUT_LAG, true, (threshold) => {
      // Debezium reports -1 before its first change: count that as no lag, not negative lag.
      const lagMs = `(clamp_min(max(${captureSeries}), 0) + max(${jobSeries})${added && added.toMilliseconds() > 0 ? ` + ${num(added.toMilliseconds())}` : ''})`;
      const badSample = `(${lagMs} > bool ${num(threshold!.toMilliseconds())})`;
      return {
        badSample,
        missing: (after, stall) => {
          const absent = `absent_over_time(${captureSeries}[${after.toPrometheus()}]) or absent_over_time(${jobSeries}[${after.toPrometheus()}])`;
          return stall ? `${absent} or (min(${idle}${selector(jobSel)}) > ${num(after.toMilliseconds())})` : absent;
        },
        openSlo: samplesOpenSlo(badSample),
        valueSeconds: `${lagMs} / 1000`,
        metrics: [capture, job, idle],
      };
    });
  }

  /** Any latency gauge: share of minutes in which its largest value is at most the threshold. */
  public static gauge(options: GaugeSliOptions): Sli {
    const metric = metricName('Sli.gauge', 'metric', options.metric);
    checkSelector('Sli.gauge', options.selector);
    const unit = positiveUnit(options.unit ?? Duration.seconds(1));
    return new Sli(SliSource.GAUGE, true, (threshold) =>
      gaugePlan(`${metric}${selector(options.selector)}`, threshold!, unit, [metric]),
    );
  }

  /**
   * Share of events at most the threshold old, from a histogram with a bucket bound at the threshold:
   * `1 - sum(rate(x_bucket{le="30"}[w])) / sum(rate(x_count[w]))`.
   *
   * The bound is matched in every spelling exporters use (`30`, `30.0`, `1.8e+06`, `1800000.0`), and
   * the missing-data alert also watches that bucket: a histogram without a bucket at the threshold
   * would give an empty SLI that never burns. Names of known summaries are refused: `_bucket`,
   * `_count`, `_sum` suffixes, a `quantile` or `le` matcher, quantile-style names (`…percentile…`,
   * `…_p99`) and `flink_…` (Flink's Prometheus reporter exports every Flink histogram as a summary).
   */
  public static histogram(options: HistogramSliOptions): Sli {
    const metric = histogramName(options.metric, options.selector);
    checkSelector('Sli.histogram', options.selector);
    const unit = positiveUnit(options.unit ?? Duration.seconds(1));
    return new Sli(SliSource.HISTOGRAM, true, (threshold) => {
      const bound = threshold!.toMilliseconds() / unit.toMilliseconds();
      const le = leMatcher(bound);
      const bucket = `${metric}_bucket${selector(options.selector, le)}`;
      const good = `sum(rate(${bucket}[{{.window}}]))`;
      const total = `sum(rate(${metric}_count${selector(options.selector)}[{{.window}}]))`;
      return ratioPlan({ good, total }, [`${metric}_bucket`, `${metric}_count`], {
        openSlo: { ratio: { counter: true, good: bucket, total: `${metric}_count${selector(options.selector)}` } },
        // Aggregated like the total's check: both sides of the `or` carry no labels, so the alert
        // never holds two series that the SLO's labels would make identical (a rule error).
        alsoMissing: (after) => `absent(sum(rate(${bucket}[${after.toPrometheus()}])))`,
        missingNote: `or the histogram has no bucket le="${leSpellings(bound)[0]}" (a bucket bound must equal the threshold)`,
      });
    });
  }

  /** Ratio of counters: `sum(rate(bad[w])) / sum(rate(total[w]))`, or `1 - good/total`. */
  public static eventCounters(options: EventCountersSliOptions): Sli {
    const where = 'Sli.eventCounters';
    const total = metricName(where, 'totalMetric', options.totalMetric);
    requireOneOf(where, options.badMetric, options.goodMetric);
    checkSelector(where, options.selector);
    const sel = selector(options.selector);
    const q = (m: string) => `sum(rate(${m}${sel}[{{.window}}]))`;
    const bad = options.badMetric !== undefined ? metricName(where, 'badMetric', options.badMetric) : undefined;
    const good = options.goodMetric !== undefined ? metricName(where, 'goodMetric', options.goodMetric) : undefined;
    const raw = { counter: true, bad: bad && `${bad}${sel}`, good: good && `${good}${sel}`, total: `${total}${sel}` };
    return new Sli(SliSource.EVENT_COUNTERS, false, () =>
      ratioPlan({ bad: bad && q(bad), good: good && q(good), total: q(total) }, [total, ...(bad ? [bad] : []), ...(good ? [good] : [])], {
        openSlo: { ratio: raw },
      }),
    );
  }

  /**
   * Completeness from Kafka Exporter offsets: records arrived in `arrivedTopic` over the window
   * versus records written to `expectedTopic` over the same window `within` earlier:
   * `1 - clamp_max(advanced(arrived[w]) / advanced(expected[w] offset within), 1)`.
   */
  public static topicOffsets(options: TopicOffsetsSliOptions): Sli {
    const where = 'Sli.topicOffsets';
    requireText(where, 'expectedTopic', options.expectedTopic);
    requireText(where, 'arrivedTopic', options.arrivedTopic);
    const metric = metricName(where, 'metric', options.metric ?? SliMetrics.KAFKA_TOPIC_PARTITION_OFFSET);
    return new Sli(SliSource.TOPIC_OFFSETS, true, (within) => {
      const arrived = `${metric}${selector({ topic: options.arrivedTopic })}`;
      const expected = `${metric}${selector({ topic: options.expectedTopic })}`;
      return ratioPlan({ good: offsetsAdvanced(arrived), total: offsetsAdvanced(expected, within) }, [metric], {
        openSlo: offsetsOpenSlo(arrived, expected),
      });
    });
  }

  /**
   * Completeness from the offsets a job commits: of the records written to `topic` over the window
   * `within` earlier, the share the consumer group has committed now. Per partition, with `first`
   * and `last` the written offsets at the ends of that window: good = `clamp_min(min(committed,
   * last) - first, 0)`, total = `last - first` (offsets only grow: exact record counts, where
   * `rate()` would extrapolate a series that starts inside the window). A partition the group
   * never committed counts no good records.
   *
   * A Flink job commits its source offsets when a checkpoint completes, that is once everything
   * the records produced (the output rows, the dead letters, the effect of a delete) is written:
   * every record counts as arrived, whichever way it left the job. Comparing the output topic's
   * offsets with the source's instead counts dead letters, delete tombstones and update pairs as
   * missing.
   */
  public static consumerGroupOffsets(options: ConsumerGroupOffsetsSliOptions): Sli {
    const where = 'Sli.consumerGroupOffsets';
    requireText(where, 'topic', options.topic);
    requireText(where, 'consumerGroup', options.consumerGroup);
    const committed = metricName(where, 'committedMetric', options.committedMetric ?? SliMetrics.KAFKA_CONSUMERGROUP_OFFSET);
    const written = metricName(where, 'writtenMetric', options.writtenMetric ?? SliMetrics.KAFKA_TOPIC_PARTITION_OFFSET);
    return new Sli(SliSource.TOPIC_OFFSETS, true, (within) => {
      const committedOffsets = `${committed}${selector({ consumergroup: options.consumerGroup, topic: options.topic })}`;
      const writtenOffsets = `${written}${selector({ topic: options.topic })}`;
      // Per partition, over the window `within` earlier: the written offsets at its ends, and the
      // committed offset now. Good = the window's records below the committed offset. The committed
      // offset is read as it is, not by how far it moved: a new consumer group's first commit is a
      // jump from nothing, which an advance would not count.
      const range = `[{{.window}}] offset ${within!.toPrometheus()}`;
      const first = `max by (topic, partition) (min_over_time(${writtenOffsets}${range}))`;
      const last = `max by (topic, partition) (max_over_time(${writtenOffsets}${range}))`;
      const now = `max by (topic, partition) (${committedOffsets})`;
      const good = `sum(clamp_min(((${now} <= ${last}) or (${last} and ${now})) - ${first}, 0))`;
      return ratioPlan({ good, total: `sum(${last} - ${first})` }, [committed, written], {
        missingTotal: `sum(rate(${writtenOffsets}[{{.window}}]))`,
        openSlo: offsetsOpenSlo(committedOffsets, writtenOffsets),
      });
    });
  }

  /**
   * Accuracy from a row-parity reconciler's counters: `sum(rate(mismatched[w])) / sum(rate(checked[w]))`.
   * No standard exporter publishes these: run a reconciler that does, or override the names.
   */
  public static reconciliation(options: ReconciliationSliOptions = {}): Sli {
    const where = 'Sli.reconciliation';
    checkSelector(where, options.selector);
    const checked = metricName(where, 'checkedMetric', options.checkedMetric ?? SliMetrics.RECONCILIATION_ROWS_CHECKED);
    const bad = metricName(where, 'mismatchedMetric', options.mismatchedMetric ?? SliMetrics.RECONCILIATION_ROWS_MISMATCHED);
    const sel = selector(options.selector);
    // A reconciler is a job of its own, often deployed after the pipeline: no missing-data page
    // until it has reported once (within the last 30 days), then a page when it stops.
    const reported = `count(last_over_time(${checked}${sel}[30d])) > 0`;
    return new Sli(SliSource.RECONCILIATION, false, () =>
      ratioPlan({ bad: `sum(rate(${bad}${sel}[{{.window}}]))`, total: `sum(rate(${checked}${sel}[{{.window}}]))` }, [checked, bad], {
        onlyOnceReported: reported,
        openSlo: { ratio: { counter: true, bad: `${bad}${sel}`, total: `${checked}${sel}` } },
      }),
    );
  }

  /**
   * Availability: share of minutes in which the Flink job runs (uptime > 0) and the connector reports
   * `status="running"`. A missing metric counts as down.
   */
  public static running(options: RunningSliOptions): Sli {
    const where = 'Sli.running';
    if (!options.flinkJobName && !options.connectorName) {
      throw new ValidationError({ path: where, setting: 'flinkJobName / connectorName', limit: 'at least one of them', value: 'neither' });
    }
    const uptime = metricName(where, 'flinkUptimeMetric', options.flinkUptimeMetric ?? SliMetrics.FLINK_JOB_UPTIME);
    const status = metricName(where, 'connectorStatusMetric', options.connectorStatusMetric ?? SliMetrics.CONNECT_CONNECTOR_STATUS);
    const down: string[] = [];
    const presence: string[] = [];
    const metrics: string[] = [];
    if (options.flinkJobName) {
      const s = `${uptime}${selector({ job_name: options.flinkJobName })}`;
      down.push(`(1 - ((max(${s}) > bool 0) or vector(0)))`);
      presence.push(s);
      metrics.push(uptime);
    }
    if (options.connectorName) {
      const s = `${status}${selector({ connector: options.connectorName, status: 'running' })}`;
      down.push(`(1 - ((max(${s}) > bool 0) or vector(0)))`);
      presence.push(s);
      metrics.push(status);
    }
    const badSample = down.length === 1 ? down[0] : `clamp_max(${down.join(' + ')}, 1)`;
    return new Sli(SliSource.RUNNING, false, () => ({
      badSample,
      missing: (after) => presence.map((p) => `absent_over_time(${p}[${after.toPrometheus()}])`).join(' or '),
      openSlo: samplesOpenSlo(badSample),
      metrics,
    }));
  }

  /**
   * Availability as "minutes meeting the other SLOs": a minute is bad when any of the SLOs' 5-minute
   * error ratio (`slo:sli_error:ratio_rate5m`, recorded by their own rules) exceeds its error budget.
   * Minutes with no data for any of them count as good; their own missing-data alerts cover that.
   */
  public static slosMet(options: SlosMetSliOptions): Sli {
    const where = 'Sli.slosMet';
    if (!Array.isArray(options.slos) || options.slos.length === 0) {
      throw new ValidationError({ path: where, setting: 'slos', limit: 'a non-empty list of Slo objects', value: JSON.stringify(options.slos ?? null) });
    }
    for (const s of options.slos) {
      if (typeof s?.name !== 'string' || typeof s.errorBudget !== 'number') {
        throw new ValidationError({ path: where, setting: 'slos', limit: 'a list of Slo objects', value: String(s) });
      }
    }
    const slos = [...options.slos];
    return new Sli(SliSource.SLOS_MET, false, (_threshold, setName) => {
      // Rendered in a rule set, the SLOs' series are read from that set only.
      const parts = slos.map((s) => ({
        series: `slo:sli_error:ratio_rate5m${selector({ ...s.subject, slo: s.name, ...(setName ? { [SET_LABEL]: setName } : {}) })}`,
        budget: s.errorBudget,
      }));
      const burning = parts.map((p) => `${p.series} / ${num(p.budget)}`).join(' or ');
      const badSample = `((max(${burning}) > bool 1) or vector(0))`;
      return {
        badSample,
        missing: (after) => `absent(${parts.map((p) => `max_over_time(${p.series}[${after.toPrometheus()}])`).join(' or ')})`,
        openSlo: samplesOpenSlo(badSample),
        metrics: ['slo:sli_error:ratio_rate5m'],
      };
    });
  }

  /**
   * Custom SLI: good/total or bad/total PromQL with a `{{window}}` placeholder (`{{.window}}`, Sloth's
   * spelling, works too). Each query must return one series (aggregate with `sum`).
   */
  public static query(options: QuerySliOptions): Sli {
    const where = 'Sli.query';
    requireOneOf(where, options.bad, options.good);
    for (const [setting, q] of [['total', options.total], ['bad', options.bad], ['good', options.good]] as const) {
      if (q === undefined) continue;
      requireText(where, setting, q);
      if (!hasWindowPlaceholder(q)) {
        throw new ValidationError({
          path: where,
          setting,
          limit: 'a PromQL query with a {{window}} placeholder',
          value: JSON.stringify(q),
          fix: 'write the range as [{{window}}], e.g. sum(rate(orders_total[{{window}}]))',
        });
      }
    }
    const norm = (q?: string) => (q === undefined ? undefined : withWindow(q, '{{.window}}'));
    return new Sli(SliSource.QUERY, false, () => ratioPlan({ bad: norm(options.bad), good: norm(options.good), total: norm(options.total)! }, []));
  }

  /** Where the SLI reads from. */
  public readonly source: SliSource;
  /** Whether the SLI needs the SLO's threshold (latency gauges and histograms, topic offsets). */
  public readonly needsThreshold: boolean;
  private readonly planFn: (threshold?: Duration, setName?: string) => SliPlan;

  private constructor(source: SliSource, needsThreshold: boolean, plan: (threshold?: Duration, setName?: string) => SliPlan) {
    this.source = source;
    this.needsThreshold = needsThreshold;
    this.planFn = plan;
  }

  /** @internal `setName`: the rule set the plan is rendered in (series it reads carry its `slo_set`). */
  public _plan(threshold?: Duration, setName?: string): SliPlan {
    return this.planFn(threshold, setName);
  }
}

function gaugePlan(
  series: string,
  threshold: Duration,
  unit: Duration,
  metrics: string[],
  stallExpr?: (after: Duration, stall: boolean) => string | undefined,
): SliPlan {
  const limit = threshold.toMilliseconds() / unit.toMilliseconds();
  const badSample = `(max(${series}) > bool ${num(limit)})`;
  const perSecond = unit.toMilliseconds() / 1000;
  return {
    badSample,
    missing: (after, stall) => {
      const absent = `absent_over_time(${series}[${after.toPrometheus()}])`;
      const stalled = stallExpr?.(after, stall);
      return stalled ? `${absent} or ${stalled}` : absent;
    },
    // A one-minute slice is good when the largest value is at most the threshold.
    openSlo: { threshold: { query: `max(${series})`, op: 'lte', value: limit } },
    valueSeconds: perSecond === 1 ? `max(${series})` : `max(${series}) * ${num(perSecond)}`,
    metrics,
  };
}

/** A 0/1 "bad now" SLI as OpenSLO time slices: a one-minute slice is good while the sample is below 1. */
function samplesOpenSlo(badSample: string): SliPlan['openSlo'] {
  return { threshold: { query: badSample, op: 'lt', value: 1 } };
}

/**
 * Offsets as OpenSLO counters (they only grow). OpenSLO has no way to say "written `within`
 * earlier", so the exported ratio compares the same windows: a little stricter while records are
 * in flight.
 */
function offsetsOpenSlo(arrived: string, expected: string): SliPlan['openSlo'] {
  return { ratio: { counter: true, good: arrived, total: expected } };
}

/** `sum(rate(<counter selector>[{{window}}]))`: the custom-query form OpenSLO can say as a raw counter. */
const COUNTER_RATE = /^\s*sum\s*\(\s*rate\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^{}]*\})?)\s*\[\s*\{\{\s*\.?window\s*\}\}\s*\]\s*\)\s*\)\s*$/;

/**
 * A custom query's OpenSLO form: raw counters when every query is `sum(rate(<selector>[{{window}}]))`,
 * otherwise the queries over a 1m window as per-point event rates (`counter: false`), which
 * OpenSLO tools sum over their windows: the same ratio, without a window placeholder.
 */
function queryOpenSlo(q: { bad?: string; good?: string; total: string }): SliPlan['openSlo'] {
  const parts = [q.bad, q.good, q.total].filter((x): x is string => x !== undefined);
  if (parts.every((x) => COUNTER_RATE.test(x))) {
    const raw = (x?: string) => (x === undefined ? undefined : COUNTER_RATE.exec(x)![1]);
    return { ratio: { counter: true, bad: raw(q.bad), good: raw(q.good), total: raw(q.total)! } };
  }
  const perMinute = (x?: string) => (x === undefined ? undefined : withWindow(x, '1m'));
  return { ratio: { counter: false, bad: perMinute(q.bad), good: perMinute(q.good), total: perMinute(q.total)! } };
}

/**
 * `missingTotal`: the total the missing-data alert watches when it differs from the ratio's
 * (without the ratio's `offset`, which would report a new deployment missing for its first minutes).
 * `onlyOnceReported`: page for missing data only while this holds.
 */
/**
 * How far offsets advanced over the window (optionally `within` earlier), summed over partitions:
 * `max_over_time - min_over_time` per series. Offsets only grow, so this is the exact number of
 * records between the window's first and last sample; `rate()` would extrapolate a series that
 * starts inside the window (after Prometheus starts, or a partition's first commit) and, at low
 * volume, report a fifth of the records missing (seen on the rehearsal: a completeness page on a
 * healthy pipeline).
 */
function offsetsAdvanced(series: string, within?: Duration): string {
  const range = `[{{.window}}]${within ? ` offset ${within.toPrometheus()}` : ''}`;
  return `sum(max_over_time(${series}${range}) - min_over_time(${series}${range}))`;
}

interface RatioPlanOptions {
  readonly onlyOnceReported?: string;
  readonly missingTotal?: string;
  /** A further series whose absence is missing data (a histogram's bucket at the threshold). */
  readonly alsoMissing?: (after: Duration) => string;
  readonly missingNote?: string;
  /** The OpenSLO form. @default - derived from the queries (`queryOpenSlo`) */
  readonly openSlo?: SliPlan['openSlo'];
}

function ratioPlan(q: { bad?: string; good?: string; total: string }, metrics: string[], opts: RatioPlanOptions = {}): SliPlan {
  const errorRatio = (w: string) =>
    q.bad !== undefined
      ? `(${withWindow(q.bad, w)}) / (${withWindow(q.total, w)})`
      : `1 - clamp_max((${withWindow(q.good!, w)}) / (${withWindow(q.total, w)}), 1)`;
  return {
    errorRatio,
    missing: (after, stall) => {
      const total = withWindow(opts.missingTotal ?? q.total, after.toPrometheus());
      const missing = [`absent(${total})`, ...(stall ? [`(${total} == 0)`] : []), ...(opts.alsoMissing ? [opts.alsoMissing(after)] : [])].join(' or ');
      return opts.onlyOnceReported ? `(${missing}) and on() (${opts.onlyOnceReported})` : missing;
    },
    openSlo: opts.openSlo ?? queryOpenSlo(q),
    metrics,
    missingNote: opts.missingNote,
  };
}

function requireText(path: string, setting: string, value: unknown) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError({ path, setting, limit: 'a non-empty string', value: value === undefined ? 'nothing' : JSON.stringify(value) });
  }
}

function requireOneOf(path: string, bad?: string, good?: string) {
  if ((bad === undefined) === (good === undefined)) {
    throw new ValidationError({
      path,
      setting: 'bad / good',
      limit: 'exactly one of them',
      value: bad === undefined ? 'neither' : 'both',
      fix: 'give the bad events or the good events, not both',
    });
  }
}

/**
 * A histogram's base name, refusing what is known not to be one: Prometheus can tell a summary
 * from a histogram only at scrape time, and an SLI on a summary's series is silently empty.
 */
function histogramName(value: string, sel?: Record<string, string>): string {
  const where = 'Sli.histogram';
  const metric = metricName(where, 'metric', value);
  const refuse = (limit: string, fix: string): never => {
    throw new ValidationError({ path: where, setting: 'metric', limit, value: JSON.stringify(metric), fix });
  };
  const suffix = /_(bucket|count|sum)$/.exec(metric);
  if (suffix) refuse('the base name of a histogram, without its _bucket / _count / _sum suffix', `pass ${JSON.stringify(metric.slice(0, -suffix[0].length))}`);
  for (const k of ['quantile', 'le']) {
    if (Object.prototype.hasOwnProperty.call(sel ?? {}, k)) {
      throw new ValidationError({
        path: where,
        setting: `selector.${k}`,
        limit: 'absent (the SLI selects the bucket at the threshold itself; a quantile label belongs to a summary)',
        value: JSON.stringify(sel![k]),
        fix: k === 'le' ? 'drop it: the SLO threshold picks the bucket' : 'a summary has no buckets: use Sli.gauge() on the quantile, or export a histogram',
      });
    }
  }
  if (/^flink_/.test(metric)) {
    refuse('a histogram (Flink\'s Prometheus reporter exports every Flink histogram as a summary, with quantiles and no buckets)', 'use Sli.gauge() on one quantile, or Sli.flinkEventTimeLag()');
  }
  if (/(percentile|quantile)/i.test(metric) || /_(p\d{2,4}|median)$/i.test(metric)) {
    refuse('a histogram, not a precomputed quantile (a summary or a JMX percentile gauge has no buckets)', 'use Sli.gauge() on the quantile, or export a histogram with a bucket at the threshold');
  }
  return metric;
}

function metricName(path: string, setting: string, value: string): string {
  if (typeof value !== 'string' || !METRIC_NAME.test(value)) {
    throw new ValidationError({
      path,
      setting,
      limit: 'a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)',
      value: value === undefined ? 'nothing' : JSON.stringify(value),
    });
  }
  return value;
}

function checkSelector(path: string, sel?: Record<string, string>) {
  for (const [k, v] of Object.entries(sel ?? {})) {
    if (!LABEL_NAME.test(k)) {
      throw new ValidationError({ path, setting: `selector[${JSON.stringify(k)}]`, limit: 'a Prometheus label name', value: JSON.stringify(k) });
    }
    if (typeof v !== 'string') {
      throw new ValidationError({ path, setting: `selector.${k}`, limit: 'a string', value: JSON.stringify(v) });
    }
  }
}

/** A metric's unit must be a positive duration: thresholds are divided by it. */
function positiveUnit(unit: Duration): Duration {
  if (!(unit instanceof Duration) || unit.isInfinite || unit.toMilliseconds() <= 0) {
    throw new ValidationError({ path: 'Sli', setting: 'unit', limit: 'a positive, finite Duration (the unit the metric counts in)', value: String(unit) });
  }
  return unit;
}
