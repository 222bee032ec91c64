import { Duration, Errors, Sli, SliSource, Slo, SloKind, SloPeriod, SloRules } from '../../lib';

const sli = Sli.flinkEventTimeLag({ jobName: 'orders-latest' });

describe('SloPeriod', () => {
  test('30 days gives the SRE workbook factors 14.4 / 6 / 3 / 1', () => {
    const p = SloPeriod.thirtyDays();
    expect([...p.pageWindows, ...p.ticketWindows].map((w) => [w.burnRate, w.longWindow.toPrometheus(), w.shortWindow.toPrometheus()])).toEqual([
      [14.4, '1h', '5m'],
      [6, '6h', '30m'],
      [3, '1d', '2h'],
      [1, '3d', '6h'],
    ]);
  });

  test('28 days computes the factors from the budget shares: 13.44 / 5.6 / 2.8 / 0.9333', () => {
    const p = SloPeriod.twentyEightDays();
    expect([...p.pageWindows, ...p.ticketWindows].map((w) => w.burnRate)).toEqual([13.44, 5.6, 2.8, 0.9333333333]);
  });

  test("7 days uses Sloth's 7-day shares (8 / 12.5 / 20 / 42 %)", () => {
    const p = SloPeriod.sevenDays();
    expect([...p.pageWindows, ...p.ticketWindows].map((w) => w.burnRate)).toEqual([13.44, 3.5, 1.4, 0.98]);
    expect(SloPeriod.ofDays(7).days).toBe(7);
    expect(() => SloPeriod.ofDays(14)).toThrow(/days must be one of 30, 28 or 7/);
  });

  test('a 28-day SLO pages at 13.44x its budget', () => {
    const slo = Slo.freshness({ name: 'f', objective: 0.99, threshold: Duration.seconds(30), sli, period: SloPeriod.twentyEightDays() });
    const [own, shared] = SloRules.forSlos([slo], 'orders');
    const page = own.rules.find((r) => r.alert === 'SLOErrorBudgetBurnPage')!;
    expect(page.expr).toContain('slo:sli_error:ratio_rate1h{slo="f",slo_set="orders"} > 0.1344 and slo:sli_error:ratio_rate5m{slo="f",slo_set="orders"} > 0.1344');
    expect(shared.rules.find((r) => r.record === 'slo:sli_error:ratio_rate28d')!.expr).toBe('avg_over_time(slo:sli_error:sample{slo_set="orders"}[28d])');
    expect(shared.rules.find((r) => r.record === 'slo:time_period:days')!.expr).toBe('0 * slo:objective:ratio{slo_set="orders"} + 28');
  });

  test('a set mixing periods restricts each period rule to its SLOs, one rule per series name', () => {
    const month = Slo.freshness({ name: 'm', objective: 0.99, threshold: Duration.seconds(30), sli });
    const week = Slo.custom({ name: 'w', objective: 0.9, period: SloPeriod.sevenDays(), sli: Sli.query({ bad: 'sum(rate(b[{{window}}]))', total: 'sum(rate(t[{{window}}]))' }) });
    const shared = SloRules.forSlos([month, week], 'mixed')[2];
    const records = shared.rules.map((r) => r.record);
    expect(new Set(records).size).toBe(records.length);
    const rule = (name: string) => shared.rules.find((r) => r.record === name)!.expr;
    expect(rule('slo:sli_error:ratio_rate30d')).toBe('avg_over_time(slo:sli_error:sample{slo_set="mixed",slo=~"m"}[30d])');
    expect(rule('slo:sli_error:ratio_rate7d')).toBe(
      'sum_over_time(slo:sli_error:ratio_rate5m{slo_set="mixed",slo=~"w"}[7d]) / count_over_time(slo:sli_error:ratio_rate5m{slo_set="mixed",slo=~"w"}[7d])',
    );
    expect(rule('slo:time_period:days')).toBe('(0 * slo:objective:ratio{slo_set="mixed",slo=~"m"} + 30) or (0 * slo:objective:ratio{slo_set="mixed",slo=~"w"} + 7)');
    expect(rule('slo:period_burn_rate:ratio')).toBe(
      '(slo:sli_error:ratio_rate30d{slo_set="mixed"} / on(slo_set, slo) group_left() slo:error_budget:ratio{slo_set="mixed"}) or ' +
        '(slo:sli_error:ratio_rate7d{slo_set="mixed"} / on(slo_set, slo) group_left() slo:error_budget:ratio{slo_set="mixed"})',
    );
    // Only the sample-based SLO's windows are averaged set-wide; the ratio SLO records its own.
    expect(rule('slo:sli_error:ratio_rate1h')).toBe('avg_over_time(slo:sli_error:sample{slo_set="mixed"}[1h])');
    expect(SloRules.forSlos([month, week], 'mixed')[1].rules.filter((r) => r.record?.startsWith('slo:sli_error:ratio_rate'))).toHaveLength(7);
    expect(() => SloRules.forSlos([month], 'Bad Name')).toThrow(/setName must be a lowercase name/);
  });
});

