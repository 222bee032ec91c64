import { DatasetKind, JobKind, LineageGraph } from '../../lib';

function graph(): LineageGraph {
  const g = new LineageGraph();
  const orders = { namespace: 'mysql://mysql.internal:3306', name: 'store.orders', kind: DatasetKind.TABLE };
  const topic = { namespace: 'kafka://kafka-0.kafka:9092', name: 'store.store.orders', kind: DatasetKind.TOPIC };
  const latest = { namespace: 'kafka://kafka-0.kafka:9092', name: 'inventory.orders_latest', kind: DatasetKind.TOPIC };
  const dlq = { namespace: 'kafka://kafka-0.kafka:9092', name: 'dlq.inventory.orders_latest', kind: DatasetKind.DEAD_LETTER };
  g.addJob({ namespace: 'inventory', name: 'cdc-store', kind: JobKind.CONNECTOR, inputs: [orders], outputs: [topic] });
  g.addJob({ namespace: 'inventory', name: 'orders-latest', kind: JobKind.FLINK, inputs: [topic], outputs: [latest, dlq] });
  return g;
}

describe('LineageGraph', () => {
  test('emits one OpenLineage JobEvent per job with inputs and outputs', () => {
    const events = graph().toOpenLineage();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      schemaURL: expect.stringMatching(/JobEvent$/),
      job: { namespace: 'inventory', name: 'orders-latest', facets: { jobType: { processingType: 'STREAMING', integration: 'FLINK' } } },
      inputs: [{ namespace: 'kafka://kafka-0.kafka:9092', name: 'store.store.orders' }],
      outputs: [
        { namespace: 'kafka://kafka-0.kafka:9092', name: 'inventory.orders_latest' },
        { namespace: 'kafka://kafka-0.kafka:9092', name: 'dlq.inventory.orders_latest' },
      ],
    });
    expect(events[0].eventTime).toBe('1970-01-01T00:00:00.000Z');
  });

  test('shares datasets between jobs', () => {
    expect(graph().datasets.map((d) => d.name)).toEqual([
      'store.orders',
      'store.store.orders',
      'inventory.orders_latest',
      'dlq.inventory.orders_latest',
    ]);
  });

  test('draws a Mermaid flowchart with an edge per read and write', () => {
    const m = graph().toMermaid();
    expect(m.startsWith('flowchart LR\n')).toBe(true);
    expect(m).toContain('d0[("store.orders")]');
    expect(m).toContain('d0 --> j0');
    expect(m).toContain('j1 --> d3');
  });

  test('draws a DOT digraph', () => {
    const dot = graph().toDot();
    expect(dot).toContain('d3 [label="dlq.inventory.orders_latest", shape=note, color="firebrick"];');
    expect(dot).toContain('j1 -> d2;');
  });

  test('refuses two jobs with one name', () => {
    const g = graph();
    expect(() => g.addJob({ namespace: 'inventory', name: 'cdc-store', kind: JobKind.CONNECTOR, inputs: [], outputs: [] })).toThrow(
      /unique per namespace/,
    );
  });
});
