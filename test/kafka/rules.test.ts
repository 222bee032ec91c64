import { TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { Duration, IRule } from '../../lib/core';
import { CleanupPolicy, DeadLetterTopic, KafkaCluster, Topic, TopicProps } from '../../lib/kafka';
import { KAFKA_RULES } from '../../lib/kafka/rules';

const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['kafka:9092'] });

function byId(id: string): IRule {
  const found = KAFKA_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

function topic(props: Partial<TopicProps> = {}): Topic {
  return new Topic(new TerraformStack(Testing.app(), 's'), 't', { cluster, topicName: 'orders', ...props });
}

function verdict(id: string, node: IConstruct, production = true): string {
  const r = byId(id).check(node, { production });
  if (!r.applicable) return 'not applicable';
  return r.isNonCompliant ? `non-compliant: ${r.finding}` : 'compliant';
}

describe('KAFKA_RULES', () => {
  test('ids are unique and numbered RP-KAFKA-n', () => {
    const ids = KAFKA_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^RP-KAFKA-\d+$/));
  });

  test('every rule ignores other constructs', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    KAFKA_RULES.forEach((r) => expect(r.check(stack, { production: true }).applicable).toBe(false));
  });

  test('RP-KAFKA-1: replication factor below 3 in production', () => {
    expect(verdict('RP-KAFKA-1', topic())).toBe('compliant');
    expect(verdict('RP-KAFKA-1', topic({ replicationFactor: 2 }))).toBe('non-compliant: orders: replicationFactor is 2');
    expect(verdict('RP-KAFKA-1', topic({ replicationFactor: 1 }), false)).toBe('compliant');
  });

  test('RP-KAFKA-2: min.insync.replicas below 2 in production', () => {
    expect(verdict('RP-KAFKA-2', topic())).toBe('compliant');
    expect(verdict('RP-KAFKA-2', topic({ minInsyncReplicas: 1 }))).toBe('non-compliant: orders: min.insync.replicas is 1');
  });

  test('RP-KAFKA-3: compacted production topics without destroy protection', () => {
    expect(verdict('RP-KAFKA-3', topic({ cleanupPolicy: CleanupPolicy.COMPACT, protectFromDestroy: true }))).toBe('compliant');
    expect(verdict('RP-KAFKA-3', topic({ cleanupPolicy: CleanupPolicy.COMPACT_DELETE }))).toMatch(/non-compliant: orders: cleanup.policy is compact,delete and protectFromDestroy is false/);
  });

  test('RP-KAFKA-4: dead-letter topics kept less than 7 days', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(verdict('RP-KAFKA-4', new DeadLetterTopic(stack, 'ok', { cluster, source: 'a' }))).toBe('compliant');
    expect(verdict('RP-KAFKA-4', new DeadLetterTopic(stack, 'short', { cluster, source: 'b', retention: Duration.days(1) }))).toBe('non-compliant: dlq-b: retention is 1d');
  });

  test('RP-KAFKA-5: names mixing "." and "_"', () => {
    expect(verdict('RP-KAFKA-5', topic({ topicName: 'inventory-orders-latest' }))).toBe('compliant');
    expect(verdict('RP-KAFKA-5', topic({ topicName: 'inventory.orders_latest' }))).toBe(
      'non-compliant: inventory.orders_latest mixes "." and "_" (metric name inventory_orders_latest)',
    );
  });
});
