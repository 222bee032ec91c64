import { Duration, FreshnessBudget } from '../../lib';

const hops = [
  { stage: 'CDC store', setting: 'poll.interval.ms', delay: Duration.millis(500) },
  { stage: 'Flink orders_latest', setting: 'watermark delay', delay: Duration.seconds(5) },
  { stage: 'Flink orders_latest', setting: 'checkpoint interval (exactly-once sink, read_committed)', delay: Duration.seconds(10) },
];

describe('FreshnessBudget', () => {
  test('sums the hops and compares with the threshold', () => {
    const r = FreshnessBudget.evaluate('orders fresher than 30s', Duration.seconds(30), hops);
    expect(r.total.toMilliseconds()).toBe(15_500);
    expect(r.withinBudget).toBe(true);
    expect(FreshnessBudget.evaluate('x', Duration.seconds(15), hops).withinBudget).toBe(false);
    expect(FreshnessBudget.evaluate('x', Duration.millis(15_500), hops).withinBudget).toBe(true);
  });

  test('renders the table with the total and the margin', () => {
    const md = FreshnessBudget.toMarkdown([FreshnessBudget.evaluate('orders fresher than 30s', Duration.seconds(30), hops)]);
    expect(md).toContain('| Flink orders_latest | watermark delay | 5 s |');
    expect(md).toContain('| **total** | | **15.500 s** |');
    expect(md).toContain('| margin | | 14.500 s |');
    expect(md).toContain('within budget');
  });

  test('over budget fails with the table, naming the SLO, the limit and the total', () => {
    const r = FreshnessBudget.evaluate('orders fresher than 10s', Duration.seconds(10), hops);
    expect(() => FreshnessBudget.assertWithin('prod/Inventory', [r])).toThrow(
      /\[prod\/Inventory\] freshness budget of SLO "orders fresher than 10s" must be <= the threshold 10 s \(got 15.500 s\)[\s\S]*\| margin \| \| -5.500 s \|/,
    );
  });
});