describe('Slo', () => {
  test('exposes its resolved settings for the pipeline and the rule pack', () => {
    const slo = Slo.freshness({ name: 'orders-fresh-30s', objective: 0.95, threshold: Duration.seconds(30), sli, subject: { pipeline: 'inventory' } });
    expect(slo.kind).toBe(SloKind.FRESHNESS);
    expect(slo.threshold!.toSeconds()).toBe(30);
    expect(slo.errorBudget).toBe(0.05);
    expect(slo.period.days).toBe(30);
    expect(slo.description).toBe('95% of events are at most 30s old');
    expect(slo.pageSeverity).toBe('critical');
    expect(slo.ticketSeverity).toBe('warning');
    expect(slo.missingDataAfter.toPrometheus()).toBe('10m');
    expect(slo.sli.source).toBe(SliSource.FLINK_EVENT_TIME_LAG);
  });

  test.each([
    [0, 'objective must be a number strictly between 0 and 1'],
    [1, 'objective must be a number strictly between 0 and 1'],
    [99.9, 'objective must be a number strictly between 0 and 1 .*\\(got 99.9\\)'],
  ])('refuses objective %p', (objective, message) => {
    expect(() => Slo.freshness({ name: 'f', objective, threshold: Duration.seconds(30), sli })).toThrow(new RegExp(`\\[Slo\\(f\\)\\] ${message}`));
  });

  test('refuses bad names, labels the rules set, and SLIs that need a threshold on a kind without one', () => {
    expect(() => Slo.freshness({ name: 'Orders Fresh', objective: 0.9, threshold: Duration.seconds(1), sli })).toThrow(/name must be lowercase/);
    expect(() => Slo.freshness({ name: 'f', objective: 0.9, threshold: Duration.seconds(1), sli, labels: { severity: 'page' } })).toThrow(
      /labels.severity must be not one of the labels the rules set .*Fix: use pageSeverity/,
    );
    expect(() => Slo.freshness({ name: 'f', objective: 0.9, threshold: Duration.seconds(1), sli, subject: { slo_set: 'mine' } })).toThrow(
      /subject.slo_set must be not one of the labels the rules set/,
    );
    expect(() => Slo.freshness({ name: 'f', objective: 0.9, threshold: Duration.seconds(1), sli, subject: { team: 'a' }, labels: { team: 'b' } })).toThrow(
      /\[Slo\(f\)\] labels.team must be a label the subject does not already set/,
    );
    expect(() => Slo.freshness({ name: 'f', objective: 0.9, threshold: Duration.seconds(1), sli, subject: { 'bad-label': 'x' } })).toThrow(
      /subject\["bad-label"\] must be a Prometheus label name/,
    );
    expect(() => Slo.availability({ name: 'a', objective: 0.99, sli })).toThrow(/sli must be an SLI that needs no threshold for a availability SLO/);
    expect(() => Slo.freshness({ name: 'f', objective: 0.9, threshold: Duration.seconds(0), sli })).toThrow(/threshold must be > 0/);
    expect(() => Slo.freshness({ name: 'f', objective: 0.9, threshold: Duration.seconds(1), sli, runbookUrl: 'wiki/orders' })).toThrow(/runbookUrl must be an http\(s\) URL/);
    expect(() => Slo.latency({ name: 'l', hop: 'CDC hop', objective: 0.95, threshold: Duration.seconds(1), sli })).toThrow(/hop must be a lowercase hop name/);
  });

  test('every error is a ValidationError', () => {
    try {
      Slo.custom({ name: 'c', objective: 2, sli: Sli.query({ bad: 'sum(rate(b[{{window}}]))', total: 'sum(rate(t[{{window}}]))' }) });
      throw new Error('not thrown');
    } catch (e) {
      expect(Errors.isValidationError(e)).toBe(true);
    }
  });

  test('accuracy waits two reconciliation intervals before reporting missing data, and never before the reconciler first reported', () => {
    const slo = Slo.accuracy({ name: 'parity', objective: 0.999, reconciliationInterval: Duration.minutes(15), sli: Sli.reconciliation() });
    expect(slo.missingDataAfter.toPrometheus()).toBe('30m');
    const missing = SloRules.forSlos([slo], 'orders')[0].rules.find((r) => r.alert === 'SLOMissingData')!;
    expect(missing.expr).toBe(
      '(absent(sum(rate(realtime_pipeline_reconciliation_rows_checked_total[30m]))) or (sum(rate(realtime_pipeline_reconciliation_rows_checked_total[30m])) == 0))'
      + ' and on() (count(last_over_time(realtime_pipeline_reconciliation_rows_checked_total[30d])) > 0)',
    );
  });

  test('completeness from a consumer group: committed offsets against the offsets written `within` earlier; missing data watches the source without the offset', () => {
    const slo = Slo.completeness({
      name: 'orders-complete-2m',
      objective: 0.995,
      within: Duration.minutes(2),
      sli: Sli.consumerGroupOffsets({ topic: 'store.store.orders', consumerGroup: 'orders-latest' }),
    });
    const rules = SloRules.forSlos([slo], 'orders')[0].rules;
    const errorRatio = rules.find((r) => r.record === 'slo:sli_error:ratio_rate5m')!;
    const W = 'kafka_topic_partition_current_offset{topic="store.store.orders"}';
    const first = `max by (topic, partition) (min_over_time(${W}[5m] offset 2m))`;
    const last = `max by (topic, partition) (max_over_time(${W}[5m] offset 2m))`;
    const now = 'max by (topic, partition) (kafka_consumergroup_current_offset{consumergroup="orders-latest",topic="store.store.orders"})';
    // the window's written offsets at its ends (max/min, not rate(): no extrapolation of a series
    // that starts in the window), and the committed offset as it is now (a new group's first commit counts)
    expect(errorRatio.expr).toBe(
      `1 - clamp_max((sum(clamp_min(((${now} <= ${last}) or (${last} and ${now})) - ${first}, 0))) / (sum(${last} - ${first})), 1)`,
    );
    const missing = rules.find((r) => r.alert === 'SLOMissingData')!;
    expect(missing.expr).not.toMatch(/\] offset /);
    expect(missing.expr).toContain('kafka_topic_partition_current_offset{topic="store.store.orders"}');
    expect(() => Sli.consumerGroupOffsets({ topic: 'store.store.orders', consumerGroup: '' })).toThrow(/\[Sli.consumerGroupOffsets\] consumerGroup must be a non-empty string/);
  });

  test('stall checks are off by default (a quiet table is not an outage), except for accuracy, whose reconciler runs whatever the traffic', () => {
    const offsets = Sli.consumerGroupOffsets({ topic: 'store.store.orders', consumerGroup: 'orders-latest' });
    const quiet = Slo.completeness({ name: 'c', objective: 0.995, within: Duration.minutes(2), sli: offsets });
    expect(quiet.alertOnStall).toBe(false);
    expect(SloRules.forSlos([quiet], 'orders')[0].rules.find((r) => r.alert === 'SLOMissingData')!.expr).toBe(
      'absent(sum(rate(kafka_topic_partition_current_offset{topic="store.store.orders"}[10m])))',
    );
    const busy = Slo.completeness({ name: 'c', objective: 0.995, within: Duration.minutes(2), sli: offsets, alertOnStall: true });
    expect(SloRules.forSlos([busy], 'orders')[0].rules.find((r) => r.alert === 'SLOMissingData')!.expr).toContain('[10m])) == 0)');
    expect(Slo.accuracy({ name: 'p', objective: 0.999, reconciliationInterval: Duration.minutes(15), sli: Sli.reconciliation() }).alertOnStall).toBe(true);
  });

  test('alertOnStall: false leaves only the absence check', () => {
    const slo = Slo.custom({ name: 'c', objective: 0.99, alertOnStall: false, sli: Sli.query({ bad: 'sum(rate(b[{{window}}]))', total: 'sum(rate(t[{{window}}]))' }) });
    expect(SloRules.forSlos([slo], 'orders')[0].rules.find((r) => r.alert === 'SLOMissingData')!.expr).toBe('absent(sum(rate(t[10m])))');
  });
});

