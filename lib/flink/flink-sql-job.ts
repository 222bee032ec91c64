import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { FlinkJobModel } from './flink-job-model';
import { Checkpointing, FLINK_CREDENTIALS_FIX, FlinkResources, RestartStrategy, UpgradeMode } from './flink-settings';
import { FlinkStatement } from './flink-statement';
import { FlinkTarget } from './flink-target';
import { FlinkVersion } from './flink-version';
import { Duration } from '../core/duration';
import { describeSinks, describeSources } from './private/job-model';
import { terraformResources } from './private/placement';
import { RenderedSql, renderJobSql, SqlDialect } from './private/sql';
import { kebabCase } from '../core/private/naming';
import { requireNoLiteralCredentials } from '../core/private/secrets';
import { requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { KubernetesManifest } from '../delivery/kubernetes-manifest';
import { KafkaCluster } from '../kafka/kafka-cluster';
import type { ITopic } from '../kafka/topic';

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

  /** Job name (identity: the FlinkDeployment / statement name prefix and the consumer group). */
  public readonly jobName: string;
  /** What the job is, as plain data (settings, sources, sinks, watermarks, SQL). */
  public readonly model: FlinkJobModel;
  /** The dead-letter topic, if any. */
  public readonly deadLetterTopic?: ITopic;
  /** Topics read (source tables' topics and `consumes`). */
  public readonly consumedTopics: ITopic[];
  /** Topics written (sink tables' topics, the dead-letter topic and `produces`). */
  public readonly producedTopics: ITopic[];
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
    const version = props.version ?? FlinkVersion.V1_20;
    if (!(version instanceof FlinkVersion)) {
      throw ValidationError.of(this, 'version', 'a FlinkVersion (FlinkVersion.V1_20, FlinkVersion.of(\'1.20\'), …)', String(props.version));
    }
    requireNoLiteralCredentials(this, 'flinkConfiguration', props.flinkConfiguration, FLINK_CREDENTIALS_FIX);
    requireNoLiteralCredentials(this, 'sqlSettings', props.sqlSettings, FLINK_CREDENTIALS_FIX);
    const parallelism = props.parallelism ?? 2;
    requireWholeNumber(this, 'parallelism', parallelism, { min: 1 });
    const upgradeMode = props.upgradeMode ?? UpgradeMode.SAVEPOINT;
    if (!Object.values(UpgradeMode).includes(upgradeMode)) {
      throw ValidationError.of(this, 'upgradeMode', `one of ${Object.values(UpgradeMode).join(', ')}`, upgradeMode);
    }
    const allowNonRestoredState = props.allowNonRestoredState ?? false;
    this.deadLetterTopic = props.deadLetterTopic;

    target._check({ scope: this, version, statements: props.statements, checkpointing: props.checkpointing });
    const checkpointing = target._checkpointing(props.checkpointing);

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
    const expectations = props.statements.flatMap((s) => s.expectations);
    const unique = (topics: Array<ITopic | undefined>) => [...new Set(topics.filter((t): t is ITopic => t !== undefined))];
    this.consumedTopics = unique([...rendered.tables.filter((t) => !t.isSink).map((t) => t.topic), ...(props.consumes ?? [])]);
    this.producedTopics = unique([
      ...rendered.tables.filter((t) => t.isSink).map((t) => t.topic),
      expectations.length > 0 ? props.deadLetterTopic : undefined,
      ...(props.produces ?? []),
    ]);
    if (props.principal !== undefined) {
      for (const t of this.consumedTopics) t.grantRead(props.principal, this.jobName);
      for (const t of this.producedTopics) t.grantWrite(props.principal);
    }

    const placed = target._place(
      {
        scope: this,
        jobName: this.jobName,
        version,
        upgradeMode,
        parallelism,
        allowNonRestoredState,
        script: rendered.script,
        rendered,
        consumedTopics: this.consumedTopics,
        producedTopics: this.producedTopics,
        cluster: this.clusterOf(props),
        options: props,
      },
      props.checkpointing,
    );
    this.deployment = placed.deployment;
    this.confluentStatements = placed.confluentStatements;
    this.model = {
      jobName: this.jobName,
      targetKind: target.kind,
      version,
      checkpointInterval: checkpointing.interval,
      checkpointingEnabled: checkpointing.enabled,
      exactlyOnce: checkpointing.exactlyOnce,
      upgradeMode,
      parallelism,
      allowNonRestoredState,
      sinks: describeSinks(props.statements, rendered),
      sources: describeSources(props.statements, rendered.tables),
      watermarks: rendered.tables
        .filter((t) => !t.isSink && t.eventTime && t.watermarkDelay)
        .map((t) => ({ tableName: t.name, column: t.eventTime!, delay: t.watermarkDelay! })),
      expectations,
      deadLetterTopicName: props.deadLetterTopic?.topicName,
      freshnessThreshold: props.freshnessThreshold,
      stateful: props.statements.some((s) => s.isStateful),
      script: rendered.script,
      ddlStatements: rendered.ddl.map((d) => d.sql),
      dmlStatement: rendered.dml,
      flinkConfiguration: placed.flinkConfiguration,
    };
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
}
