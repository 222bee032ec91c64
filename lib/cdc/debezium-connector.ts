import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CdcEngine, ChangeEventFormat } from './cdc-options';
import { CdcSource } from './cdc-source';
import { ConnectorModel } from './connector-model';
import { ConnectorTarget, ConnectorTargetKind } from './connector-target';
import { capturedTables } from './private/debezium-config';
import { CdcIdentity, resolveIdentity, topicNames } from './private/identity';
import { deriveClientSecurity } from './private/kafka-client-security';
import { renderSetupSql } from './private/setup-sql';
import { renderSnapshotSignalRecord, renderSnapshotSignalSql } from './private/signal';
import { StrimziKafkaConnect } from './strimzi-kafka-connect';
import { Duration } from '../core/duration';
import { ArtifactFile } from '../core/private/artifact';
import { dnsLabel } from '../core/private/naming';
import { requireNoLiteralCredentials } from '../core/private/secrets';
import { oncePerStack } from '../core/private/stack-state';
import { DNS_LABEL, requireEnumValue } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Secret } from '../core/secret';
import { DeadLetterTopic } from '../kafka/dead-letter-topic';
import { KafkaCluster } from '../kafka/kafka-cluster';
import { CleanupPolicy, ITopic, StrimziTopicOptions, Topic } from '../kafka/topic';

/** Settings of the topics a connector writes to. */
export interface CdcTopicOptions {
  /**
   * Partitions of each table topic. Debezium keys by primary key, so order per row holds at any count.
   * @default 6
   */
  readonly partitions?: number;
  /**
   * Replication factor of every topic.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * `min.insync.replicas` of every topic.
   * @default 2 (1 when replicationFactor is below 3)
   */
  readonly minInsyncReplicas?: number;
  /**
   * `cleanup.policy` of the table topics. Compacted table topics keep the latest row per key, so a
   * new consumer can rebuild the table without a re-snapshot; deletes need tombstones.
   * @default CleanupPolicy.COMPACT
   */
  readonly cleanupPolicy?: CleanupPolicy;
  /**
   * Protect the table topics from `terraform destroy` (Terraform `lifecycle.prevent_destroy`): a
   * compacted table topic is the only copy of the table short of a re-snapshot.
   * @default false
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Manage the topics as Strimzi `KafkaTopic`s instead of Terraform resources.
   * @default - Terraform resources
   */
  readonly strimzi?: StrimziTopicOptions;
}

/** Props of `DebeziumConnector`. */
export interface DebeziumConnectorProps {
  /** What to capture. */
  readonly source: CdcSource;
  /** The Kafka cluster the change events go to. */
  readonly cluster: KafkaCluster;
  /** Where the connector runs. */
  readonly target: ConnectorTarget;
  /**
   * Connector name (Kafka Connect name, `KafkaConnector` metadata.name, artifact file names).
   * @default - the topic prefix, lowercased, other characters as "-", plus "-cdc"
   */
  readonly connectorName?: string;
  /**
   * Serialization of change events.
   * @default - `AVRO` when the cluster has a Schema Registry, else `JSON` with embedded schemas
   */
  readonly format?: ChangeEventFormat;
  /**
   * Topic settings.
   * @default - 6 partitions, replication 3, compacted table topics
   */
  readonly topics?: CdcTopicOptions;
  /**
   * Kafka client settings for the Kafka clients Debezium opens itself (self-managed targets): the
   * schema history producer and consumer and the signal consumer do not inherit the Connect
   * worker's security settings. Derived from the cluster: `security.protocol` (`SSL`,
   * `SASL_SSL` or `SASL_PLAINTEXT` from its `tls` and `sasl`), `sasl.mechanism` and
   * `sasl.jaas.config` (password: the cluster's `sasl.connectPassword` reference). Keys given here
   * win over the derived ones; add e.g. `ssl.truststore.type`/`ssl.truststore.location` for a
   * cluster CA the JVM does not trust. Rendered as `schema.history.internal.producer.*`,
   * `schema.history.internal.consumer.*` (MySQL) and `signal.consumer.*`. Put secrets in as
   * config-provider placeholders (`${secrets:ns/name:key}`), never values.
   * @default - the settings derived from the cluster (none for a plaintext listener)
   */
  readonly kafkaClientConfig?: Record<string, string>;
}


