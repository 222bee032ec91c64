import { Construct } from 'constructs';
import { CdcIdentity } from './identity';
import type { Secret } from '../../core/secret';
import type { KafkaCluster } from '../../kafka/kafka-cluster';
import type { ITopic } from '../../kafka/topic';
import { ChangeEventFormat } from '../cdc-options';
import type { CdcSource } from '../cdc-source';

/**
 * What a `ConnectorTarget` needs to place one Debezium connector: the connector construct (the
 * scope of what it creates), its identity and settings, and the topics it writes (created first).
 */
export interface ConnectorPlacement {
  readonly scope: Construct;
  readonly connectorName: string;
  readonly source: CdcSource;
  readonly identity: CdcIdentity;
  readonly cluster: KafkaCluster;
  readonly format: ChangeEventFormat;
  /** Debezium's own Kafka clients (schema history, signals): security settings and explicit ones. */
  readonly kafkaClientConfig: Record<string, string>;
  /** The SASL password reference Debezium's own clients use, when derived from the cluster. */
  readonly saslPassword?: Secret;
  /** Every topic the connector writes or reads. */
  readonly topics: ITopic[];
}

/** The options `renderDebeziumConfig` takes, with the database password as the target resolves it. */
export function renderOptions(p: ConnectorPlacement, password: string) {
  return {
    bootstrapServers: p.cluster.bootstrapServers.join(','),
    format: p.format,
    schemaRegistryUrl: p.cluster.schemaRegistryUrl,
    password,
    kafkaClientConfig: p.kafkaClientConfig,
  };
}

/** The Terraform resources behind topics, so connectors are created after their topics. */
export function topicResources(topics: ITopic[]): any[] {
  const out: any[] = [];
  for (const t of topics) {
    for (const c of t.node.findAll()) {
      if ((c as any).terraformResourceType) out.push(c);
    }
  }
  return out;
}
