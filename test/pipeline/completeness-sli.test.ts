import { TerraformStack, Testing } from 'cdktf';
import { retailPipeline } from './fixtures';
import { expectPromtoolTestsPass } from './promtool-rules';
import { describeWithTool } from '../conformance/shared';

/**
 * Completeness of a pipeline stream on kafka_exporter's series: of the records written to the
 * source topic over the window two minutes earlier, the share the job's consumer group has
 * committed now.
 */

const WRITTEN = 'kafka_topic_partition_current_offset{topic="store.store.orders",partition="0"}';
const COMMITTED = 'kafka_consumergroup_current_offset{consumergroup="inventory-orders-latest",topic="store.store.orders",partition="0"}';
const SLO = 'inventory-orders_latest-complete-2m';
const LABELS = `{pipeline="inventory",slo="${SLO}",slo_set="streaming/inventory-slos",stream="orders_latest"}`;

function errorAt(t: string, value: number) {
  return { expr: `slo:sli_error:ratio_rate5m{slo="${SLO}"}`, eval_time: t, exp_samples: [{ labels: `slo:sli_error:ratio_rate5m${LABELS}`, value }] };
}

describeWithTool('promtool', 'apt-get install prometheus, or .ci/install-tools', 'stream completeness SLI (promtool)', (tool) => {
  test('a brand-new consumer group\'s first commit counts; a job that stops committing reads as missing records', () => {
    const s = new TerraformStack(Testing.app(), 'retail-prod');
    const { pipeline } = retailPipeline(s);
    Testing.synth(s);
    expectPromtoolTestsPass(tool, pipeline.alertRules!.renderRulesFile(), [
      {
        // Ten records a minute from the start; the group's first commit comes at minute 5 (a new
        // deployment), then it keeps up. An advance of the committed offset would miss the first
        // jump from nothing to 50 and read 40 % of the records as missing at minute 8.
        interval: '1m',
        input_series: [
          { series: WRITTEN, values: '0+10x30' },
          { series: COMMITTED, values: '_x4 50+10x25' },
        ],
        promql_expr_test: [errorAt('8m', 0), errorAt('12m', 0), errorAt('20m', 0)],
      },
      {
        // The job stops committing at minute 10 (offset 100): from then on the window's records are missing.
        interval: '1m',
        input_series: [
          { series: WRITTEN, values: '0+10x30' },
          { series: COMMITTED, values: '0+10x10 100x20' },
        ],
        promql_expr_test: [errorAt('9m', 0), errorAt('18m', 1)],
      },
    ]);
  });
});