/**
 * A Debezium CDC connector: one `CdcSource` placed on Strimzi, Kafka Connect or Confluent Cloud,
 * with every topic it writes to as a `Topic` (a topic per captured table, the MySQL schema history,
 * the heartbeat and signal topics, and a DLQ), the source-database setup SQL as an artifact
 * (`cdc/<connectorName>-setup.sql`), and the backfill signals (`cdc/<connectorName>-backfill.md`).
 *
 * Identity (`model.topicPrefix`, `model.slotName`, `model.serverId`) is public so the
 * destructive-change guard can compare it with the last deployed version: changing it forces a
 * full re-snapshot.
 */
export class DebeziumConnector extends Construct {
  /** Whether a construct is a `DebeziumConnector`. */
  public static isDebeziumConnector(x: any): x is DebeziumConnector {
    return x instanceof DebeziumConnector;
  }

  /** The source definition. */
  public readonly source: CdcSource;
  /** The target. */
  public readonly target: ConnectorTarget;
  /** The cluster. */
  public readonly cluster: KafkaCluster;
  /** Connector name (identity in Kafka Connect and Kubernetes). */
  public readonly connectorName: string;
  /** What the connector is, as plain data: its Debezium identity, format, config and setup SQL. */
  public readonly model: ConnectorModel;
  /** The topic of each captured table, by table name. */
  public readonly tableTopics: Record<string, ITopic>;
  /** The MySQL schema history topic (undefined for Postgres and Confluent Cloud, which manages it). */
  public readonly schemaHistoryTopic?: ITopic;
  /** The heartbeat topic. */
  public readonly heartbeatTopic: ITopic;
  /**
   * The topic of the Postgres heartbeat table's change events: only with
   * `PublicationAutocreateMode.FILTERED`, where the heartbeat table must be captured so Debezium
   * keeps it in the publication it rewrites on every start.
   */
  public readonly heartbeatTableTopic?: ITopic;
  /** The topic of the signal table's change events (an incremental snapshot's window markers). */
  public readonly signalTableTopic: ITopic;
  /** The signal topic (self-managed targets; Confluent Cloud uses the signal table only). */
  public readonly signalTopic?: ITopic;
  /**
   * The DLQ for rejects of this source's events downstream (Kafka Connect's own dead letter queue
   * exists only for sink connectors; the connector itself fails rather than drop a change).
   */
  public readonly deadLetterTopic: DeadLetterTopic;
  private readonly identity: CdcIdentity;
  private readonly kafkaClientConfig: Record<string, string>;
  /** The cluster's SASL password reference when the derived `sasl.jaas.config` names it. */
  private saslPassword?: Secret;

  constructor(scope: Construct, id: string, props: DebeziumConnectorProps) {
    super(scope, id);
    if (!(props?.source instanceof CdcSource)) throw ValidationError.of(this, 'source', 'a CdcSource', props?.source, 'use CdcSource.mysql() or CdcSource.postgres()');
    if (!(props.cluster instanceof KafkaCluster)) throw ValidationError.of(this, 'cluster', 'a KafkaCluster', props.cluster);
    if (!(props.target instanceof ConnectorTarget)) throw ValidationError.of(this, 'target', 'a ConnectorTarget', props.target);
    this.source = props.source;
    this.target = props.target;
    this.cluster = props.cluster;

    this.identity = resolveIdentity(this.source, id);
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(this.identity.topicPrefix)) {
      throw ValidationError.of(this, 'topicPrefix', 'letters, digits, ".", "_" and "-" (the construct id is the default)', this.identity.topicPrefix, 'set topicPrefix on the source');
    }
    this.connectorName = props.connectorName ?? `${dnsLabel(this.identity.topicPrefix)}-cdc`;
    if (!DNS_LABEL.test(this.connectorName)) {
      throw ValidationError.of(this, 'connectorName', 'a Kubernetes resource name (lowercase letters, digits and "-", at most 63)', this.connectorName);
    }

