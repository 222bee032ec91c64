import { App, TerraformStack } from 'cdktf';
import { confluent, kafka } from '../lib';

/**
 * The example stacks, shared by `cdktf synth` (stacks/main.ts) and the test suite, so every example
 * that ships is also synthesized and checked by `npm test`.
 */
export function defineExamples(app: App): TerraformStack[] {
  const selfManaged = new TerraformStack(app, 'topics-self-managed');
  new kafka.provider.KafkaProvider(selfManaged, 'kafka', { bootstrapServers: ['kafka-0.kafka:9092'], tlsEnabled: false });
  new kafka.topic.Topic(selfManaged, 'orders', {
    name: 'store.orders',
    partitions: 6,
    replicationFactor: 3,
    config: { 'min.insync.replicas': '2', 'retention.ms': '172800000' },
  });

  const cloud = new TerraformStack(app, 'topics-confluent-cloud');
  new confluent.provider.ConfluentProvider(cloud, 'confluent', {});
  new confluent.kafkaTopic.KafkaTopic(cloud, 'payments', {
    topicName: 'payments.transactions',
    partitionsCount: 6,
    kafkaCluster: { id: 'lkc-abc123' },
    restEndpoint: 'https://pkc-abc123.eu-west-1.aws.confluent.cloud:443',
    config: { 'retention.ms': '172800000' },
  });
  return [selfManaged, cloud];
}
