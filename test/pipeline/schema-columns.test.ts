import { TerraformStack, Testing } from 'cdktf';
import { ORDER_COLUMNS } from './fixtures';
import { CdcSource, Duration, KafkaCluster, RealtimePipeline, SchemaDefinition, Secret, Stream } from '../../lib';

/** A stream's declared schema against the columns its job writes, in the format it writes them. */
function pipelineWith(schema: SchemaDefinition, schemaRegistryUrl?: string) {
  const stack = new TerraformStack(Testing.app(), 'retail-prod');
  const p = new RealtimePipeline(stack, 'Inventory', {
    cluster: KafkaCluster.selfManaged({ bootstrapServers: ['k:9092'], tls: false, schemaRegistryUrl }),
    kubernetes: { namespace: 'streaming', flinkStateStorageUri: 's3://b/f', flinkImage: 'registry.example.com/flink-sql:1.20' },
    disableLock: true,
  });
  const store = p.addCdcSource('store', CdcSource.mysql({ hostname: 'h', user: 'u', password: Secret.fromKubernetesSecret('s', 'p'), serverId: 1, tables: ['store.orders'] }));
  return () => p.addStream('orders_latest', Stream.latestByKey({
    from: store.table('store.orders'), columns: ORDER_COLUMNS, key: ['order_id'], eventTime: 'event_time', watermarkDelay: Duration.seconds(5), schema,
  }));
}

const json = (props: Record<string, unknown>, required: string[] = ['order_id']) =>
  SchemaDefinition.jsonSchema(JSON.stringify({ type: 'object', properties: props, required }));

const GOOD = {
  order_id: { type: 'integer' },
  customer_id: { type: ['integer', 'null'] },
  amount: { type: ['number', 'null'] },
  status: { type: ['string', 'null'] },
  event_time: { type: ['string', 'null'] },
};

describe('a stream\'s schema describes what its job writes', () => {
  test('a JSON Schema that matches Flink\'s json format passes', () => {
    expect(pipelineWith(json(GOOD))).not.toThrow();
  });

  test('a DECIMAL column declared a string is refused: Flink writes a JSON number', () => {
    expect(pipelineWith(json({ ...GOOD, amount: { type: ['string', 'null'] } }))).toThrow(
      /\[retail-prod\/Inventory\/stream-orders_latest\] schema must be a description of the columns the job writes \(got "1 difference\(s\): column amount DECIMAL\(12, 2\) is written as a JSON number, the schema says string"\)\. Fix: change the schema/,
    );
  });

  test('a nullable column whose type forbids null, a column the schema lacks, a required property nobody writes', () => {
    const { status: _status, ...withoutStatus } = GOOD;
    let message = '';
    try {
      pipelineWith(json({ ...withoutStatus, customer_id: { type: 'integer' }, region: { type: 'string' } }, ['order_id', 'region']))();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/3 difference\(s\)/);
    expect(message).toMatch(/column customer_id is nullable and written as null when empty, the schema's type does not allow null/);
    expect(message).toMatch(/column status STRING is written, the schema has no property status/);
    expect(message).toMatch(/the schema requires region, which the job does not write/);
  });

  test('an Avro schema for a stream that writes JSON is refused, naming what the output is', () => {
    const avro = SchemaDefinition.avro(JSON.stringify({ type: 'record', name: 'O', fields: [{ name: 'order_id', type: 'long' }] }));
    expect(pipelineWith(avro)).toThrow(/schema must be a JSON Schema: the job writes JSON \(the source connector writes JSON; Avro output needs Avro change events and a schema registry\) \(got "an Avro schema"\)/);
  });

  test('on an Avro stream, the Avro types Flink\'s avro-confluent format writes', () => {
    const record = (amount: unknown, eventTime: unknown = ['null', { type: 'long', logicalType: 'timestamp-millis' }]) => SchemaDefinition.avro(JSON.stringify({
      type: 'record',
      name: 'OrderLatest',
      fields: [
        { name: 'order_id', type: 'long' },
        { name: 'customer_id', type: ['null', 'long'], default: null },
        { name: 'amount', type: amount, default: null },
        { name: 'status', type: ['null', 'string'], default: null },
        { name: 'event_time', type: eventTime, default: null },
      ],
    }));
    const registry = 'http://registry.streaming:8081';
    expect(pipelineWith(record(['null', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }]), registry)).not.toThrow();
    expect(pipelineWith(record(['null', 'string']), registry)).toThrow(/column amount DECIMAL\(12, 2\) is written as bytes decimal\(12, 2\), the schema says string/);
    expect(pipelineWith(record(['null', { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 }]), registry)).toThrow(/the schema says bytes decimal\(10, 2\)/);
    expect(pipelineWith(record(['null', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }], ['null', 'long']), registry)).toThrow(
      /column event_time TIMESTAMP\(3\) is written as long timestamp-millis, the schema says long/,
    );
  });
});