    requireEnumValue(this, 'format', props.format, ChangeEventFormat, 'ChangeEventFormat');
    const format = props.format ?? (this.cluster.schemaRegistryUrl ? ChangeEventFormat.AVRO : ChangeEventFormat.JSON);
    if (format === ChangeEventFormat.AVRO && !this.cluster.schemaRegistryUrl) {
      throw ValidationError.of(this, 'format', 'JSON unless the cluster has a Schema Registry', format, 'set schemaRegistryUrl on the KafkaCluster or use ChangeEventFormat.JSON');
    }
    const confluent = this.target.kind === ConnectorTargetKind.CONFLUENT_CLOUD;
    const explicitClientConfig = { ...(props.kafkaClientConfig ?? {}) };
    for (const [k, v] of Object.entries(explicitClientConfig)) {
      if (!/^[a-z][a-z0-9.]*$/.test(k) || typeof v !== 'string') {
        throw ValidationError.of(this, `kafkaClientConfig["${k}"]`, 'a Kafka client setting name with a string value', v);
      }
    }
    // Rendered into the connector config: credentials only as references the worker resolves.
    requireNoLiteralCredentials(this, 'kafkaClientConfig', explicitClientConfig);
    if (confluent && Object.keys(explicitClientConfig).length > 0) {
      throw ValidationError.of(this, 'kafkaClientConfig', 'empty for Confluent Cloud (it manages the connector\'s Kafka clients)', Object.keys(explicitClientConfig));
    }
    this.kafkaClientConfig = confluent ? {} : { ...this.derivedClientSecurity(explicitClientConfig), ...explicitClientConfig };
    this.target._check(this, this.cluster);

    const topics = this.createTopics(props.topics ?? {}, confluent);
    this.tableTopics = topics.tables;
    this.schemaHistoryTopic = topics.schemaHistory;
    this.heartbeatTopic = topics.heartbeat;
    this.signalTopic = topics.signal;
    this.deadLetterTopic = topics.dlq;
    this.heartbeatTableTopic = topics.heartbeatTable;
    this.signalTableTopic = topics.signalTable;
    const allTopics = [
      ...Object.values(this.tableTopics),
      this.heartbeatTopic,
      ...(this.heartbeatTableTopic ? [this.heartbeatTableTopic] : []),
      this.signalTableTopic,
      ...(this.schemaHistoryTopic ? [this.schemaHistoryTopic] : []),
      ...(this.signalTopic ? [this.signalTopic] : []),
    ];

    const config = this.target._place({
      scope: this,
      connectorName: this.connectorName,
      source: this.source,
      identity: this.identity,
      cluster: this.cluster,
      format,
      kafkaClientConfig: this.kafkaClientConfig,
      saslPassword: this.saslPassword,
      topics: allTopics,
    });

    const setupSql = renderSetupSql(this.source, this.identity);
    const setupSqlFileName = `cdc/${this.connectorName}-setup.sql`;
    this.model = {
      connectorName: this.connectorName,
      engine: this.source.engine,
      targetKind: this.target.kind,
      topicPrefix: this.identity.topicPrefix,
      slotName: this.identity.slotName,
      publicationName: this.identity.publicationName,
      serverId: this.identity.serverId,
      format,
      config,
      setupSql,
      setupSqlFileName,
    };
    new ArtifactFile(this, 'SetupSql', { fileName: setupSqlFileName, render: () => setupSql });
    new ArtifactFile(this, 'Backfill', { fileName: `cdc/${this.connectorName}-backfill.md`, render: () => this.renderBackfillNotes() });

