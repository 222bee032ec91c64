import { DeadLetterTopic } from './dead-letter-topic';
import { metricCollisionKey, mixesDotAndUnderscore } from './private/topic-model';
import { CleanupPolicy, Topic } from './topic';
import { ruleFor } from '../core/private/define-rule';
import { isToken } from '../core/private/validate';
import { IRule, RuleLevel } from '../core/rules';

const rule = ruleFor((n): n is Topic => Topic.isTopic(n));

/** The Kafka footguns, one rule each (ids RP-KAFKA-n; listed in RULES.md). */
export const KAFKA_RULES: IRule[] = [
  rule(
    'RP-KAFKA-1',
    RuleLevel.ERROR,
    'Production topics have a replication factor of at least 3.',
    'With 1 replica, one broker loss loses the data; with 2, a rolling restart plus one failure does, and min.insync.replicas cannot be 2 without blocking writes during every restart.',
    'Leave replicationFactor at its default (3), or suppress for a development scope with RulePack.setProduction(scope, false).',
    (t, ctx) => (ctx.production && t.model.replicationFactor < 3 ? `${t.topicName}: replicationFactor is ${t.model.replicationFactor}` : undefined),
  ),
  rule(
    'RP-KAFKA-2',
    RuleLevel.ERROR,
    'Production topics have min.insync.replicas of at least 2.',
    'With min.insync.replicas=1, an acks=all write is acknowledged by the leader alone: if that broker dies before a follower copies the record, the acknowledged record is gone (and exactly-once sinks commit data that no longer exists).',
    'Leave minInsyncReplicas at its default (2) with replicationFactor 3.',
    (t, ctx) => (ctx.production && t.model.minInsyncReplicas < 2 ? `${t.topicName}: min.insync.replicas is ${t.model.minInsyncReplicas}` : undefined),
  ),
  rule(
    'RP-KAFKA-3',
    RuleLevel.WARNING,
    'Production compacted topics are protected from terraform destroy.',
    'A compacted topic is usually the only copy of the latest state per key (changelogs, upsert tables); a stray `terraform destroy`, or a change that forces replacement, deletes it and every consumer has to be rebuilt from the source.',
    'Set protectFromDestroy: true on the topic (Terraform lifecycle.prevent_destroy).',
    (t, ctx) =>
      ctx.production &&
      !t.model.strimzi &&
      (t.model.cleanupPolicy === CleanupPolicy.COMPACT || t.model.cleanupPolicy === CleanupPolicy.COMPACT_DELETE) &&
      !t.model.protectFromDestroy
        ? `${t.topicName}: cleanup.policy is ${t.model.cleanupPolicy} and protectFromDestroy is false`
        : undefined,
  ),
  rule(
    'RP-KAFKA-4',
    RuleLevel.WARNING,
    'Dead-letter topics keep records for at least 7 days.',
    'Rejected records are only useful if someone can still replay them after noticing the alert, a weekend included; a short DLQ retention deletes the evidence first.',
    'Leave retention at the DeadLetterTopic default (14 days) or set Duration.days(7) or more.',
    (t) => {
      const retention = t.model.retention;
      return DeadLetterTopic.isDeadLetterTopic(t) && retention && !retention.isInfinite && retention.toMilliseconds() < 7 * 24 * 3600 * 1000
        ? `${t.topicName}: retention is ${retention.toHumanString()}`
        : undefined;
    },
  ),
  rule(
    'RP-KAFKA-5',
    RuleLevel.WARNING,
    'Topic names use one separator, not both "." and "_".',
    'Kafka maps "." and "_" to the same character in metric names, so "a.b_c" and "a_b.c" share metrics (kafka-topics.sh warns about it); two such topics in one stack are refused outright.',
    'Pick one separator for the names you choose; for names a convention fixes (Debezium\'s <prefix>.<database>.<table>), suppress with a reason.',
    (t) => (!isToken(t.topicName) && mixesDotAndUnderscore(t.topicName) ? `${t.topicName} mixes "." and "_" (metric name ${metricCollisionKey(t.topicName)})` : undefined),
  ),
];
