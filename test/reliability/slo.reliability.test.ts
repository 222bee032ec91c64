import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { dnsLabel, duration, hostileNumber, hostileString, identifier, intLike, Lazy, make, nameLike, opt, rarely, url } from './arbitraries';
import { params, synthOrRefuse, Tally, timeout } from './harness';
import { Duration } from '../../lib/core';
import { Sli, Slo, SloAlertRules, SloPeriod } from '../../lib/slo';
import { describeWithTool } from '../conformance/shared';
import { promtool, unparsableExpressions } from '../slo/validators';

/** Label values: mostly plain, sometimes with quotes, backslashes, braces and newlines (PromQL injection). */
const labelValue = fc.oneof({ weight: 8, arbitrary: dnsLabel }, { weight: 1, arbitrary: fc.constantFrom('a"b', 'a\\b', '}', 'a\nb', "it's", '.*', '') }, { weight: 1, arbitrary: hostileString });
const selector = rarely(fc.dictionary(nameLike(identifier), labelValue, { maxKeys: 2 }), 2);
const metric = nameLike(identifier.map((m) => `${m}_total`));

const unit = rarely(duration);

const sli: fc.Arbitrary<Lazy<Sli>> = fc.oneof(
  fc.record({ jobName: nameLike(dnsLabel), operatorName: rarely(nameLike(dnsLabel)) }).map((o) => ({ describe: `flinkEventTimeLag ${JSON.stringify(o)}`, make: () => Sli.flinkEventTimeLag(o) })),
  fc.record({ topicPrefix: nameLike(dnsLabel) }).map((o) => ({ describe: `debeziumLag ${JSON.stringify(o)}`, make: () => Sli.debeziumLag(o) })),
  fc.record({ metric, selector, unit }).map((o) => ({ describe: `gauge ${JSON.stringify(o)}`, make: () => Sli.gauge({ ...o, unit: make(o.unit) }) })),
  fc.record({ metric, selector, unit }).map((o) => ({ describe: `histogram ${JSON.stringify(o)}`, make: () => Sli.histogram({ ...o, unit: make(o.unit) }) })),
  fc.record({ totalMetric: metric, badMetric: opt(metric), selector }).map((o) => ({ describe: `eventCounters ${JSON.stringify(o)}`, make: () => Sli.eventCounters(o) })),
  fc.record({ expectedTopic: nameLike(dnsLabel), arrivedTopic: nameLike(dnsLabel) }).map((o) => ({ describe: `topicOffsets ${JSON.stringify(o)}`, make: () => Sli.topicOffsets(o) })),
  fc.record({ selector }).map((o) => ({ describe: `reconciliation ${JSON.stringify(o)}`, make: () => Sli.reconciliation(o) })),
  fc.record({ flinkJobName: opt(nameLike(dnsLabel)), connectorName: opt(nameLike(dnsLabel)) }).map((o) => ({ describe: `running ${JSON.stringify(o)}`, make: () => Sli.running(o) })),
  fc.record({ total: fc.constantFrom('sum(rate(x_total[{{.window}}]))', 'sum(rate(x_total[5m]))', ''), bad: opt(fc.constantFrom('sum(rate(x_bad_total[{{.window}}]))', 'sum(rate(', '')) }).map((o) => ({ describe: `query ${JSON.stringify(o)}`, make: () => Sli.query(o) })),
);

const objective = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(0.9, 0.95, 0.99, 0.995, 0.999) },
  { weight: 2, arbitrary: fc.double({ min: 0.5, max: 0.9999, noNaN: true }) },
  { weight: 1, arbitrary: hostileNumber },
);

const period = opt(
  fc.oneof(
    fc.constant({ describe: '30d', make: () => SloPeriod.thirtyDays() }),
    fc.constant({ describe: '28d', make: () => SloPeriod.twentyEightDays() }),
    fc.constant({ describe: '7d', make: () => SloPeriod.sevenDays() }),
    intLike(1, 90).map((n) => ({ describe: `ofDays(${n})`, make: () => SloPeriod.ofDays(n) })),
  ) as fc.Arbitrary<Lazy<SloPeriod>>,
);

const sloDef = fc.record({
  kind: fc.constantFrom('freshness', 'latency', 'completeness', 'accuracy', 'availability', 'custom'),
  name: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('orders-fresh', 'orders-complete', 'cdc-p95') }, { weight: 10, arbitrary: dnsLabel }, { weight: 1, arbitrary: hostileString }),
  objective,
  sli,
  period,
  description: opt(fc.oneof(fc.string({ maxLength: 40 }), hostileString)),
  subject: rarely(fc.dictionary(nameLike(identifier), labelValue, { maxKeys: 2 }), 2),
  labels: rarely(fc.dictionary(nameLike(identifier), labelValue, { maxKeys: 2 })),
  runbookUrl: opt(url),
  pageSeverity: rarely(nameLike(dnsLabel)),
  ticketSeverity: rarely(nameLike(dnsLabel)),
  missingDataAfter: rarely(duration),
  alertOnStall: opt(fc.boolean()),
  threshold: duration,
  hop: nameLike(dnsLabel),
});

