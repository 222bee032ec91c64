import { TerraformStack } from 'cdktf';
import fc from 'fast-check';
import { dnsLabel, identifier } from './arbitraries';
import { CdcSource, ConnectorTarget, DebeziumConnector } from '../../lib/cdc';
import { Duration, Secret } from '../../lib/core';
import { Delivery } from '../../lib/delivery';
import {
  Checkpointing, Expectation, FlinkSqlJob, FlinkStatement, FlinkTable, FlinkTarget, SqlType,
} from '../../lib/flink';
import { DeadLetterTopic, KafkaCluster, SaslMechanism, Topic } from '../../lib/kafka';
import { Sli, Slo, SloAlertRules } from '../../lib/slo';

/**
 * Whole, valid-shaped pipelines (CDC → topics → Flink dedup → DLQ → SLO rules) with generated names,
 * secret references, targets and delivery: the population for the secret-leak and determinism
 * properties, which need definitions that synthesize.
 */
export interface PipelineDef {
  readonly confluent: boolean;
  readonly gitOps: boolean;
  readonly engine: 'mysql' | 'postgres';
  readonly connect: 'strimzi' | 'kafkaConnect';
  readonly prefix: string;
  readonly tables: string[];
  readonly secretNames: string[];
  readonly jobName: string;
  readonly sinkTopic: string;
  readonly objective: number;
}

const tfVarName = identifier.map((s) => `pw_${s}`);

export const pipelineDef: fc.Arbitrary<PipelineDef> = fc.record({
  confluent: fc.boolean(),
  gitOps: fc.boolean(),
  engine: fc.constantFrom('mysql' as const, 'postgres' as const),
  connect: fc.constantFrom('strimzi' as const, 'kafkaConnect' as const),
  prefix: dnsLabel,
  tables: fc.uniqueArray(identifier, { minLength: 1, maxLength: 3 }),
  // Five distinct variable names: cluster key/secret, database password, flink key/secret.
  secretNames: fc.uniqueArray(tfVarName, { minLength: 5, maxLength: 5 }),
  jobName: dnsLabel.map((s) => `job-${s}`),
  sinkTopic: dnsLabel.map((s) => `out-${s}`),
  objective: fc.constantFrom(0.9, 0.95, 0.99, 0.999),
});

/** Names of the Terraform variables a definition's secrets use. */
export function terraformSecretNames(d: PipelineDef): string[] {
  return d.secretNames;
}

