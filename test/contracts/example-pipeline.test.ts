import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { Compatibility, SchemaDefinition, SchemaSubject } from '../../lib/contracts';
import { Duration, Secret } from '../../lib/core';
import { CleanupPolicy, DeadLetterTopic, KafkaCluster, SaslMechanism, Topic } from '../../lib/kafka';
import { expectTerraformConforms, synthJson } from '../helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const PLANTED = 'planted-value-9c1e';

/** Topics on both cluster kinds, DLQs, ACLs and BACKWARD subjects: the shape of issue 3's example stack. */
function define(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'retail');
  const onPrem = KafkaCluster.selfManaged({
    bootstrapServers: ['kafka-0.kafka:9093'],
    sasl: { mechanism: SaslMechanism.SCRAM_SHA_512, username: 'terraform', password: Secret.fromTerraformVariable('kafka_password') },
    schemaRegistryUrl: 'http://schema-registry:8081',
  });
  const cloud = KafkaCluster.confluentCloud({
    environmentId: 'env-abc123',
    clusterId: 'lkc-abc123',
    restEndpoint: 'https://pkc-abc123.eu-central-1.aws.confluent.cloud:443',
    bootstrapEndpoint: 'SASL_SSL://pkc-abc123.eu-central-1.aws.confluent.cloud:9092',
    apiKey: Secret.fromTerraformVariable('confluent_api_key'),
    apiSecret: Secret.fromTerraformVariable('confluent_api_secret'),
    schemaRegistry: {
      id: 'lsrc-abc123',
      restEndpoint: 'https://psrc-abc123.eu-central-1.aws.confluent.cloud',
      apiKey: Secret.fromTerraformVariable('confluent_sr_key'),
      apiSecret: Secret.fromTerraformVariable('confluent_sr_secret'),
    },
  });
  for (const [name, cluster] of [['OnPrem', onPrem], ['Cloud', cloud]] as const) {
    const orders = new Topic(stack, `${name}Orders`, {
      cluster,
      topicName: 'inventory-orders-latest',
      cleanupPolicy: CleanupPolicy.COMPACT_DELETE,
      retention: Duration.days(2),
      segment: Duration.hours(1),
      protectFromDestroy: true,
    });
    const dlq = new DeadLetterTopic(stack, `${name}Dlq`, { cluster, source: 'orders-latest' });
    orders.grantWrite('User:orders-latest');
    orders.grantRead('User:analytics', 'analytics');
    dlq.grantWrite('User:orders-latest');
    new SchemaSubject(stack, `${name}OrdersValue`, {
      topic: orders,
      compatibility: Compatibility.BACKWARD,
      schema: SchemaDefinition.avroFile(path.join(FIXTURES, 'orders-v3-compatible.avsc')),
      historyDirectory: path.join(FIXTURES, 'history', 'orders-value'),
      rules: [{ name: 'amount_positive', expression: 'message.amount >= 0', deadLetterTopic: dlq }],
    });
  }
  return stack;
}

describe('a pipeline with topics on both cluster kinds, DLQs, ACLs and BACKWARD subjects', () => {
  test('conforms to the provider schemas', () => {
    const tf = synthJson(define());
    expect(Object.keys(tf.resource).sort()).toEqual(['confluent_kafka_acl', 'confluent_kafka_topic', 'confluent_schema', 'confluent_subject_config', 'kafka_acl', 'kafka_topic']);
    expectTerraformConforms(tf);
  });

  test('synthesizes byte-identically twice', () => {
    expect(Testing.synth(define())).toBe(Testing.synth(define()));
  });

  test('holds no secret value', () => {
    for (const v of ['kafka_password', 'confluent_api_key', 'confluent_api_secret', 'confluent_sr_key', 'confluent_sr_secret']) process.env[`TF_VAR_${v}`] = PLANTED;
    try {
      expect(Testing.synth(define())).not.toContain(PLANTED);
    } finally {
      for (const v of ['kafka_password', 'confluent_api_key', 'confluent_api_secret', 'confluent_sr_key', 'confluent_sr_secret']) delete process.env[`TF_VAR_${v}`];
    }
  });
});