function buildSlo(d: any): Slo {
  const base = {
    name: d.name,
    objective: d.objective,
    sli: d.sli.make(),
    period: make<SloPeriod>(d.period),
    description: d.description,
    subject: d.subject,
    labels: d.labels,
    runbookUrl: d.runbookUrl,
    pageSeverity: d.pageSeverity,
    ticketSeverity: d.ticketSeverity,
    missingDataAfter: make<Duration>(d.missingDataAfter),
    alertOnStall: d.alertOnStall,
  };
  switch (d.kind) {
    case 'freshness':
      return Slo.freshness({ ...base, threshold: d.threshold.make() });
    case 'latency':
      return Slo.latency({ ...base, threshold: d.threshold.make(), hop: d.hop });
    case 'completeness':
      return Slo.completeness({ ...base, within: d.threshold.make() });
    case 'accuracy':
      return Slo.accuracy({ ...base, reconciliationInterval: d.threshold.make() });
    case 'availability':
      return Slo.availability(base);
    default:
      return Slo.custom(base);
  }
}

const system = rarely(
  fc.record({
    flinkJobs: opt(fc.array(nameLike(dnsLabel), { maxLength: 2 })),
    connectors: opt(fc.array(nameLike(dnsLabel), { maxLength: 2 })),
    consumerGroups: opt(fc.array(nameLike(dnsLabel), { maxLength: 2 })),
    dlqTopics: opt(fc.array(nameLike(dnsLabel), { maxLength: 2 })),
    consumerLagMessages: opt(intLike(1, 1_000_000)),
  }),
  2,
);

describe('SLOs under generated input', () => {
  test('any set of SLOs of every kind synthesizes a conforming PrometheusRule whose expressions parse, or is refused with a ValidationError', () => {
    const tally = new Tally();
    let parsedGroups = 0;
    fc.assert(
      fc.property(
        fc.array(sloDef, { minLength: 1, maxLength: 3 }),
        system,
        fc.record({
          name: opt(nameLike(dnsLabel)),
          namespace: opt(nameLike(dnsLabel)),
          dashboard: opt(fc.boolean()),
          ruleLabels: rarely(fc.dictionary(nameLike(identifier), labelValue, { maxKeys: 2 })),
        }),
        (defs, systemAlerts, options) => {
          let rules: SloAlertRules | undefined;
          const outcome = synthOrRefuse((stack) => {
            rules = new SloAlertRules(stack, 'Slos', { slos: defs.map(buildSlo), systemAlerts, ...options });
          });
          tally.record(outcome);
          if (outcome.ok) {
            expect(unparsableExpressions(rules!.ruleGroups)).toEqual([]);
            parsedGroups += rules!.ruleGroups.length;
          }
        },
      ),
      params(300),
    );
    tally.report('slo');
    expect(parsedGroups).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, timeout(300, 60));
});

describeWithTool('promtool', 'run .ci/install-tools', 'generated SLO sets under promtool', (tool) => {
  test('every accepted generated set, mixing kinds, periods and labels, passes `promtool check rules` (duplicate-rule lint included)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-sets-'));
    const files: string[] = [];
    const sets = fc.sample(fc.tuple(fc.array(sloDef, { minLength: 1, maxLength: 5 }), system), { numRuns: 1000, seed: 20261125 });
    sets.forEach(([defs, systemAlerts], i) => {
      let rules: SloAlertRules | undefined;
      const outcome = synthOrRefuse((stack) => {
        rules = new SloAlertRules(stack, 'Slos', { slos: defs.map(buildSlo), systemAlerts });
      });
      if (!outcome.ok) return;
      files.push(`set-${i}.rules.yaml`);
      fs.writeFileSync(path.join(dir, files[files.length - 1]), rules!.renderRulesFile());
    });
    expect(files.length).toBeGreaterThan(80);
    // One promtool process for all files: it reports each file on its own.
    const r = promtool(tool, ['check', 'rules', '--lint-fatal', ...files], dir);
    const failed = r.output.split(/\n(?=Checking )/).filter((block) => !/SUCCESS: \d+ rules found/.test(block));
    expect(failed).toEqual([]);
    expect(r.status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, timeout(120, 30));
});