export function buildPipeline(stack: TerraformStack, d: PipelineDef): void {
  const [keyVar, secretVar, dbVar, flinkKeyVar, flinkSecretVar] = d.secretNames;
  if (d.gitOps) Delivery.use(stack, Delivery.gitOps({ repoUrl: 'https://git.example.com/platform/streams.git', path: `deploy/${d.prefix}` }));
  const cluster = d.confluent
    ? KafkaCluster.confluentCloud({
      environmentId: 'env-abc123',
      clusterId: 'lkc-abc123',
      restEndpoint: 'https://pkc-abc.eu-west-1.aws.confluent.cloud:443',
      bootstrapEndpoint: 'SASL_SSL://pkc-abc.eu-west-1.aws.confluent.cloud:9092',
      apiKey: Secret.fromTerraformVariable(keyVar),
      apiSecret: Secret.fromTerraformVariable(secretVar),
      schemaRegistry: {
        id: 'lsrc-abc123',
        restEndpoint: 'https://psrc-abc.eu-west-1.aws.confluent.cloud',
        apiKey: Secret.fromTerraformVariable(keyVar),
        apiSecret: Secret.fromTerraformVariable(secretVar),
      },
    })
    : KafkaCluster.selfManaged({
      bootstrapServers: ['kafka-0.kafka:9093'],
      schemaRegistryUrl: 'http://registry:8081',
      sasl: {
        mechanism: SaslMechanism.SCRAM_SHA_512,
        username: 'terraform',
        password: Secret.fromTerraformVariable(secretVar),
        // Debezium's own Kafka clients authenticate with a reference the Connect worker resolves.
        connectPassword: Secret.fromKubernetesSecret('kafka-cdc', 'password', { namespace: 'streaming' }),
      },
    });

  const strimzi = !d.confluent && d.connect === 'strimzi';
  const password = strimzi ? Secret.fromKubernetesSecret(`${d.prefix}-db`, 'password', { namespace: 'streaming' }) : Secret.fromTerraformVariable(dbVar);
  const schema = d.engine === 'mysql' ? 'store' : 'public';
  const tables = d.tables.map((t) => `${schema}.${t}`);
  const source =
    d.engine === 'mysql'
      ? CdcSource.mysql({ hostname: 'db.internal', user: 'debezium', password, serverId: 184054, tables, topicPrefix: d.prefix })
      : CdcSource.postgres({ hostname: 'db.internal', database: 'shop', user: 'debezium', password, tables, topicPrefix: d.prefix });
  const target = d.confluent
    ? ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-abc123' })
    : strimzi
      ? ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' })
      : ConnectorTarget.kafkaConnect({ url: 'https://connect.internal:8083', basicAuthUsername: 'admin', basicAuthPassword: Secret.fromTerraformVariable(dbVar) });
  const cdc = new DebeziumConnector(stack, 'Cdc', { source, cluster, target, topics: strimzi ? { strimzi: { clusterName: 'kafka', namespace: 'streaming' } } : undefined });

  const firstTopic = Object.values(cdc.tableTopics)[0];
  const dlq = new DeadLetterTopic(stack, 'Dlq', { cluster, source: d.jobName });
  const sink = new Topic(stack, 'Sink', { cluster, topicName: d.sinkTopic, partitions: 3 });
  const columns = [
    { name: 'id', type: SqlType.bigint() },
    { name: 'amount', type: SqlType.decimal(12, 2) },
    { name: 'ts', type: SqlType.timestamp(3) },
  ];
  const statement = FlinkStatement.latestByKey({
    from: FlinkTable.cdcSource({ name: 'src', topic: firstTopic, columns, primaryKey: ['id'], eventTime: 'ts', watermarkDelay: Duration.seconds(5) }),
    into: FlinkTable.upsertSink({ name: 'latest', topic: sink, columns, primaryKey: ['id'] }),
    expectations: [Expectation.notNull('id'), Expectation.between('amount', 0, 1_000_000)],
  });
  new FlinkSqlJob(stack, 'Job', {
    name: d.jobName,
    statements: [statement],
    cluster,
    deadLetterTopic: dlq,
    checkpointing: Checkpointing.every(Duration.seconds(10)),
    target: d.confluent
      ? FlinkTarget.confluentCloud({
        organizationId: '1111aaaa-11aa-11aa-11aa-111111aaaaaa',
        environmentId: 'env-abc123',
        computePoolId: 'lfcp-xyz789',
        principalId: 'sa-flink01',
        restEndpoint: 'https://flink.eu-west-1.aws.confluent.cloud',
        apiKey: Secret.fromTerraformVariable(flinkKeyVar),
        apiSecret: Secret.fromTerraformVariable(flinkSecretVar),
        database: 'lkc-abc123',
      })
      : FlinkTarget.kubernetes({ namespace: 'streaming', stateStorageUri: 's3://flink-state/x' }),
  });
  new SloAlertRules(stack, 'Slos', {
    namespace: 'streaming',
    slos: [
      Slo.freshness({ name: `${d.jobName}-fresh`, objective: d.objective, threshold: Duration.seconds(30), sli: Sli.flinkEventTimeLag({ jobName: d.jobName }) }),
      Slo.completeness({ name: `${d.jobName}-complete`, objective: d.objective, within: Duration.minutes(2), sli: Sli.topicOffsets({ expectedTopic: firstTopic.topicName, arrivedTopic: d.sinkTopic }) }),
    ],
    systemAlerts: { flinkJobs: [d.jobName], connectors: [cdc.connectorName], dlqTopics: [dlq.topicName] },
  });
}
