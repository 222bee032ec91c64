import { TerraformSchemaChecker } from './terraform-schema';

const checker = TerraformSchemaChecker.forProjectProviders();

function topicStack(topic: Record<string, unknown>): any {
  return {
    terraform: { required_providers: { kafka: { source: 'mongey/kafka', version: '0.13.1' } } },
    provider: { kafka: [{ bootstrap_servers: ['k:9092'] }] },
    resource: { kafka_topic: { orders: topic } },
  };
}

const validTopic = { name: 'orders', partitions: 3, replication_factor: 3, config: { 'retention.ms': '1000' } };

describe('TerraformSchemaChecker', () => {
  test('accepts a block that matches the provider schema', () => {
    expect(checker.check(topicStack(validTopic))).toEqual([]);
  });

  test('reports an unknown attribute', () => {
    const v = checker.check(topicStack({ ...validTopic, replication: 3 }));
    expect(v).toEqual([{ address: 'resource.kafka_topic.orders.replication', message: 'unknown attribute or block "replication"' }]);
  });

  test('reports a missing required attribute', () => {
    const { partitions, ...rest } = validTopic;
    void partitions;
    const v = checker.check(topicStack(rest));
    expect(v).toEqual([{ address: 'resource.kafka_topic.orders.partitions', message: 'required attribute is missing' }]);
  });

  test('reports an attribute of the wrong type, and accepts expressions for any type', () => {
    expect(checker.check(topicStack({ ...validTopic, partitions: 'three' }))).toEqual([
      { address: 'resource.kafka_topic.orders.partitions', message: 'expected number, got string "three"' },
    ]);
    expect(checker.check(topicStack({ ...validTopic, config: ['retention.ms=1'] }))[0].message).toMatch(/expected map/);
    expect(checker.check(topicStack({ ...validTopic, partitions: '${var.partitions}' }))).toEqual([]);
  });

  test('reports a read-only attribute that is set', () => {
    const tf = {
      terraform: { required_providers: { confluent: { source: 'confluentinc/confluent' } } },
      provider: { confluent: [{}] },
      resource: {
        confluent_kafka_cluster: {
          c: {
            display_name: 'c',
            availability: 'SINGLE_ZONE',
            cloud: 'AWS',
            region: 'eu-west-1',
            environment: { id: 'env-1' },
            basic: {},
            bootstrap_endpoint: 'SASL_SSL://x:9092',
          },
        },
      },
    };
    expect(checker.check(tf)).toEqual([
      { address: 'resource.confluent_kafka_cluster.c.bootstrap_endpoint', message: 'read-only (computed) attribute must not be set' },
    ]);
  });

  test('reports missing required blocks and too many blocks', () => {
    const connector = (body: any) => ({ resource: { confluent_connector: { c: { config_nonsensitive: { a: 'b' }, ...body } } } });
    expect(checker.check(connector({ environment: { id: 'env-1' } }))).toEqual([
      { address: 'resource.confluent_connector.c.kafka_cluster', message: 'required block is missing (min_items 1)' },
    ]);
    const twice = connector({ environment: { id: 'env-1' }, kafka_cluster: [{ id: 'a' }, { id: 'b' }] });
    expect(checker.check(twice)).toEqual([
      { address: 'resource.confluent_connector.c.kafka_cluster', message: 'allows at most 1 block(s), got 2' },
    ]);
  });

  test('reports unknown attributes inside nested blocks', () => {
    const tf = {
      resource: { confluent_kafka_topic: { t: { topic_name: 't', kafka_cluster: { id: 'a', name: 'x' } } } },
    };
    expect(checker.check(tf)).toEqual([
      { address: 'resource.confluent_kafka_topic.t.kafka_cluster.name', message: 'unknown attribute or block "name"' },
    ]);
  });

  test('reports unknown resource types and providers without a schema unless allowed', () => {
    const tf = {
      terraform: { required_providers: { kubernetes: { source: 'hashicorp/kubernetes' } } },
      provider: { kubernetes: [{}] },
      resource: { kubernetes_manifest: { m: { manifest: {} } }, kafka_topik: { x: {} } },
    };
    expect(checker.check(tf).map((v) => v.address)).toEqual(['provider.kubernetes', 'resource.kubernetes_manifest', 'resource.kafka_topik']);
    expect(checker.check(tf, { allowTypesWithoutSchema: ['kubernetes_manifest'] }).map((v) => v.address)).toEqual([
      'resource.kafka_topik',
    ]);
  });

  test('checks provider configuration blocks', () => {
    const tf = topicStack(validTopic);
    tf.provider.kafka[0].bootstrap_server = 'x';
    expect(checker.check(tf)).toEqual([{ address: 'provider.kafka[0].bootstrap_server', message: 'unknown attribute or block "bootstrap_server"' }]);
  });
});
