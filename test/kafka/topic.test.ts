import { AnnotationMetadataEntryType, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { CdcSource } from '../../lib/cdc';
import { Duration, Secret, Size } from '../../lib/core';
import { FlinkTable, SqlType } from '../../lib/flink';
import {
  CleanupPolicy,
  CompressionType,
  DeadLetterTopic,
  DlqHeaders,
  KafkaCluster,
  KafkaClusterKind,
  SaslMechanism,
  Topic,
} from '../../lib/kafka';
import { PipelineEnvironment, RealtimePipeline, Stream } from '../../lib/pipeline';
import { describeWithCrds } from '../conformance/shared';
import { expectTerraformConforms, expectValidCustomResource, kubernetesManifests, synthJson } from '../helpers';

const PLANTED = 'planted-secret-value-7f3a';

function selfManaged() {
  return KafkaCluster.selfManaged({
    bootstrapServers: ['kafka-0.kafka:9093', 'kafka-1.kafka:9093'],
    sasl: { mechanism: SaslMechanism.SCRAM_SHA_512, username: 'terraform', password: Secret.fromTerraformVariable('kafka_password') },
  });
}

function confluent() {
  return KafkaCluster.confluentCloud({
    environmentId: 'env-abc123',
    clusterId: 'lkc-abc123',
    restEndpoint: 'https://pkc-abc123.eu-central-1.aws.confluent.cloud:443',
    bootstrapEndpoint: 'SASL_SSL://pkc-abc123.eu-central-1.aws.confluent.cloud:9092',
    apiKey: Secret.fromTerraformVariable('confluent_kafka_api_key'),
    apiSecret: Secret.fromTerraformVariable('confluent_kafka_api_secret'),
    schemaRegistry: {
      id: 'lsrc-abc123',
      restEndpoint: 'https://psrc-abc123.eu-central-1.aws.confluent.cloud',
      apiKey: Secret.fromTerraformVariable('confluent_sr_api_key'),
      apiSecret: Secret.fromTerraformVariable('confluent_sr_api_secret'),
    },
  });
}

function warnings(c: IConstruct): string[] {
  return c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
}

function newStack() {
  return new TerraformStack(Testing.app(), 'test');
}

function only(tf: any, type: string): any {
  const resources = Object.values<any>(tf.resource?.[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('KafkaCluster', () => {
  test('a self-managed cluster configures the kafka provider once, with the SASL password from a sensitive variable', () => {
    const stack = newStack();
    const cluster = selfManaged();
    new Topic(stack, 'a', { cluster, topicName: 'orders' });
    new Topic(stack, 'b', { cluster, topicName: 'payments' });
    const tf = synthJson(stack);
    expect(tf.provider.kafka).toEqual([
      {
        bootstrap_servers: ['kafka-0.kafka:9093', 'kafka-1.kafka:9093'],
        sasl_mechanism: 'scram-sha512',
        sasl_password: '${var.kafka_password}',
        sasl_username: 'terraform',
        tls_enabled: true,
      },
    ]);
    expect(tf.variable.kafka_password).toMatchObject({ sensitive: true, type: 'string' });
    expect(cluster.kind).toBe(KafkaClusterKind.SELF_MANAGED);
    expect(cluster.bootstrapServers).toEqual(['kafka-0.kafka:9093', 'kafka-1.kafka:9093']);
    expectTerraformConforms(tf);
  });

  test('a Confluent Cloud cluster configures the confluent provider with cluster and registry settings as variables', () => {
    const stack = newStack();
    const cluster = confluent();
    new Topic(stack, 'a', { cluster, topicName: 'orders' });
    const tf = synthJson(stack);
    expect(tf.provider.confluent).toEqual([
      {
        kafka_api_key: '${var.confluent_kafka_api_key}',
        kafka_api_secret: '${var.confluent_kafka_api_secret}',
        kafka_id: 'lkc-abc123',
        kafka_rest_endpoint: 'https://pkc-abc123.eu-central-1.aws.confluent.cloud:443',
        schema_registry_api_key: '${var.confluent_sr_api_key}',
        schema_registry_api_secret: '${var.confluent_sr_api_secret}',
        schema_registry_id: 'lsrc-abc123',
        schema_registry_rest_endpoint: 'https://psrc-abc123.eu-central-1.aws.confluent.cloud',
      },
    ]);
    expect(cluster.bootstrapServers).toEqual(['pkc-abc123.eu-central-1.aws.confluent.cloud:9092']);
    expect(cluster.schemaRegistryUrl).toBe('https://psrc-abc123.eu-central-1.aws.confluent.cloud');
    expect(cluster.clusterId).toBe('lkc-abc123');
    expect(cluster.environmentId).toBe('env-abc123');
    expectTerraformConforms(tf);
  });

  test('two self-managed clusters in one stack get an aliased second provider', () => {
    const stack = newStack();
    const a = KafkaCluster.selfManaged({ bootstrapServers: ['a:9092'] });
    const b = KafkaCluster.selfManaged({ bootstrapServers: ['b:9092'], tls: false });
    new Topic(stack, 'a', { cluster: a, topicName: 'orders' });
    new Topic(stack, 'b', { cluster: b, topicName: 'orders' });
    const tf = synthJson(stack);
    expect(tf.provider.kafka).toHaveLength(2);
    expect(tf.provider.kafka[1]).toMatchObject({ alias: 'kafka_2', bootstrap_servers: ['b:9092'], tls_enabled: false });
    const providers = Object.values<any>(tf.resource.kafka_topic).map((t) => t.provider);
    expect(providers.sort()).toEqual(['kafka', 'kafka.kafka_2']);
    expectTerraformConforms(tf);
  });

  test('warns when SASL/PLAIN runs without TLS', () => {
    const stack = newStack();
    const cluster = KafkaCluster.selfManaged({
      bootstrapServers: ['k:9092'],
      tls: false,
      sasl: { mechanism: SaslMechanism.PLAIN, username: 'u', password: Secret.fromTerraformVariable('kafka_password') },
    });
    new Topic(stack, 't', { cluster, topicName: 'orders' });
    const provider = stack.node.findAll().find((c) => c.node.id === 'kafka')!;
    expect(warnings(provider).join()).toMatch(/SASL\/PLAIN without TLS sends the password in clear text/);
  });

  test('provider settings are literal text for Terraform: a template in a username or endpoint is escaped', () => {
    const stack = newStack();
    const cluster = KafkaCluster.selfManaged({
      bootstrapServers: ['k:9092'],
      sasl: { mechanism: SaslMechanism.SCRAM_SHA_512, username: 'svc-%{if x}${y}', password: Secret.fromTerraformVariable('kafka_password') },
    });
    new Topic(stack, 't', { cluster, topicName: 'orders' });
    const tf = synthJson(stack);
    expect(tf.provider.kafka[0]).toMatchObject({ sasl_username: 'svc-%%{if x}$${y}', sasl_password: '${var.kafka_password}' });
    expectTerraformConforms(tf);
  });

  test('no secret value ever reaches the synthesized output', () => {
    process.env.TF_VAR_kafka_password = PLANTED;
    try {
      const stack = newStack();
      const t = new Topic(stack, 'a', { cluster: selfManaged(), topicName: 'orders' });
      t.grantWrite('User:orders-service');
      expect(Testing.synth(stack)).not.toContain(PLANTED);
    } finally {
      delete process.env.TF_VAR_kafka_password;
    }
  });

  test.each([
    ['bootstrap servers missing', () => KafkaCluster.selfManaged({ bootstrapServers: [] }), /bootstrapServers must be a non-empty list/],
    ['a URL instead of host:port', () => KafkaCluster.selfManaged({ bootstrapServers: ['kafka://k:9092'] }), /bootstrapServers must be a list of host:port/],
    [
      'a Kubernetes secret as provider password',
      () => KafkaCluster.selfManaged({ bootstrapServers: ['k:9092'], sasl: { mechanism: SaslMechanism.PLAIN, username: 'u', password: Secret.fromKubernetesSecret('kafka', 'password') } }),
      /sasl.password must be a Terraform variable secret/,
    ],
    ['a bad registry URL', () => KafkaCluster.selfManaged({ bootstrapServers: ['k:9092'], schemaRegistryUrl: 'registry:8081' }), /schemaRegistryUrl must be an http\(s\) URL/],
    [
      'braces in a REST endpoint',
      () => KafkaCluster.confluentCloud({ environmentId: 'env-1', clusterId: 'lkc-1', restEndpoint: 'https://pkc.example.com/${var.x}', bootstrapEndpoint: 'x:9092', apiKey: Secret.fromTerraformVariable('k'), apiSecret: Secret.fromTerraformVariable('s') }),
      /\[KafkaCluster.confluentCloud\] restEndpoint must be an http\(s\) URL/,
    ],
    [
      'a malformed Confluent cluster id',
      () => KafkaCluster.confluentCloud({ environmentId: 'env-1', clusterId: 'abc', restEndpoint: 'https://x', bootstrapEndpoint: 'x:9092', apiKey: Secret.fromTerraformVariable('k'), apiSecret: Secret.fromTerraformVariable('s') }),
      /clusterId must be a Confluent Cloud id like "lkc-abc123"/,
    ],
  ])('refuses %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});

describe('Topic', () => {
  test('renders kafka_topic with the safe defaults', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'orders', { cluster: selfManaged(), topicName: 'orders' });
    const tf = synthJson(stack);
    expect(only(tf, 'kafka_topic')).toEqual({
      name: 'orders',
      provider: 'kafka',
      partitions: 6,
      replication_factor: 3,
      config: { 'min.insync.replicas': '2' },
    });
    expect(topic.model.replicationFactor).toBe(3);
    expect(topic.model.minInsyncReplicas).toBe(2);
    expect(topic.model.protectFromDestroy).toBe(false);
    expectTerraformConforms(tf);
  });

  test('renders every typed setting in Kafka units and passes config through', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'orders', {
      cluster: selfManaged(),
      topicName: 'inventory.orders',
      partitions: 12,
      retention: Duration.days(2),
      retentionBytes: Size.gibibytes(10),
      cleanupPolicy: CleanupPolicy.COMPACT_DELETE,
      segment: Duration.hours(1),
      compression: CompressionType.ZSTD,
      maxMessageSize: Size.mebibytes(2),
      config: { 'message.timestamp.type': 'LogAppendTime' },
      protectFromDestroy: true,
    });
    const tf = synthJson(stack);
    const resource = only(tf, 'kafka_topic');
    expect(resource.config).toEqual({
      'cleanup.policy': 'compact,delete',
      'compression.type': 'zstd',
      'max.message.bytes': '2097152',
      'message.timestamp.type': 'LogAppendTime',
      'min.insync.replicas': '2',
      'retention.bytes': '10737418240',
      'retention.ms': '172800000',
      'segment.ms': '3600000',
    });
    expect(resource.lifecycle).toEqual({ prevent_destroy: true });
    expect(topic.model.config['retention.ms']).toBe('172800000');
    expect(topic.model.cleanupPolicy).toBe(CleanupPolicy.COMPACT_DELETE);
    expectTerraformConforms(tf);
  });

  test('infinite retention renders -1', () => {
    const stack = newStack();
    new Topic(stack, 't', { cluster: selfManaged(), topicName: 'audit', retention: Duration.infinite() });
    expect(only(synthJson(stack), 'kafka_topic').config['retention.ms']).toBe('-1');
  });

  test('renders confluent_kafka_topic from the same props, without replication factor', () => {
    const stack = newStack();
    new Topic(stack, 'orders', { cluster: confluent(), topicName: 'orders', partitions: 3, retention: Duration.days(2) });
    const tf = synthJson(stack);
    expect(only(tf, 'confluent_kafka_topic')).toEqual({
      topic_name: 'orders',
      provider: 'confluent',
      partitions_count: 3,
      config: { 'min.insync.replicas': '2', 'retention.ms': '172800000' },
    });
    expect(tf.resource.kafka_topic).toBeUndefined();
    expectTerraformConforms(tf);
  });

  test('follows min.insync.replicas down when the replication factor is below 3', () => {
    const stack = newStack();
    const t = new Topic(stack, 'dev', { cluster: selfManaged(), topicName: 'dev', replicationFactor: 1 });
    expect(t.model.minInsyncReplicas).toBe(1);
  });

  test.each([
    ['an illegal character', { topicName: 'orders/v1' }, /topicName must be made of ASCII letters, digits/],
    ['a name of 250 characters', { topicName: 'a'.repeat(250) }, /topicName must be at most 249 characters/],
    ['"."', { topicName: '.' }, /topicName must be not "." or ".."/],
    ['".."', { topicName: '..' }, /topicName must be not "." or ".."/],
    ['an empty name', { topicName: '' }, /topicName must be a non-empty string/],
    ['zero partitions', { partitions: 0 }, /\[test\/t\] partitions must be a whole number >= 1 \(got 0\)/],
    ['fractional partitions', { partitions: 1.5 }, /partitions must be a whole number/],
    ['replication factor 0', { replicationFactor: 0 }, /replicationFactor must be a whole number between 1 and 32767 \(got 0\)/],
    ['min.insync.replicas above the replication factor', { replicationFactor: 3, minInsyncReplicas: 4 }, /minInsyncReplicas must be <= replicationFactor \(3\).*got 4.*Fix: lower minInsyncReplicas to 2/],
    ['zero retention', { retention: Duration.millis(0) }, /retention must be > 0 or Duration.infinite\(\)/],
    ['segment longer than retention', { retention: Duration.hours(1), segment: Duration.days(1) }, /segment must be <= retention \(1h\)/],
    ['a typed key in config', { config: { 'retention.ms': '1000' } }, /config\["retention.ms"\] must be set through the typed prop retention/],
    ['a non-string config value', { config: { 'flush.ms': 5 as any } }, /config\["flush.ms"\] must be a string/],
    ['an unknown cleanup policy', { cleanupPolicy: 'forever' as any }, /cleanupPolicy must be one of delete, compact, compact,delete/],
  ])('refuses %s', (_name, props, message) => {
    const stack = newStack();
    expect(() => new Topic(stack, 't', { cluster: selfManaged(), topicName: 'orders', ...props })).toThrow(message);
  });

  test('accepts a name of exactly 249 characters', () => {
    const stack = newStack();
    expect(() => new Topic(stack, 't', { cluster: selfManaged(), topicName: 'a'.repeat(249) })).not.toThrow();
  });

  test('refuses a replication factor other than 3 on Confluent Cloud', () => {
    expect(() => new Topic(newStack(), 't', { cluster: confluent(), topicName: 'orders', replicationFactor: 2 })).toThrow(
      /replicationFactor must be 3 on Confluent Cloud/,
    );
  });

  test('stays quiet on a clean topic (footgun warnings come from the rule pack)', () => {
    const stack = newStack();
    const clean = new Topic(stack, 'clean', { cluster: selfManaged(), topicName: 'orders' });
    expect(warnings(clean)).toEqual([]);
  });

  test('fails synth when two topics collide on their metric name', () => {
    const stack = newStack();
    const cluster = selfManaged();
    new Topic(stack, 'a', { cluster, topicName: 'orders.latest' });
    new Topic(stack, 'b', { cluster, topicName: 'orders_latest' });
    expect(() => synthJson(stack)).toThrow(/topicName "orders_latest" collides with "orders.latest"/);
  });

  test('fails synth when one cluster gets the same topic twice', () => {
    const stack = newStack();
    const cluster = selfManaged();
    new Topic(stack, 'a', { cluster, topicName: 'orders' });
    new Topic(stack, 'b', { cluster, topicName: 'orders' });
    expect(() => synthJson(stack)).toThrow(/topicName "orders" is defined twice/);
  });

  test('an import knows its name and refuses to guess its partition count', () => {
    const stack = newStack();
    const imported = Topic.fromName(stack, 'legacy', 'legacy.orders', selfManaged());
    expect(imported.topicName).toBe('legacy.orders');
    expect(() => imported.partitions).toThrow(/partitions must be known.*pass the partition count/);
    expect(Topic.fromName(stack, 'legacy2', 'legacy.orders2', selfManaged(), 12).partitions).toBe(12);
  });
});

describe('shared defaults', () => {
  test('Topic.DEFAULT_PARTITIONS is what a topic without partitions, a pipeline environment and a CDC table topic get', () => {
    const stack = newStack();
    const t = new Topic(stack, 't', { cluster: selfManaged(), topicName: 'orders' });
    expect(t.partitions).toBe(Topic.DEFAULT_PARTITIONS);
    expect(t.model.partitions).toBe(6);
    expect(PipelineEnvironment.production().defaultPartitions).toBe(Topic.DEFAULT_PARTITIONS);
    const pipeline = new RealtimePipeline(stack, 'P', { cluster: KafkaCluster.selfManaged({ bootstrapServers: ['kafka:9092'], tls: false }), kubernetes: { namespace: 'streaming' }, disableLock: true });
    const store = pipeline.addCdcSource('store', CdcSource.mysql({
      hostname: 'mysql.internal', user: 'debezium', password: Secret.fromKubernetesSecret('mysql-cdc', 'password'), serverId: 1, tables: ['store.orders'],
    }));
    expect(store.table('store.orders').topic.partitions).toBe(Topic.DEFAULT_PARTITIONS);
  });

  test('FlinkTable.DEFAULT_WATERMARK_DELAY is what an event-time source and a stream without a delay get', () => {
    const columns = [{ name: 'id', type: SqlType.bigint(), notNull: true }, { name: 'ts', type: SqlType.timestamp(3) }];
    const source = FlinkTable.cdcSource({ name: 's', topicName: 's', columns, eventTime: 'ts' });
    expect(source.watermarkDelay).toBe(FlinkTable.DEFAULT_WATERMARK_DELAY);
    expect(FlinkTable.DEFAULT_WATERMARK_DELAY.toMilliseconds()).toBe(5000);
    const pipeline = new RealtimePipeline(newStack(), 'P', { cluster: KafkaCluster.selfManaged({ bootstrapServers: ['kafka:9092'], tls: false }), kubernetes: { namespace: 'streaming' }, disableLock: true });
    const store = pipeline.addCdcSource('store', CdcSource.mysql({
      hostname: 'mysql.internal', user: 'debezium', password: Secret.fromKubernetesSecret('mysql-cdc', 'password'), serverId: 1, tables: ['store.orders'],
    }));
    const stream = Stream.latestByKey({ from: store.table('store.orders'), columns, key: ['id'], eventTime: 'ts' });
    expect(stream.watermarkDelay).toBe(FlinkTable.DEFAULT_WATERMARK_DELAY);
  });
});

describe('Topic grants', () => {
  test('grantRead gives topic READ and DESCRIBE and group READ, literal patterns only', () => {
    const stack = newStack();
    const t = new Topic(stack, 't', { cluster: selfManaged(), topicName: 'orders' });
    t.grantRead('User:analytics', 'analytics-orders');
    t.grantRead('User:analytics', 'analytics-orders');
    const tf = synthJson(stack);
    const acls = Object.values<any>(tf.resource.kafka_acl).map((a) => `${a.resource_type}:${a.resource_name}:${a.acl_operation}:${a.acl_permission_type}:${a.resource_pattern_type_filter}:${a.acl_principal}:${a.acl_host}`);
    expect(acls.sort()).toEqual([
      'Group:analytics-orders:Read:Allow:Literal:User:analytics:*',
      'Topic:orders:Describe:Allow:Literal:User:analytics:*',
      'Topic:orders:Read:Allow:Literal:User:analytics:*',
    ]);
    expectTerraformConforms(tf);
  });

  test('grantWrite on Confluent Cloud gives topic WRITE and DESCRIBE', () => {
    const stack = newStack();
    const t = new Topic(stack, 't', { cluster: confluent(), topicName: 'orders' });
    t.grantWrite('User:sa-abc123');
    const tf = synthJson(stack);
    const acls = Object.values<any>(tf.resource.confluent_kafka_acl);
    expect(acls.map((a) => a.operation).sort()).toEqual(['DESCRIBE', 'WRITE']);
    expect(acls[0]).toMatchObject({ resource_type: 'TOPIC', resource_name: 'orders', pattern_type: 'LITERAL', permission: 'ALLOW', host: '*', principal: 'User:sa-abc123' });
    expectTerraformConforms(tf);
  });

  test('grants work on imported topics', () => {
    const stack = newStack();
    Topic.fromName(stack, 'legacy', 'legacy-orders', selfManaged()).grantWrite('User:bridge');
    const tf = synthJson(stack);
    expect(Object.keys(tf.resource.kafka_acl)).toHaveLength(2);
    expect(tf.provider.kafka).toHaveLength(1);
  });

  test.each([
    ['a principal without a type', () => new Topic(newStack(), 't', { cluster: selfManaged(), topicName: 'o' }).grantWrite('alice'), /principal must be a Kafka principal "Type:name"/],
    ['an empty consumer group', () => new Topic(newStack(), 't', { cluster: selfManaged(), topicName: 'o' }).grantRead('User:a', ''), /consumerGroup must be a non-empty consumer group id/],
  ])('refuses %s', (_name, act, message) => {
    expect(act).toThrow(message);
  });
});

describe('DeadLetterTopic', () => {
  test('is named dlq-<source>, kept 14 days, deleted by retention', () => {
    const stack = newStack();
    const dlq = new DeadLetterTopic(stack, 'dlq', { cluster: selfManaged(), source: 'store-cdc' });
    const tf = synthJson(stack);
    expect(dlq.topicName).toBe('dlq-store-cdc');
    expect(only(tf, 'kafka_topic')).toEqual({
      name: 'dlq-store-cdc',
      provider: 'kafka',
      partitions: 1,
      replication_factor: 3,
      config: { 'cleanup.policy': 'delete', 'min.insync.replicas': '2', 'retention.ms': '1209600000' },
    });
    expectTerraformConforms(tf);
  });

  test('adds the stage to the name and adds no "." or "_" of its own', () => {
    expect(DeadLetterTopic.nameFor('orders_latest', 'gate')).toBe('dlq-orders_latest-gate');
    const dlq = new DeadLetterTopic(newStack(), 'dlq', { cluster: selfManaged(), source: 'orders_latest', stage: 'gate' });
    expect(warnings(dlq)).toEqual([]);
    expect(dlq.stage).toBe('gate');
  });

  test('refuses a source that cannot be part of a topic name', () => {
    expect(() => new DeadLetterTopic(newStack(), 'dlq', { cluster: selfManaged(), source: 'store cdc' })).toThrow(/\[test\/dlq\] source must be letters, digits/);
  });

  test('the header convention lists each header once', () => {
    expect(new Set(DlqHeaders.all()).size).toBe(DlqHeaders.all().length);
    expect(DlqHeaders.all()).toContain('dlq.error.code');
  });
});

describeWithCrds('Topic on Strimzi', () => {
  test('renders a valid KafkaTopic at the topics sync wave instead of a kafka_topic', () => {
    const stack = newStack();
    new Topic(stack, 't', {
      cluster: selfManaged(),
      topicName: 'Inventory_Orders',
      partitions: 3,
      cleanupPolicy: CleanupPolicy.COMPACT,
      strimzi: { clusterName: 'main', namespace: 'streaming' },
    });
    const tf = synthJson(stack);
    expect(tf.resource.kafka_topic).toBeUndefined();
    const [m] = kubernetesManifests(tf);
    expect(m.metadata.name).toMatch(/^inventory-orders-[0-9a-f]{8}$/);
    expect(m.metadata.labels).toEqual({ 'strimzi.io/cluster': 'main' });
    expect(m.spec).toEqual({ topicName: 'Inventory_Orders', partitions: 3, replicas: 3, config: { 'cleanup.policy': 'compact', 'min.insync.replicas': '2' } });
    expectValidCustomResource(m);
    expectTerraformConforms(tf);
  });

  test('refuses Strimzi placement on Confluent Cloud', () => {
    expect(() => new Topic(newStack(), 't', { cluster: confluent(), topicName: 'o', strimzi: { clusterName: 'main', namespace: 'streaming' } })).toThrow(
      /strimzi must be unset on Confluent Cloud/,
    );
  });
});
