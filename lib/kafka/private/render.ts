import { createHash } from 'crypto';
import { ResolvedTopic } from './topic-model';

/** Renderers: pure functions from the topic model to what the providers and operators read. */

/** One ACL binding, provider-neutral (upper-case Kafka names). */
export interface AclEntry {
  readonly resourceType: 'TOPIC' | 'GROUP';
  readonly resourceName: string;
  readonly operation: 'READ' | 'WRITE' | 'DESCRIBE';
  readonly principal: string;
}

/** Least privilege for a consumer: read and describe the topic, read (join/commit in) its own group. */
export function readAcls(principal: string, topicName: string, consumerGroup: string): AclEntry[] {
  return [
    { resourceType: 'TOPIC', resourceName: topicName, operation: 'READ', principal },
    { resourceType: 'TOPIC', resourceName: topicName, operation: 'DESCRIBE', principal },
    { resourceType: 'GROUP', resourceName: consumerGroup, operation: 'READ', principal },
  ];
}

/** Least privilege for a producer: write and describe the topic (no create, no alter). */
export function writeAcls(principal: string, topicName: string): AclEntry[] {
  return [
    { resourceType: 'TOPIC', resourceName: topicName, operation: 'WRITE', principal },
    { resourceType: 'TOPIC', resourceName: topicName, operation: 'DESCRIBE', principal },
  ];
}

/** mongey/kafka `kafka_acl` attributes (the provider's camel-case enum spellings). */
export function renderMongeyAcl(acl: AclEntry) {
  const camel = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();
  return {
    aclPrincipal: acl.principal,
    aclHost: '*',
    aclOperation: camel(acl.operation),
    aclPermissionType: 'Allow',
    resourceType: camel(acl.resourceType),
    resourceName: acl.resourceName,
    resourcePatternTypeFilter: 'Literal',
  };
}

/** confluent `confluent_kafka_acl` attributes. */
export function renderConfluentAcl(acl: AclEntry) {
  return {
    principal: acl.principal,
    host: '*',
    operation: acl.operation,
    permission: 'ALLOW',
    resourceType: acl.resourceType,
    resourceName: acl.resourceName,
    patternType: 'LITERAL',
  };
}

/** A stable construct id for an ACL: readable prefix plus a short hash of the whole binding. */
export function aclId(acl: AclEntry): string {
  const hash = createHash('sha256').update(`${acl.principal}|${acl.resourceType}|${acl.resourceName}|${acl.operation}`).digest('hex').slice(0, 8);
  const who = acl.principal.replace(/^User:/, '').replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40);
  return `Acl-${acl.resourceType.toLowerCase()}-${acl.operation.toLowerCase()}-${who}-${hash}`;
}

/**
 * A Kubernetes object name for a topic: Strimzi's `metadata.name` must be a DNS subdomain, so a
 * topic name with upper case or "_" is lowered, "_" becomes "-", and a hash keeps two such names
 * apart; the real name goes to `spec.topicName`.
 */
export function kubernetesNameForTopic(topicName: string): string {
  if (/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(topicName)) return topicName;
  const hash = createHash('sha256').update(topicName).digest('hex').slice(0, 8);
  const base = topicName.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+/, '').replace(/[^a-z0-9]+$/, '').slice(0, 240);
  return base ? `${base}-${hash}` : `topic-${hash}`;
}

/** The Strimzi `KafkaTopic` (kafka.strimzi.io/v1) for a topic. */
export function renderStrimziKafkaTopic(model: ResolvedTopic, clusterName: string, namespace: string): any {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: {
      name: kubernetesNameForTopic(model.topicName),
      namespace,
      labels: { 'strimzi.io/cluster': clusterName },
    },
    spec: {
      topicName: model.topicName,
      partitions: model.partitions,
      replicas: model.replicationFactor,
      config: { ...model.config },
    },
  };
}
