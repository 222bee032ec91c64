import { App, TerraformStack, Testing } from 'cdktf';
import { CdcSource, KafkaCluster, Secret } from '../../lib';

export function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'retail-prod');
}

export function app(): App {
  return Testing.app();
}

export const selfManaged = (schemaRegistryUrl?: string) =>
  KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9093', 'kafka-1.kafka:9093'], schemaRegistryUrl });

export const confluent = () =>
  KafkaCluster.confluentCloud({
    environmentId: 'env-abc123',
    clusterId: 'lkc-abc123',
    restEndpoint: 'https://pkc-abc.eu-west-1.aws.confluent.cloud:443',
    bootstrapEndpoint: 'SASL_SSL://pkc-abc.eu-west-1.aws.confluent.cloud:9092',
    apiKey: Secret.fromTerraformVariable('kafka_api_key'),
    apiSecret: Secret.fromTerraformVariable('kafka_api_secret'),
    schemaRegistry: {
      id: 'lsrc-abc123',
      restEndpoint: 'https://psrc-abc.eu-west-1.aws.confluent.cloud',
      apiKey: Secret.fromTerraformVariable('sr_api_key'),
      apiSecret: Secret.fromTerraformVariable('sr_api_secret'),
    },
  });

/** The seed's MySQL source. */
export function storeMySql(overrides: Partial<Parameters<typeof CdcSource.mysql>[0]> = {}): CdcSource {
  return CdcSource.mysql({
    hostname: 'mysql.internal',
    user: 'debezium',
    password: Secret.fromKubernetesSecret('mysql-cdc', 'password'),
    serverId: 184054,
    tables: ['store.orders', 'store.order_items', 'store.inventory'],
    topicPrefix: 'store',
    ...overrides,
  });
}

export function shopPostgres(overrides: Partial<Parameters<typeof CdcSource.postgres>[0]> = {}): CdcSource {
  return CdcSource.postgres({
    hostname: 'pg.internal',
    database: 'shop',
    user: 'debezium',
    password: Secret.fromTerraformVariable('pg_cdc_password'),
    tables: ['public.customers', 'public.payments'],
    topicPrefix: 'shop',
    ...overrides,
  });
}