describe('Sli', () => {
  test('histogram: 1 - good bucket / count, matching both le="30" and le="30.0"', () => {
    const slo = Slo.freshness({ name: 'h', objective: 0.95, threshold: Duration.seconds(30), sli: Sli.histogram({ metric: 'age_seconds', selector: { stream: 's' } }) });
    expect(SloRules.forSlos([slo], 'orders')[0].rules[0].expr).toBe(
      '1 - clamp_max((sum(rate(age_seconds_bucket{stream="s",le=~"30|30\\\\.0"}[5m]))) / (sum(rate(age_seconds_count{stream="s"}[5m]))), 1)',
    );
    const half = Slo.freshness({ name: 'h2', objective: 0.95, threshold: Duration.millis(500), sli: Sli.histogram({ metric: 'age_seconds' }) });
    expect(SloRules.forSlos([half], 'orders')[0].rules[0].expr).toContain('age_seconds_bucket{le="0.5"}');
  });

  test('histogram: the bound matches every exporter spelling (Go 1.8e+06, Java 1800000.0, Prometheus 3 30.0)', () => {
    const bucket = (threshold: Duration, unit?: Duration) => {
      const slo = Slo.freshness({ name: 'h', objective: 0.95, threshold, sli: Sli.histogram({ metric: 'age', unit }) });
      return /age_bucket\{([^}]*)\}/.exec(SloRules.forSlos([slo], 'orders')[0].rules[0].expr)![1];
    };
    expect(bucket(Duration.minutes(30), Duration.millis(1))).toBe('le=~"1\\\\.8e\\\\+06|1800000\\\\.0"');
    expect(bucket(Duration.seconds(1))).toBe('le=~"1|1\\\\.0"');
    expect(bucket(Duration.minutes(5))).toBe('le=~"300|300\\\\.0"');
    expect(bucket(Duration.millis(250))).toBe('le="0.25"');
  });

  test('histogram: the missing-data alert also pages when there is no bucket at the threshold', () => {
    const slo = Slo.freshness({ name: 'h', objective: 0.95, threshold: Duration.seconds(30), sli: Sli.histogram({ metric: 'age_seconds', selector: { stream: 's' } }) });
    const missing = SloRules.forSlos([slo], 'orders')[0].rules.find((r) => r.alert === 'SLOMissingData')!;
    expect(missing.expr).toBe('absent(sum(rate(age_seconds_count{stream="s"}[10m]))) or absent(sum(rate(age_seconds_bucket{stream="s",le=~"30|30\\\\.0"}[10m])))');
    expect(missing.annotations!.description).toContain('or the histogram has no bucket le="30" (a bucket bound must equal the threshold)');
  });

  test.each([
    ['age_seconds_bucket', undefined, /\[Sli.histogram\] metric must be the base name of a histogram, without its _bucket \/ _count \/ _sum suffix \(got "age_seconds_bucket"\)\. Fix: pass "age_seconds"/],
    ['age_seconds_count', undefined, /Fix: pass "age_seconds"/],
    ['age_seconds_sum', undefined, /Fix: pass "age_seconds"/],
    ['age_seconds', { quantile: '0.99' }, /\[Sli.histogram\] selector.quantile must be absent .* \(got "0.99"\)\. Fix: a summary has no buckets/],
    ['age_seconds', { le: '30' }, /selector.le must be absent/],
    ['flink_taskmanager_job_latency_source_id_operator_id_operator_subtask_index_latency', undefined, /exports every Flink histogram as a summary/],
    ['kafka_network_requestmetrics_totaltimems_99thpercentile', undefined, /not a precomputed quantile/],
    ['sink_latency_p99', undefined, /not a precomputed quantile/],
  ])('histogram refuses %s (a summary or a histogram series, not a histogram base name)', (metric, selector, message) => {
    expect(() => Sli.histogram({ metric, selector })).toThrow(message);
  });

  test('topic offsets compare arrivals with the records expected `within` earlier', () => {
    const slo = Slo.completeness({
      name: 'c',
      objective: 0.995,
      within: Duration.minutes(2),
      sli: Sli.topicOffsets({ expectedTopic: 'store.orders', arrivedTopic: 'orders_latest' }),
    });
    expect(SloRules.forSlos([slo], 'orders')[0].rules[1].expr).toBe(
      '1 - clamp_max((sum(max_over_time(kafka_topic_partition_current_offset{topic="orders_latest"}[30m])'
      + ' - min_over_time(kafka_topic_partition_current_offset{topic="orders_latest"}[30m]))) / '
      + '(sum(max_over_time(kafka_topic_partition_current_offset{topic="store.orders"}[30m] offset 2m)'
      + ' - min_over_time(kafka_topic_partition_current_offset{topic="store.orders"}[30m] offset 2m))), 1)',
    );
  });

  test('running counts a missing metric as down, for the Flink job and the connector', () => {
    const slo = Slo.availability({ name: 'up', objective: 0.999, sli: Sli.running({ flinkJobName: 'orders-latest', connectorName: 'store-cdc' }) });
    expect(SloRules.forSlos([slo], 'orders')[0].rules[0].expr).toBe(
      'clamp_max((1 - ((max(flink_jobmanager_job_uptime{job_name="orders-latest"}) > bool 0) or vector(0))) + ' +
        '(1 - ((max(kafka_connect_connector_status{connector="store-cdc",status="running"}) > bool 0) or vector(0))), 1)',
    );
    expect(() => Sli.running({})).toThrow(/flinkJobName \/ connectorName must be at least one of them/);
  });

  test('slosMet: a minute is bad when any SLO burns its budget faster than 1x over 5m', () => {
    const a = Slo.freshness({ name: 'a', objective: 0.95, threshold: Duration.seconds(30), sli: Sli.flinkEventTimeLag({ jobName: 'j' }), subject: { stream: 's' } });
    const b = Slo.custom({ name: 'b', objective: 0.99, sli: Sli.query({ bad: 'sum(rate(b[{{window}}]))', total: 'sum(rate(t[{{window}}]))' }) });
    const up = Slo.availability({ name: 'up', objective: 0.99, sli: Sli.slosMet({ slos: [a, b] }) });
    const [own] = SloRules.forSlos([up], 'orders');
    const [sliGroup, alerts] = [own, { rules: own.rules.filter((r) => r.alert) }];
    // The SLOs are read from the same rule set only.
    expect(sliGroup.rules[0].expr).toBe(
      '((max(slo:sli_error:ratio_rate5m{slo="a",slo_set="orders",stream="s"} / 0.05 or slo:sli_error:ratio_rate5m{slo="b",slo_set="orders"} / 0.01) > bool 1) or vector(0))',
    );
    expect(alerts.rules.find((r) => r.alert === 'SLOMissingData')!.expr).toBe(
      'absent(max_over_time(slo:sli_error:ratio_rate5m{slo="a",slo_set="orders",stream="s"}[10m]) or max_over_time(slo:sli_error:ratio_rate5m{slo="b",slo_set="orders"}[10m]))',
    );
    expect(() => Sli.slosMet({ slos: [] })).toThrow(/slos must be a non-empty list of Slo objects/);
  });

  test('every default metric name can be overridden', () => {
    const slo = Slo.latency({
      name: 'cdc',
      hop: 'cdc',
      objective: 0.95,
      threshold: Duration.seconds(5),
      sli: Sli.debeziumLag({ topicPrefix: 'store', metric: 'debezium_metrics_millisecondsbehindsource' }),
    });
    expect(SloRules.forSlos([slo], 'orders')[0].rules[0].expr).toBe('(max(debezium_metrics_millisecondsbehindsource{context="streaming",name="store"}) > bool 5000)');
    expect(() => Sli.debeziumLag({ topicPrefix: 'store', metric: 'not a metric' })).toThrow(/metric must be a Prometheus metric name/);
  });

  test('custom queries need a window placeholder and exactly one of good and bad', () => {
    expect(() => Sli.query({ bad: 'sum(rate(b[5m]))', total: 'sum(rate(t[{{window}}]))' })).toThrow(/bad must be a PromQL query with a \{\{window\}\} placeholder/);
    expect(() => Sli.query({ total: 'sum(rate(t[{{window}}]))' })).toThrow(/bad \/ good must be exactly one of them \(got neither\)/);
    expect(() => Sli.eventCounters({ totalMetric: 't', badMetric: 'b', goodMetric: 'g' })).toThrow(/got both/);
  });
});