    this.registerDuplicateCheck();
    if (this.target.kind === ConnectorTargetKind.STRIMZI && format === ChangeEventFormat.AVRO) {
      this.node.addValidation({ validate: () => this.checkAvroConverter() });
    }
  }

  /**
   * Debezium's own Kafka clients on a TLS/SASL cluster fail at start without the security settings
   * the Connect worker has: derive them from the cluster. With SASL the password must be a
   * reference the worker resolves (the cluster's `sasl.connectPassword`), unless `sasl.jaas.config`
   * is given explicitly.
   */
  private derivedClientSecurity(explicit: Record<string, string>): Record<string, string> {
    const security = this.cluster._clientSecurity();
    if (!security) return {};
    const sasl = security.sasl;
    if (!sasl) return deriveClientSecurity({ tls: security.tls });
    if (explicit['sasl.jaas.config'] !== undefined) return deriveClientSecurity({ tls: security.tls, sasl: { mechanism: sasl.mechanism } });
    if (!sasl.connectPassword) {
      throw ValidationError.of(
        this,
        'cluster.sasl.connectPassword',
        'set when the cluster uses SASL (Debezium\'s schema history and signal clients authenticate on their own, with a password the Connect worker resolves; the Terraform variable `sasl.password` cannot reach it)',
        undefined,
        'pass sasl: { ..., connectPassword: Secret.fromKubernetesSecret("<secret>", "<key>") } to KafkaCluster.selfManaged(), or set "sasl.jaas.config" in kafkaClientConfig',
      );
    }
    const username = sasl.connectUsername ?? sasl.username;
    if (!/^[^"\\\r\n]+$/.test(username)) {
      throw ValidationError.of(this, 'cluster.sasl.connectUsername', 'a user name without quotes, backslashes or line breaks (it goes into sasl.jaas.config)', username, 'set connectUsername on the cluster\'s sasl settings');
    }
    const password = sasl.connectPassword.toConnectPlaceholder(this, this.target.strimziOptions?.namespace);
    this.saslPassword = sasl.connectPassword;
    return deriveClientSecurity({ tls: security.tls, sasl: { mechanism: sasl.mechanism, login: { username, password } } });
  }

  /**
   * An Avro connector on a `StrimziKafkaConnect` of this app whose image lacks Confluent's Avro
   * converter would fail at start (ClassNotFoundException: io.confluent.connect.avro.AvroConverter).
   * Connect clusters defined elsewhere cannot be checked.
   */
  private checkAvroConverter(): string[] {
    const o = this.target.strimziOptions!;
    const connect = this.node.root.node.findAll()
      .filter(StrimziKafkaConnect.isStrimziKafkaConnect)
      .find((k) => k.connectClusterName === o.connectCluster && k.namespace === o.namespace);
    if (!connect || connect.avroConverter) return [];
    // cdktf prefixes a construct's validation messages with its path.
    return [
      `format must be JSON, or AVRO on a Connect cluster that has the Avro converter plugin (${connect.node.path} builds none) (got "${this.model.format}"). `
      + 'Fix: add ConnectPlugin.confluentAvroConverter() to the StrimziKafkaConnect plugins, or use ChangeEventFormat.JSON',
    ];
  }

  /** The topic of a captured table; throws when the table is not captured. */
  public table(table: string): ITopic {
    const topic = this.tableTopics[table];
    if (!topic) {
      throw ValidationError.of(this, 'table', `one of the captured tables (${this.source.tables.join(', ')})`, table, 'add it to the source\'s tables');
    }
    return topic;
  }

  /**
   * SQL that re-snapshots tables while the connector keeps running (Debezium incremental
   * snapshot): insert it into the source database. Tables must be captured.
   */
  public backfillSql(tables: string[]): string {
    return renderSnapshotSignalSql(this.source, this.checkBackfill(tables));
  }

  /**
   * The same backfill as a record for the signal topic (self-managed targets): `topic`, `key`, `value`.
   */
  public backfillRecord(tables: string[]): Record<string, string> {
    if (!this.signalTopic) {
      throw ValidationError.of(this, 'backfillRecord', 'used with a self-managed target (Confluent Cloud reads signals from the signal table)', this.target.kind, 'use backfillSql()');
    }
    return { ...renderSnapshotSignalRecord(this.identity, this.checkBackfill(tables)) };
  }

  private checkBackfill(tables: string[]): string[] {
    if (!Array.isArray(tables) || tables.length === 0) throw ValidationError.of(this, 'tables', 'a non-empty list', tables);
    tables.forEach((t) => this.table(t));
    return tables;
  }

  private createTopics(options: CdcTopicOptions, confluent: boolean) {
    const common = {
      cluster: this.cluster,
      replicationFactor: options.replicationFactor,
      minInsyncReplicas: options.minInsyncReplicas,
      strimzi: options.strimzi,
    };
    const tables: Record<string, ITopic> = {};
    for (const table of this.source.tables) {
      tables[table] = new Topic(this, `Table-${table}`, {
        ...common,
        topicName: topicNames.table(this.identity, table),
        partitions: options.partitions ?? Topic.DEFAULT_PARTITIONS,
        cleanupPolicy: options.cleanupPolicy ?? CleanupPolicy.COMPACT,
        protectFromDestroy: options.protectFromDestroy,
      });
    }
    // Debezium reads the schema history back on every start: one partition (order), never expire.
    const schemaHistory = this.source.engine === CdcEngine.MYSQL && !confluent
      ? new Topic(this, 'SchemaHistory', {
        ...common,
        topicName: topicNames.schemaHistory(this.identity),
        partitions: 1,
        retention: Duration.infinite(),
        cleanupPolicy: CleanupPolicy.DELETE,
        protectFromDestroy: true,
      })
      : undefined;
    const heartbeat = new Topic(this, 'Heartbeat', {
      ...common,
      topicName: topicNames.heartbeat(this.identity),
      partitions: 1,
      retention: Duration.days(1),
      cleanupPolicy: CleanupPolicy.DELETE,
    });
    // A filtered publication makes the heartbeat table a captured table (see capturedTables()):
    // its one row's updates go to a table topic like any other, which must exist first.
    const heartbeatTableName = capturedTables(this.source).find((t) => !this.source.tables.includes(t));
    const heartbeatTable = heartbeatTableName
      ? new Topic(this, 'HeartbeatTable', {
        ...common,
        topicName: topicNames.table(this.identity, heartbeatTableName),
        partitions: 1,
        retention: Duration.days(1),
        cleanupPolicy: CleanupPolicy.DELETE,
      })
      : undefined;
    // Debezium captures its signal table too: an incremental snapshot (a backfill) writes its window
    // markers there, and their change events go to the table's topic like any other table's. Without
    // the topic (auto-creation off) the connector's producer waits on it and the backfill hangs.
    const signalTable = new Topic(this, 'SignalTable', {
      ...common,
      topicName: topicNames.table(this.identity, this.source.signalTable),
      partitions: 1,
      retention: Duration.days(1),
      cleanupPolicy: CleanupPolicy.DELETE,
    });
    // Debezium requires a single-partition signal topic.
    const signal = confluent
      ? undefined
      : new Topic(this, 'Signal', {
        ...common,
        topicName: topicNames.signal(this.identity),
        partitions: 1,
        retention: Duration.days(7),
        cleanupPolicy: CleanupPolicy.DELETE,
      });
    const dlq = new DeadLetterTopic(this, 'DeadLetter', {
      cluster: this.cluster,
      source: this.connectorName,
      replicationFactor: options.replicationFactor,
      minInsyncReplicas: options.minInsyncReplicas,
    });
    return { tables, schemaHistory, heartbeat, heartbeatTable, signalTable, signal, dlq };
  }

  private renderBackfillNotes(): string {
    const lines = [
      `# Backfill for connector ${this.connectorName} (topic.prefix ${this.model.topicPrefix})`,
      '',
      'Re-snapshot a table without restarting the connector: Debezium runs an incremental snapshot',
      '(chunks by primary key, interleaved with streaming) when it reads an `execute-snapshot` signal.',
      '',
      `## Through the signal table \`${this.source.signalTable}\``,
      '',
      'Run in the source database (as an administrator):',
      '',
    ];
    for (const table of this.source.tables) {
      lines.push(`- \`${table}\`:`, '', '  ```sql', `  ${renderSnapshotSignalSql(this.source, [table])}`, '  ```', '');
    }
    if (this.signalTopic) {
      const r = renderSnapshotSignalRecord(this.identity, [this.source.tables[0]]);
      lines.push(
        `## Through the signal topic \`${r.topic}\``,
        '',
        'Produce a record whose key is the topic prefix, e.g.:',
        '',
        '```sh',
        `echo '${r.key}|${r.value}' | kcat -b <bootstrap> -t ${r.topic} -K '|' -P`,
        '```',
        '',
      );
    }
    return lines.join('\n');
  }

  private registerDuplicateCheck() {
    oncePerStack(this, 'RealtimePipelineConnectorIdentities', (stack) => stack.node.addValidation({ validate: () => duplicateIdentities(stack) }));
  }
}

