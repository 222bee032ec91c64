import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { retailPipeline, revenuePipeline } from './fixtures';
import { expectPromtoolTestsPass } from './promtool-rules';
import { Duration } from '../../lib';
import { defineExamples } from '../../stacks/examples';
import { describeWithTool } from '../conformance/shared';

/**
 * Freshness of a pipeline stream is measured from the database commit to the job's output: the
 * connector's capture lag, the job's source lag, and what the job adds by design (an exactly-once
 * sink's checkpoint interval, a window's watermark delay).
 */

function sample(slo: string, rulesYaml: string): string {
  const group = (parse(rulesYaml).groups as any[]).find((g) => g.name === `slo-${slo}`);
  return group.rules.find((r: any) => r.record === 'slo:sli_error:sample').expr;
}

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'retail-prod');
}

describe('stream freshness SLI', () => {
  test('adds the Debezium capture lag of the stream\'s connector to the job\'s source lag; an upsert sink adds no commit wait', () => {
    const { pipeline } = retailPipeline(stack());
    const connector = pipeline.sources.store;
    const expr = sample('inventory-orders_latest-fresh-30s', renderRules(pipeline));
    expect(expr).toContain(`debezium_metrics_MilliSecondsBehindSource{context="streaming",name="${connector.model.topicPrefix}"}`);
    expect(expr).toContain('flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="inventory-orders-latest"}');
    // upsert-kafka writes at least once: rows are visible when written, no checkpoint wait.
    expect(expr).toMatch(/\{job_name="inventory-orders-latest"\}\)\) > bool 30000\)$/);
  });

  test('a window aggregate also counts its watermark delay and its exactly-once sink\'s checkpoint interval', () => {
    const { pipeline } = revenuePipeline(stack(), Duration.minutes(3), Duration.seconds(10));
    const expr = sample('inventory-revenue_per_minute-fresh-3m', renderRules(pipeline));
    // 20 s watermark delay + 10 s checkpoint interval.
    expect(expr).toMatch(/\+ 30000\) > bool 180000\)$/);
  });

  test('Confluent Cloud targets are refused: they publish none of the metrics the SLI reads', () => {
    const { ccStream } = confluentStream();
    expect(() => ccStream.freshnessSlo({ threshold: Duration.seconds(60), objective: 0.99 })).toThrow(
      /\[payments-fraud-prod\/Payments\/stream-payments_latest\] freshnessSlo must be used with self-managed Flink and Kafka Connect.*\(got "Confluent Cloud"\).*Fix: define the SLO on your Confluent Cloud Metrics API export/,
    );
    expect(() => ccStream.availabilitySlo({ objective: 0.999 })).toThrow(/availabilitySlo must be used with self-managed/);
    expect(() => ccStream.completenessSlo({ within: Duration.minutes(2), objective: 0.99 })).toThrow(/completenessSlo must be used with self-managed/);
  });

  test('a Confluent Cloud pipeline gets no system alert on series Confluent Cloud never publishes; its DLQ alerts stay', () => {
    const { ccStream } = confluentStream();
    const rules = renderRules(ccStream.node.scope!);
    expect(rules).not.toMatch(/flink_|kafka_connect_|kafka_consumergroup/);
    expect(rules).toContain('DeadLetterRateAboveNormal');
    expect(rules).toContain('dlq-payments');
  });
});

function renderRules(pipeline: any): string {
  Testing.synth(TerraformStack.of(pipeline));
  return pipeline.alertRules.renderRulesFile();
}

function confluentStream() {
  // The payments example is the Confluent Cloud pipeline: build it and take its first stream.
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cc-')) });
  const stacks: TerraformStack[] = defineExamples(app, { lockDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'locks-')) });
  const cc = stacks.find((s) => s.node.id === 'payments-fraud-prod')!;
  const pipeline: any = cc.node.findAll().find((c: any) => c.constructor.name === 'RealtimePipeline');
  return { ccStream: Object.values<any>(pipeline.streams)[0] };
}

describeWithTool('promtool', 'apt-get install prometheus, or .ci/install-tools', 'stream freshness SLI on the exporters\' series (promtool)', (tool) => {
  test('a minute is bad once capture lag + job lag exceed the threshold; Debezium\'s -1 before its first change counts as no lag', () => {
    const { pipeline } = retailPipeline(stack());
    const prefix = pipeline.sources.store.model.topicPrefix;
    const rules = renderRules(pipeline);
    // The label sets the JMX exporter rules and Flink's reporter publish.
    const debezium = `debezium_metrics_MilliSecondsBehindSource{context="streaming",name="${prefix}",plugin="mysql",task="0"}`;
    const lag = 'flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="inventory-orders-latest",operator_name="Source: orders",subtask_index="0"}';
    const slo = 'inventory-orders_latest-fresh-30s';
    const at = (t: string, v: number) => ({ expr: `slo:sli_error:sample{slo="${slo}"}`, eval_time: t, exp_samples: [{ labels: `slo:sli_error:sample{pipeline="inventory",slo="${slo}",slo_set="streaming/inventory-slos",stream="orders_latest"}`, value: v }] });
    expectPromtoolTestsPass(tool, rules, [
      {
        interval: '1m',
        input_series: [
          // Capture lag -1 (no change seen yet), 5 s, then 29 s and 29.5 s; the job's lag 1 s.
          { series: debezium, values: '-1 5000x8 29000 29500x10' },
          { series: lag, values: '1000x20' },
        ],
        // -1 counts as 0 (1 s); 5 + 1 = 6 s; 29 + 1 = 30 s is not above 30 s; 29.5 + 1 = 30.5 s is.
        promql_expr_test: [at('0m', 0), at('5m', 0), at('10m', 0), at('12m', 1)],
      },
    ]);
  });
});
