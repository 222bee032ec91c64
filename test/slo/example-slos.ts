import { Duration, Sli, Slo, SloPeriod } from '../../lib';

/** The example stack's SLOs (the retail inventory pipeline). */
export function exampleSlos(): Slo[] {
  const subject = { pipeline: 'inventory', stream: 'orders_latest' };
  const runbookUrl = 'https://runbooks.example.com/inventory/orders-latest';
  const fresh = Sli.flinkEventTimeLag({ jobName: 'orders-latest' });
  return [
    Slo.freshness({ name: 'orders-fresh-30s', objective: 0.95, threshold: Duration.seconds(30), sli: fresh, subject, runbookUrl, labels: { team: 'data-platform' } }),
    Slo.freshness({ name: 'orders-fresh-120s', objective: 0.99, threshold: Duration.seconds(120), sli: fresh, subject, runbookUrl }),
    Slo.completeness({
      name: 'orders-complete-2m',
      objective: 0.995,
      within: Duration.minutes(2),
      sli: Sli.topicOffsets({ expectedTopic: 'store.orders', arrivedTopic: 'orders_latest' }),
      subject,
      runbookUrl,
    }),
    Slo.accuracy({
      name: 'orders-row-parity',
      objective: 0.999,
      reconciliationInterval: Duration.minutes(15),
      sli: Sli.reconciliation({ selector: { stream: 'orders_latest' } }),
      subject,
      runbookUrl,
    }),
  ];
}

/** Event-based freshness from a histogram ("share of events fresher than 30 s"). */
export function histogramFreshnessSlo(period = SloPeriod.thirtyDays()): Slo {
  return Slo.freshness({
    name: 'payments-fresh-30s',
    objective: 0.95,
    threshold: Duration.seconds(30),
    period,
    sli: Sli.histogram({ metric: 'payments_event_age_seconds', selector: { stream: 'payments' } }),
    subject: { pipeline: 'fraud', stream: 'payments' },
    runbookUrl: 'https://runbooks.example.com/fraud/payments',
  });
}

/** One SLO of every kind and SLI source, so every renderer path is exercised. */
export function everyKindOfSlo(): Slo[] {
  const subject = { pipeline: 'inventory', stream: 'orders_latest' };
  return [
    ...exampleSlos(),
    histogramFreshnessSlo(),
    Slo.latency({ name: 'cdc-p95', hop: 'cdc', objective: 0.95, threshold: Duration.seconds(5), sli: Sli.debeziumLag({ topicPrefix: 'store' }), subject, period: SloPeriod.twentyEightDays() }),
    Slo.latency({
      name: 'sink-p95',
      hop: 'sink',
      objective: 0.95,
      threshold: Duration.millis(1500),
      sli: Sli.gauge({ metric: 'sink_write_latency_ms', selector: { sink: 'warehouse' }, unit: Duration.millis(1) }),
      subject,
      period: SloPeriod.sevenDays(),
    }),
    Slo.availability({ name: 'inventory-up', objective: 0.999, sli: Sli.running({ flinkJobName: 'orders-latest', connectorName: 'store-cdc' }), subject }),
    Slo.availability({ name: 'inventory-slos-met', objective: 0.99, sli: Sli.slosMet({ slos: exampleSlos() }), subject: { pipeline: 'inventory' } }),
    Slo.freshness({
      name: 'orders-fresh-counters',
      objective: 0.98,
      threshold: Duration.seconds(30),
      sli: Sli.eventCounters({ totalMetric: 'orders_events_total', badMetric: 'data_freshness_violation_total', selector: { stream: 'orders_latest' } }),
      subject,
    }),
    Slo.custom({
      name: 'orders-gate-pass',
      objective: 0.99,
      sli: Sli.query({ good: 'sum(rate(gate_passed_total{stream="orders_latest"}[{{window}}]))', total: 'sum(rate(gate_checked_total{stream="orders_latest"}[{{ .window }}]))' }),
      subject,
      alertOnStall: false,
    }),
  ];
}