/** Duplicate `topic.prefix`, MySQL `database.server.id` or Postgres slot across the whole app. */
function duplicateIdentities(stack: TerraformStack): string[] {
  const all = stack.node.root.node.findAll().filter(DebeziumConnector.isDebeziumConnector);
  const inStack = (c: IConstruct) => TerraformStack.of(c) === stack;
  const errors: string[] = [];
  const check = (label: string, key: (c: DebeziumConnector) => string | undefined, why: string) => {
    const first = new Map<string, DebeziumConnector>();
    for (const c of all) {
      const k = key(c);
      if (k === undefined) continue;
      const other = first.get(k);
      if (!other) {
        first.set(k, c);
      } else if (inStack(c) || inStack(other)) {
        errors.push(`[${c.node.path}] ${label} ${JSON.stringify(k)} is also used by ${other.node.path}: ${why}`);
      }
    }
  };
  check('topic.prefix', (c) => c.model.topicPrefix, 'the connectors would write to the same topics and share offsets. Give each source its own topicPrefix.');
  check('database.server.id', (c) => (c.model.serverId === undefined ? undefined : String(c.model.serverId)), 'MySQL disconnects one of two replicas with the same server id. Give each MySQL source its own serverId.');
  check('slot.name', (c) => (c.model.slotName === undefined ? undefined : `${c.source.hostname}:${c.source.port}/${c.source.database}/${c.model.slotName}`), 'two connectors cannot share a replication slot.');
  return errors;
}
