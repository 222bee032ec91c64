import { TerraformStack } from 'cdktf';
import fc from 'fast-check';
import { HOSTILITY, dnsLabel, duration, enumOrJunk, hostileString, intLike, make, nameLike, opt, rarely, size } from './arbitraries';
import { cluster } from './clusters';
import { params, synthOrRefuse, Tally, timeout } from './harness';
import { CleanupPolicy, CompressionType, DeadLetterTopic, KafkaCluster, Topic } from '../../lib/kafka';

/** Topic names drawn from a small pool half of the time, so duplicates and `a.b`/`a_b` collisions occur. */
const topicName = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('orders', 'orders.v1', 'orders_v1', 'store.orders', 'payments') },
  { weight: 8, arbitrary: dnsLabel },
  { weight: 1, arbitrary: hostileString },
);

/** Pass-through config: mostly keys without a typed prop and values Kafka takes, sometimes typed keys or junk. */
const config = fc.oneof(
  { weight: HOSTILITY, arbitrary: fc.dictionary(fc.constantFrom('segment.bytes', 'message.timestamp.type', 'unclean.leader.election.enable'), fc.constantFrom('1048576', 'LogAppendTime', 'false'), { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('retention.ms', 'cleanup.policy', 'min.insync.replicas'), hostileString), fc.oneof(fc.constantFrom('1', '-1', ''), hostileString), { minKeys: 1, maxKeys: 2 }) },
);

const topicDef = fc.record({
  topicName,
  partitions: opt(intLike(1, 64)),
  replicationFactor: opt(fc.oneof({ weight: 4, arbitrary: fc.constant(3) }, { weight: 1, arbitrary: intLike(1, 5) })),
  minInsyncReplicas: opt(intLike(1, 2)),
  retention: opt(duration),
  retentionBytes: opt(size),
  cleanupPolicy: opt(enumOrJunk(Object.values(CleanupPolicy))),
  segment: rarely(duration),
  compression: opt(enumOrJunk(Object.values(CompressionType))),
  maxMessageSize: opt(size),
  config: opt(config),
  strimzi: rarely(fc.record({ clusterName: nameLike(dnsLabel), namespace: nameLike(dnsLabel) })),
  protectFromDestroy: opt(fc.boolean()),
  grants: fc.array(fc.tuple(fc.constantFrom('read', 'write'), nameLike(dnsLabel.map((n) => `User:${n}`)), nameLike(dnsLabel)), { maxLength: 2 }),
});

const dlqDef = fc.record({
  source: nameLike(dnsLabel),
  stage: opt(nameLike(dnsLabel)),
  retention: opt(duration),
  partitions: opt(intLike(1, 12)),
  replicationFactor: opt(intLike(1, 5)),
  minInsyncReplicas: opt(intLike(1, 4)),
});

function buildTopics(stack: TerraformStack, c: KafkaCluster, topics: any[], dlqs: any[]) {
  topics.forEach((t: any, i: number) => {
    const topic = new Topic(stack, `Topic${i}`, {
      cluster: c,
      topicName: t.topicName,
      partitions: t.partitions,
      replicationFactor: t.replicationFactor,
      minInsyncReplicas: t.minInsyncReplicas,
      retention: make(t.retention),
      retentionBytes: make(t.retentionBytes),
      cleanupPolicy: t.cleanupPolicy,
      segment: make(t.segment),
      compression: t.compression,
      maxMessageSize: make(t.maxMessageSize),
      config: t.config,
      strimzi: t.strimzi,
      protectFromDestroy: t.protectFromDestroy,
    });
    for (const [kind, principal, group] of t.grants) {
      if (kind === 'read') topic.grantRead(principal, group);
      else topic.grantWrite(principal);
    }
  });
  dlqs.forEach((d: any, i: number) => {
    new DeadLetterTopic(stack, `Dlq${i}`, {
      cluster: c,
      source: d.source,
      stage: d.stage,
      retention: make(d.retention),
      partitions: d.partitions,
      replicationFactor: d.replicationFactor,
      minInsyncReplicas: d.minInsyncReplicas,
    });
  });
}

describe('Kafka transport under generated input', () => {
  test('any cluster with any topics and dead-letter topics synthesizes conforming output or is refused with a ValidationError naming the construct', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(cluster, fc.array(topicDef, { minLength: 1, maxLength: 4 }), fc.array(dlqDef, { maxLength: 2 }), (c, topics, dlqs) => {
        tally.record(synthOrRefuse((stack) => buildTopics(stack, c.make(), topics, dlqs)));
      }),
      params(250),
    );
    tally.report('kafka');
    expect(tally.synthesized).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, timeout(250, 40));

  test('a valid-shaped topic on a self-managed cluster always synthesizes (the generator is not just refusals)', () => {
    const valid = fc.record({
      topicName: dnsLabel,
      partitions: opt(fc.integer({ min: 1, max: 64 })),
      retention: opt(fc.integer({ min: 1, max: 90 })),
    });
    fc.assert(
      fc.property(fc.uniqueArray(valid, { minLength: 1, maxLength: 4, selector: (t) => t.topicName.replace(/\./g, '_') }), (topics) => {
        const outcome = synthOrRefuse((stack) => {
          const c = KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9093'] });
          topics.forEach((t, i) => new Topic(stack, `T${i}`, { cluster: c, topicName: t.topicName, partitions: t.partitions }));
        });
        if (!outcome.ok) throw outcome.error;
        expect(Object.keys(outcome.out.tf.resource.kafka_topic)).toHaveLength(topics.length);
      }),
      params(100),
    );
  }, timeout(100, 40));
});
