import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Expectation } from './expectation';
import { Checkpointing, FLINK_CREDENTIALS_FIX, FlinkResources, RestartStrategy, UpgradeMode } from './flink-settings';
import { FlinkStatement, FlinkStatementKind } from './flink-statement';
import { DeliveryGuarantee, FlinkTable, FlinkTableKind } from './flink-table';
import { FlinkTarget } from './flink-target';
import { FlinkTargetKind } from './flink-target-options';
import { FlinkVersion } from './flink-version';
import { Duration } from '../core/duration';
import { terraformResources } from './private/placement';
import { RenderedSql, renderJobSql, SqlDialect } from './private/sql';
import { kebabCase } from '../core/private/naming';
import { requireNoLiteralCredentials } from '../core/private/secrets';
import { requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { KubernetesManifest } from '../delivery/kubernetes-manifest';
import { KafkaCluster } from '../kafka/kafka-cluster';
import type { ITopic } from '../kafka/topic';

/** A sink of a job, as the rule pack and the freshness budget see it. */
export interface FlinkSinkInfo {
  /** Table name in the job. */
  readonly tableName: string;
  /** Topic written (empty when a hand-written DDL does not say). */
  readonly topicName: string;
  /** Connector: `kafka` or `upsert-kafka`. */
  readonly connector: string;
  /** Delivery guarantee. */
  readonly deliveryGuarantee: DeliveryGuarantee;
  /** Primary key columns (empty when none). */
  readonly primaryKey: string[];
  /** Whether this is the dead-letter sink. */
  readonly deadLetter: boolean;
}

/** A watermark of a source table. */
export interface FlinkWatermarkInfo {
  /** Table name. */
  readonly tableName: string;
  /** Event-time column. */
  readonly column: string;
  /** Bounded out-of-orderness: adds to freshness downstream. */
  readonly delay: Duration;
}

/** A source table of a job. */
export interface FlinkSourceInfo {
  /** Table name. */
  readonly tableName: string;
  /** Topic read. */
  readonly topicName: string;
  /** Event-time column, if declared. */
  readonly eventTime?: string;
  /** Whether the source has a watermark. */
  readonly hasWatermark: boolean;
  /** Whether a statement that orders or groups by event time reads it (it then needs a watermark). */
  readonly feedsStatefulOperator: boolean;
  /**
   * Whether a statement emits its results only when the watermark passes (a window aggregate): the
   * watermark delay is then part of the output's delay. Latest-by-key emits each change at once.
   */
  readonly emitsOnWatermark: boolean;
}

/** Props of `FlinkSqlJob`. */
export interface FlinkSqlJobProps {
  /**
   * Job name: the FlinkDeployment / statement name prefix, the consumer group and `pipeline.name`.
   * Lowercase letters, digits and `-`, at most 45 characters.
   * @default - the construct id in kebab case
   */
  readonly name?: string;
  /** The inserts of the job, built with `FlinkStatement.latestByKey()`, `windowAggregate()` or `sql()`. */
  readonly statements: FlinkStatement[];
  /** Where the job runs. */
  readonly target: FlinkTarget;
  /**
   * The Kafka cluster the tables live on: its bootstrap servers and Schema Registry URL go into the
   * table options (Apache Flink) — on Confluent Cloud the catalog already knows them.
   * @default - `bootstrapServers` and `schemaRegistryUrl` must be set
   */
  readonly cluster?: KafkaCluster;
  /**
   * Bootstrap servers, comma-separated, overriding the cluster's (e.g. an in-cluster listener).
   * @default - the cluster's
   */
  readonly bootstrapServers?: string;
  /**
   * Schema Registry URL, overriding the cluster's.
   * @default - the cluster's
   */
  readonly schemaRegistryUrl?: string;
  /**
   * Dead-letter topic for rows that fail an expectation (usually a `DeadLetterTopic`; the record is
   * described in docs/flink.md).
   * @default - none: failing rows are dropped, which rule RP-FLINK-5 reports
   */
  readonly deadLetterTopic?: ITopic;
  /**
   * Topics the job reads besides those its tables were given as `topic`.
   * @default - the topics of the source tables
   */
  readonly consumes?: ITopic[];
  /**
   * Topics the job writes besides those its tables were given as `topic`.
   * @default - the topics of the sink tables and the dead-letter topic
   */
  readonly produces?: ITopic[];
  /**
   * Kafka principal the job's clients authenticate as (`User:flink-orders`): when set, the job
   * grants it read on what it consumes (consumer group = job name) and write on what it produces.
   * @default - no grants
   */
  readonly principal?: string;
  /**
   * Flink version.
   * @default FlinkVersion.V1_20
   */
  readonly version?: FlinkVersion;
  /**
   * Parallelism of the job.
   * @default 2
   */
  readonly parallelism?: number;
  /**
   * Task slots per TaskManager.
   * @default 2
   */
  readonly taskSlots?: number;
  /**
   * JobManager resources.
   * @default - 1 CPU, 2 GiB
   */
  readonly jobManager?: FlinkResources;
  /**
   * TaskManager resources.
   * @default - 1 CPU, 4 GiB
   */
  readonly taskManager?: FlinkResources;
  /**
   * Checkpointing. Required on Kubernetes (pass `Checkpointing.disabled()` to opt out): the
   * interval is part of the freshness of every exactly-once sink.
   * @default - none: a Kubernetes job throws; Confluent Cloud manages checkpoints itself
   */
  readonly checkpointing?: Checkpointing;
  /**
   * Restart strategy.
   * @default RestartStrategy.exponentialDelay()
   */
  readonly restartStrategy?: RestartStrategy;
  /**
   * How the operator carries state across a change.
   * @default UpgradeMode.SAVEPOINT
   */
  readonly upgradeMode?: UpgradeMode;
  /**
   * Prometheus metrics reporter on port 9249.
   * @default true
   */
  readonly prometheus?: boolean;
  /**
   * Extra Flink configuration, applied last.
   * @default - none
   * @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/deployment/config/
   */
  readonly flinkConfiguration?: Record<string, string>;
  /**
   * SQL session settings: `SET` statements in the script (Apache Flink) or statement properties
   * (Confluent Cloud), e.g. `table.exec.source.idle-timeout`.
   * @default - none
   */
  readonly sqlSettings?: Record<string, string>;
  /**
   * The freshness threshold the job's output serves, if known: rule RP-FLINK-4 compares the
   * watermark delays with it.
   * @default - unknown
   */
  readonly freshnessThreshold?: Duration;
  /**
   * Deploy the job suspended (Kubernetes `state: suspended`) or stopped (Confluent Cloud; note
   * confluentinc/terraform-provider-confluent #695: some provider versions ignore `stopped` on create).
   * @default false
   */
  readonly suspended?: boolean;
  /**
   * Let the next upgrade drop state that no operator of the changed query claims
   * (`spec.job.allowNonRestoredState`): the declared upgrade path for a state-incompatible SQL change.
   * @default false
   */
  readonly allowNonRestoredState?: boolean;
  /**
   * Savepoint to start a new deployment from (`spec.job.initialSavepointPath`), e.g. when moving a
   * job between clusters.
   * @default - none
   */
  readonly initialSavepointPath?: string;
}

const NAME = /^[a-z]([-a-z0-9]{0,43}[a-z0-9])?$/;

/**
 * A Flink SQL job: typed tables and statements, rendered once into Flink SQL, with quality gates
 * whose rejects go to a dead-letter topic in the same statement set.
 *
 * - Kubernetes: a `ConfigMap` with the script and a `FlinkDeployment` (Flink Kubernetes Operator)
 *   running it through the SQL-runner jar, with production defaults: exactly-once incremental
 *   RocksDB checkpoints retained on cancel, Kubernetes HA, savepoint upgrades, Prometheus metrics.
 * - Confluent Cloud: one `confluent_flink_statement` per DDL statement and one for the statement set.
 */
export class FlinkSqlJob extends Construct {
  /** Whether a construct is a `FlinkSqlJob`. */
  public static isFlinkSqlJob(x: any): x is FlinkSqlJob {
    return x instanceof FlinkSqlJob;
  }

  /** Job name. */
  public readonly jobName: string;
  /** Where the job runs. */
  public readonly targetKind: FlinkTargetKind;
  /** Flink version (Kubernetes). */
  public readonly version: FlinkVersion;
  /** Checkpoint interval, when checkpointing is on (undefined on Confluent Cloud: managed there). */
  public readonly checkpointInterval?: Duration;
  /** Whether checkpointing is on (always on Confluent Cloud). */
  public readonly checkpointingEnabled: boolean;
  /** Whether checkpoints are exactly-once. */
  public readonly exactlyOnce: boolean;
  /** Upgrade mode (Kubernetes). */
  public readonly upgradeMode: UpgradeMode;
  /** Parallelism. */
  public readonly parallelism: number;
  /** Whether the next upgrade may drop unclaimed state. */
  public readonly allowNonRestoredState: boolean;
  /** The sinks with their delivery semantics. */
  public readonly sinks: FlinkSinkInfo[];
  /** The sources with their event time and watermark. */
  public readonly sources: FlinkSourceInfo[];
  /** The watermarks of the sources. */
  public readonly watermarks: FlinkWatermarkInfo[];
  /** Every expectation of every gated statement. */
  public readonly expectations: Expectation[];
  /** Name of the dead-letter topic, if any. */
  public readonly dlqTopic?: string;
  /** The dead-letter topic, if any. */
  public readonly deadLetterTopic?: ITopic;
  /** Topics read (source tables' topics and `consumes`). */
  public readonly consumedTopics: ITopic[];
  /** Topics written (sink tables' topics, the dead-letter topic and `produces`). */
  public readonly producedTopics: ITopic[];
  /** Freshness threshold the job serves, if known. */
  public readonly freshnessThreshold?: Duration;
  /** Whether the job keeps state (dedup, windows, joins): then a stateless upgrade loses it. */
  public readonly stateful: boolean;
  /** The generated SQL script (the whole job, as the SQL runner reads it). */
  public readonly script: string;
  /** The DDL statements, in order. */
  public readonly ddlStatements: string[];
  /** The one DML statement (`EXECUTE STATEMENT SET BEGIN … END;`). */
  public readonly dmlStatement: string;
  /** Flink configuration (Kubernetes; empty on Confluent Cloud). */
  public readonly flinkConfiguration: Record<string, string>;
  /** The FlinkDeployment (Kubernetes). */
  public readonly deployment?: KubernetesManifest;
  /** The Confluent Cloud statements, DDL first, the statement set last. */
  public readonly confluentStatements: TerraformResource[];

  constructor(scope: Construct, id: string, props: FlinkSqlJobProps) {
    super(scope, id);
    const name = props.name ?? kebabCase(id);
    if (!NAME.test(name)) {
      throw ValidationError.of(this, 'name', 'lowercase letters, digits and "-", starting with a letter, at most 45 characters', name);
    }
    if (!(props.target instanceof FlinkTarget)) {
      throw ValidationError.of(this, 'target', 'FlinkTarget.kubernetes() or FlinkTarget.confluentCloud()', String(props.target));
    }
    if (!Array.isArray(props.statements) || props.statements.length === 0) {
      throw ValidationError.of(this, 'statements', 'a non-empty list', props.statements, 'add FlinkStatement.latestByKey(), windowAggregate() or sql()');
    }
    const target = props.target;
    this.jobName = name;
    this.targetKind = target.kind;
    this.version = props.version ?? FlinkVersion.V1_20;
    if (!(this.version instanceof FlinkVersion)) {
      throw ValidationError.of(this, 'version', 'a FlinkVersion (FlinkVersion.V1_20, FlinkVersion.of(\'1.20\'), …)', String(props.version));
    }
    requireNoLiteralCredentials(this, 'flinkConfiguration', props.flinkConfiguration, FLINK_CREDENTIALS_FIX);
    requireNoLiteralCredentials(this, 'sqlSettings', props.sqlSettings, FLINK_CREDENTIALS_FIX);
    this.parallelism = props.parallelism ?? 2;
    requireWholeNumber(this, 'parallelism', this.parallelism, { min: 1 });
    this.upgradeMode = props.upgradeMode ?? UpgradeMode.SAVEPOINT;
    if (!Object.values(UpgradeMode).includes(this.upgradeMode)) {
      throw ValidationError.of(this, 'upgradeMode', `one of ${Object.values(UpgradeMode).join(', ')}`, this.upgradeMode);
    }
    this.allowNonRestoredState = props.allowNonRestoredState ?? false;
    this.freshnessThreshold = props.freshnessThreshold;
    this.deadLetterTopic = props.deadLetterTopic;
    this.dlqTopic = props.deadLetterTopic?.topicName;

    target._check({ scope: this, version: this.version, statements: props.statements, checkpointing: props.checkpointing });
    const checkpointing = target._checkpointing(props.checkpointing);
    this.checkpointInterval = checkpointing.interval;
    this.checkpointingEnabled = checkpointing.enabled;
    this.exactlyOnce = checkpointing.exactlyOnce;

    let rendered: RenderedSql;
    try {
      rendered = this.renderSql(props, target._dialect);
    } catch (e) {
      // Statement-level checks name the expectation or table; say which job they belong to.
      if (e instanceof ValidationError && !e.path.startsWith(this.node.path)) {
        throw new ValidationError({ path: this.node.path, setting: `${e.path}: ${e.setting}`, limit: e.limit, value: e.value, fix: e.fix });
      }
      throw e;
    }
    this.script = rendered.script;
    this.ddlStatements = rendered.ddl.map((d) => d.sql);
    this.dmlStatement = rendered.dml;

    this.expectations = props.statements.flatMap((s) => s.expectations);
    this.stateful = props.statements.some((s) => s.isStateful);
    this.sinks = this.describeSinks(props.statements, rendered);
    this.sources = this.describeSources(props.statements, rendered.tables);
    const unique = (topics: Array<ITopic | undefined>) => [...new Set(topics.filter((t): t is ITopic => t !== undefined))];
    this.consumedTopics = unique([...rendered.tables.filter((t) => !t.isSink).map((t) => t.topic), ...(props.consumes ?? [])]);
    this.producedTopics = unique([
      ...rendered.tables.filter((t) => t.isSink).map((t) => t.topic),
      this.expectations.length > 0 ? props.deadLetterTopic : undefined,
      ...(props.produces ?? []),
    ]);
    if (props.principal !== undefined) {
      for (const t of this.consumedTopics) t.grantRead(props.principal, this.jobName);
      for (const t of this.producedTopics) t.grantWrite(props.principal);
    }
    this.watermarks = rendered.tables
      .filter((t) => !t.isSink && t.eventTime && t.watermarkDelay)
      .map((t) => ({ tableName: t.name, column: t.eventTime!, delay: t.watermarkDelay! }));

    const placed = target._place(
      {
        scope: this,
        jobName: this.jobName,
        version: this.version,
        upgradeMode: this.upgradeMode,
        parallelism: this.parallelism,
        allowNonRestoredState: this.allowNonRestoredState,
        script: this.script,
        rendered,
        consumedTopics: this.consumedTopics,
        producedTopics: this.producedTopics,
        cluster: this.clusterOf(props),
        options: props,
      },
      props.checkpointing,
    );
    this.flinkConfiguration = placed.flinkConfiguration;
    this.deployment = placed.deployment;
    this.confluentStatements = placed.confluentStatements;
  }

  private renderSql(props: FlinkSqlJobProps, dialect: SqlDialect): RenderedSql {
    const cluster = this.clusterOf(props);
    const bootstrap = props.bootstrapServers ?? cluster?.bootstrapServers.join(',');
    // On Confluent Cloud a topic Terraform creates is already a table (inferred from the topic and
    // its schemas) when the statements run: CREATE TABLE IF NOT EXISTS would be a no-op that
    // drops our watermark and options, or, run first, would create the topic itself and make the
    // confluent_kafka_topic fail. Such tables are shaped with ALTER TABLE instead.
    const inferredTables = dialect === SqlDialect.CONFLUENT_CLOUD
      ? props.statements.flatMap((s) => [...s.reads, ...s.writes]).filter((t) => t.topic && terraformResources(t.topic).length > 0).map((t) => t.name)
      : [];
    return renderJobSql({
      inferredTables,
      path: this.node.path,
      jobName: this.jobName,
      dialect,
      statements: props.statements,
      bootstrapServers: bootstrap,
      schemaRegistryUrl: props.schemaRegistryUrl ?? cluster?.schemaRegistryUrl,
      deadLetter: props.deadLetterTopic ? { topicName: props.deadLetterTopic.topicName } : undefined,
      settings: props.sqlSettings,
    });
  }

  /** The cluster given, or the one the job's topics live on. */
  private clusterOf(props: FlinkSqlJobProps): KafkaCluster | undefined {
    if (props.cluster) return props.cluster;
    const tables = props.statements.flatMap((s) => [...s.reads, ...s.writes]);
    const topics = [...tables.map((t) => t.topic), props.deadLetterTopic, ...(props.consumes ?? []), ...(props.produces ?? [])];
    return topics.find((t) => t !== undefined)?.cluster;
  }

  private describeSinks(statements: FlinkStatement[], rendered: RenderedSql): FlinkSinkInfo[] {
    const out: FlinkSinkInfo[] = rendered.tables
      .filter((t) => t.isSink)
      .map((t) => ({
        tableName: t.name,
        topicName: t.topicName,
        connector: t.kind === FlinkTableKind.UPSERT_SINK ? 'upsert-kafka' : 'kafka',
        deliveryGuarantee: t.deliveryGuarantee!,
        primaryKey: [...t.primaryKey],
        deadLetter: t === rendered.deadLetterTable,
      }));
    // Hand-written DDL: read what it declares, so the rules see these sinks too.
    for (const s of statements.filter((x) => x.kind === FlinkStatementKind.SQL)) {
      const text = s._text!;
      const m = text.match(/^\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([\w.]+)`?/i);
      const connector = text.match(/'connector'\s*=\s*'([^']+)'/i)?.[1];
      if (!m || !connector || !/kafka/.test(connector)) continue;
      const pk = text.match(/PRIMARY\s+KEY\s*\(([^)]*)\)/i)?.[1];
      out.push({
        tableName: m[1],
        topicName: text.match(/'topic'\s*=\s*'([^']+)'/i)?.[1] ?? '',
        connector,
        deliveryGuarantee: (text.match(/'sink\.delivery-guarantee'\s*=\s*'([^']+)'/i)?.[1] as DeliveryGuarantee) ?? DeliveryGuarantee.AT_LEAST_ONCE,
        primaryKey: pk ? pk.split(',').map((c) => c.trim().replace(/`/g, '')) : [],
        deadLetter: false,
      });
    }
    return out;
  }

  private describeSources(statements: FlinkStatement[], tables: FlinkTable[]): FlinkSourceInfo[] {
    return tables
      .filter((t) => !t.isSink)
      .map((t) => ({
        tableName: t.name,
        topicName: t.topicName,
        eventTime: t.eventTime,
        hasWatermark: t.watermarkDelay !== undefined,
        feedsStatefulOperator: statements.some((s) => s.ordersByEventTime && s.reads.includes(t)),
        emitsOnWatermark: statements.some((s) => s.kind === FlinkStatementKind.WINDOW_AGGREGATE && s.reads.includes(t)),
      }));
  }
}
