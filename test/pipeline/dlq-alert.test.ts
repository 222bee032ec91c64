import { TerraformStack, Testing } from 'cdktf';
import { retailPipeline } from './fixtures';
import { expectPromtoolTestsPass } from './promtool-rules';
import { describeWithTool } from '../conformance/shared';

/**
 * DeadLetterRateAboveNormal on kafka_exporter's offsets of the pipeline's DLQ: a burst of rejected
 * rows fires it, also in a topic's first half hour; a steady rate does not.
 */

const DLQ = 'kafka_topic_partition_current_offset{topic="dlq-inventory.orders_latest",partition="0"}';

function firingAt(t: string, expected: 0 | 1) {
  return {
    expr: 'count(ALERTS{alertname="DeadLetterRateAboveNormal",alertstate="firing"}) or vector(0)',
    eval_time: t,
    exp_samples: [{ labels: '{}', value: expected }],
  };
}

describeWithTool('promtool', 'apt-get install prometheus, or .ci/install-tools', 'DLQ rate alert (promtool)', (tool) => {
  test('a burst fires it after its hold, also minutes after deploy; a steady rate, however high, does not', () => {
    const s = new TerraformStack(Testing.app(), 'retail-prod');
    const { pipeline } = retailPipeline(s);
    Testing.synth(s);
    const tests = [
      {
        // Two rejected rows at minute 5, then 300 at minute 21 (the rehearsal's flood). rate() over
        // [1d] divides by the whole day, so a young topic's baseline stays small: the burst fires
        // once it has lasted the 5-minute hold.
        interval: '1m',
        input_series: [{ series: DLQ, values: '0x4 2x15 302x20' }],
        promql_expr_test: [firingAt('19m', 0), firingAt('24m', 0), firingAt('26m', 1)],
      },
      {
        // A brand-new topic whose first minutes are a burst: no history to compare, the minimum applies.
        interval: '1m',
        input_series: [{ series: DLQ, values: '0 100+100x10' }],
        promql_expr_test: [firingAt('5m', 0), firingAt('7m', 1)],
      },
      {
        // Six rejected rows per minute (0.1/s) for two days: normal for this topic, never fires.
        interval: '1m',
        input_series: [{ series: DLQ, values: '0+6x2880' }],
        promql_expr_test: [firingAt('1d', 0), firingAt('47h', 0)],
      },
      {
        // Below the minimum rate (one row a minute) in a topic with no history: quiet.
        interval: '1m',
        input_series: [{ series: DLQ, values: '0+1x60' }],
        promql_expr_test: [firingAt('30m', 0), firingAt('59m', 0)],
      },
    ];
    expectPromtoolTestsPass(tool, pipeline.alertRules!.renderRulesFile(), tests);
  });
});
