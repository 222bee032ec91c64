import { TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Expectation } from './expectation';
import { Checkpointing, CheckpointingMode, FLINK_CREDENTIALS_FIX, FlinkResources, FlinkTarget, RestartStrategy, UpgradeMode } from './flink-settings';
import { FlinkStatement, FlinkStatementKind } from './flink-statement';
import { DeliveryGuarantee, FlinkTable, FlinkTableKind } from './flink-table';
import { FlinkVersion } from './flink-version';
import { DebeziumConnector } from '../cdc/debezium-connector';
import { Duration } from '../core/duration';
import { operatorDirectoryProblems, renderFlinkConfiguration, renderFlinkDeployment, renderScriptConfigMap } from './private/deployment';
import { RenderedSql, renderJobSql, SqlDialect } from './private/sql';
import { kebabCase } from '../core/private/naming';
import { requireNoLiteralCredentials } from '../core/private/secrets';
import { defaultProvider, stackSingleton } from '../core/private/stack-state';
import { escapeTerraformLiterals, isToken, requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Size } from '../core/size';
import { KubernetesManifest } from '../delivery/kubernetes-manifest';
import { SyncWave } from '../delivery/sync-wave';
import { KafkaCluster, KafkaClusterKind } from '../kafka/kafka-cluster';
import type { ITopic } from '../kafka/topic';
import { FlinkStatement as FlinkStatementResource } from '../providers/confluent/flink-statement';
import { ConfluentProvider } from '../providers/confluent/provider';

/** Where a job runs. */
export enum FlinkTargetKind {
  /** Flink Kubernetes Operator. */
  KUBERNETES = 'kubernetes',
  /** Confluent Cloud for Apache Flink. */
  CONFLUENT_CLOUD = 'confluent-cloud',
}

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
const CPU_MIN = 0.1;

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
    const k8s = props.target.kubernetesOptions;
    this.jobName = name;
    this.targetKind = k8s ? FlinkTargetKind.KUBERNETES : FlinkTargetKind.CONFLUENT_CLOUD;
    this.version = props.version ?? FlinkVersion.V1_20;
    if (!(this.version instanceof FlinkVersion)) {
      throw ValidationError.of(this, 'version', 'a FlinkVersion (FlinkVersion.V1_20, FlinkVersion.of(\'1.20\'), …)', String(props.version));
    }
    // Window TVF aggregates accept update and delete input only from Flink 1.19 on (FLINK-20281,
    // apache/flink#24030, "support consuming cdc stream about window tvf aggregate", released in
    // 1.19.0); before, the planner refuses the job: "StreamPhysicalWindowAggregate doesn't support
    // consuming update and delete changes". Confluent Cloud runs its own current Flink.
    const changelogWindows = props.statements.filter((s) => s?.kind === FlinkStatementKind.WINDOW_AGGREGATE && s.readsChangelog);
    if (k8s && changelogWindows.length > 0 && !this.version.isAtLeast(1, 19)) {
      throw ValidationError.of(
        this,
        'version',
        `at least 1.19 for a window aggregate over a Debezium change stream (${changelogWindows.map((s) => s.into!.name).join(', ')}): earlier planners refuse update and delete input to window aggregates`,
        this.version.version,
        'use FlinkVersion.V1_20 (the default) or later',
      );
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

    let checkpointing = props.checkpointing;
    if (k8s && !checkpointing) {
      throw ValidationError.of(
        this,
        'checkpointing',
        'set on a Kubernetes job (the interval is part of end-to-end freshness: there is no safe default)',
        undefined,
        'checkpointing: Checkpointing.every(Duration.seconds(10)), or Checkpointing.disabled() for a stateless job',
      );
    }
    this.checkpointInterval = k8s ? checkpointing!.interval : undefined;
    this.checkpointingEnabled = k8s ? checkpointing!.enabled : true;
    this.exactlyOnce = k8s ? checkpointing!.enabled && checkpointing!.mode === CheckpointingMode.EXACTLY_ONCE : true;

    let rendered: RenderedSql;
    try {
      rendered = this.renderSql(props, k8s ? SqlDialect.APACHE_FLINK : SqlDialect.CONFLUENT_CLOUD);
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

    if (k8s) {
      const result = this.placeOnKubernetes(props, checkpointing!);
      this.flinkConfiguration = result.configuration;
      this.deployment = result.deployment;
      this.confluentStatements = [];
    } else {
      this.flinkConfiguration = {};
      this.confluentStatements = this.placeOnConfluentCloud(props, rendered);
    }
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

  private placeOnKubernetes(props: FlinkSqlJobProps, checkpointing: Checkpointing) {
    const k8s = props.target.kubernetesOptions!;
    const ha = k8s.highAvailability ?? true;
    const uri = k8s.stateStorageUri;
    if (uri !== undefined && !isToken(uri) && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(uri)) {
      throw ValidationError.of(this, 'target.stateStorageUri', 'a URI such as s3://bucket/flink', uri);
    }
    if (!uri && this.upgradeMode !== UpgradeMode.STATELESS) {
      throw ValidationError.of(
        this,
        'target.stateStorageUri',
        `set for upgradeMode ${this.upgradeMode} (the operator needs a savepoint directory)`,
        undefined,
        'set stateStorageUri: \'s3://bucket/flink\'',
      );
    }
    if (!uri && ha) {
      throw ValidationError.of(this, 'target.stateStorageUri', 'set when highAvailability is on (HA metadata needs durable storage)', undefined, 'set stateStorageUri or highAvailability: false');
    }
    if (this.upgradeMode === UpgradeMode.LAST_STATE && (!checkpointing.enabled || !ha)) {
      throw ValidationError.of(
        this,
        'upgradeMode',
        'savepoint or stateless unless checkpointing and highAvailability are both on (last-state restores from HA checkpoint metadata)',
        this.upgradeMode,
      );
    }
    const taskSlots = props.taskSlots ?? 2;
    requireWholeNumber(this, 'taskSlots', taskSlots, { min: 1 });
    const resources = (setting: string, r: FlinkResources | undefined, memory: Size) => {
      const cpu = r?.cpu ?? 1;
      const mem = r?.memory ?? memory;
      if (typeof cpu !== 'number' || !Number.isFinite(cpu) || !(cpu >= CPU_MIN)) throw ValidationError.of(this, `${setting}.cpu`, `a number >= ${CPU_MIN}`, cpu);
      if (mem.toBytes() % (1024 * 1024) !== 0 || mem.compareTo(Size.mebibytes(768)) < 0) {
        throw ValidationError.of(this, `${setting}.memory`, 'whole mebibytes, at least 768 MiB (Flink\'s process memory model needs it)', mem.toString());
      }
      return { cpu, memory: mem };
    };
    const jobManager = resources('jobManager', props.jobManager, Size.gibibytes(2));
    const taskManager = resources('taskManager', props.taskManager, Size.gibibytes(4));
    const prometheus = props.prometheus ?? true;
    const configuration = renderFlinkConfiguration({
      version: this.version,
      jobName: this.jobName,
      checkpointing,
      stateStorageUri: uri,
      highAvailability: ha,
      restartStrategy: props.restartStrategy ?? RestartStrategy.exponentialDelay(),
      prometheus,
      taskSlots,
      extra: props.flinkConfiguration ?? {},
    });
    const problems = operatorDirectoryProblems(configuration, this.upgradeMode);
    if (problems.length > 0) {
      throw ValidationError.of(
        this,
        'flinkConfiguration',
        `a configuration the Flink Kubernetes Operator accepts: it needs ${problems.join(' and ')}`,
        undefined,
        'do not blank the directories in flinkConfiguration, or use UpgradeMode.STATELESS',
      );
    }
    const labels = { 'app.kubernetes.io/name': this.jobName, 'app.kubernetes.io/component': 'flink-sql-job', 'app.kubernetes.io/managed-by': 'cdktf-realtime-pipeline' };
    const configMapName = `${this.jobName}-sql`;
    new KubernetesManifest(this, 'Script', {
      manifest: renderScriptConfigMap(configMapName, k8s.namespace, labels, this.script),
      syncWave: SyncWave.CONFIG,
    });
    const deployment = new KubernetesManifest(this, 'Deployment', {
      manifest: renderFlinkDeployment({
        name: this.jobName,
        namespace: k8s.namespace,
        version: this.version,
        image: k8s.image ?? `flink:${this.version.version}`,
        serviceAccount: k8s.serviceAccount ?? 'flink',
        configuration,
        jarUri: k8s.sqlRunnerJarUri ?? 'local:///opt/flink/usrlib/sql-runner.jar',
        parallelism: this.parallelism,
        upgradeMode: this.upgradeMode,
        jobManager,
        taskManager,
        configMapName,
        prometheus,
        labels,
        suspended: props.suspended ?? false,
        allowNonRestoredState: this.allowNonRestoredState,
        initialSavepointPath: props.initialSavepointPath,
      }),
      syncWave: SyncWave.JOBS,
    });
    return { configuration, deployment };
  }

  private placeOnConfluentCloud(props: FlinkSqlJobProps, rendered: RenderedSql): FlinkStatementResource[] {
    const cc = props.target.confluentCloudOptions!;
    for (const [setting, value, pattern] of [
      ['computePoolId', cc.computePoolId, /^lfcp-[a-z0-9]+$/],
      ['environmentId', cc.environmentId, /^env-[a-z0-9]+$/],
      ['principalId', cc.principalId, /^(sa|u|pool)-[a-z0-9]+$/],
    ] as const) {
      if (!isToken(value) && !pattern.test(value ?? '')) {
        throw ValidationError.of(this, `target.${setting}`, `an id matching ${pattern.source}`, value);
      }
    }
    if (!isToken(cc.restEndpoint) && !/^https:\/\/\S+$/.test(cc.restEndpoint ?? '')) {
      throw ValidationError.of(this, 'target.restEndpoint', 'an https URL', cc.restEndpoint);
    }
    const properties: Record<string, string> = {
      'sql.current-catalog': cc.catalog ?? cc.environmentId,
      'sql.current-database': cc.database,
    };
    for (const [k, v] of Object.entries(props.sqlSettings ?? {})) {
      if (k in properties) throw ValidationError.of(this, `sqlSettings["${k}"]`, 'a key other than the catalog and database (set those on the target)', v);
      properties[k] = v;
    }
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(properties).sort()) sorted[k] = properties[k];
    // User text (a setting value, an id, the endpoint) is literal for Terraform: `${` and `%{`
    // are escaped; the credentials are variable references (tokens) and stay as they are.
    const common = escapeTerraformLiterals({
      computePool: { id: cc.computePoolId },
      environment: { id: cc.environmentId },
      organization: { id: cc.organizationId },
      principal: { id: cc.principalId },
      restEndpoint: cc.restEndpoint,
      credentials: { key: cc.apiKey.toTerraformValue(this), secret: cc.apiSecret.toTerraformValue(this) },
      properties: sorted,
    });
    const cluster = this.clusterOf(props);
    const provider = cluster?.kind === KafkaClusterKind.CONFLUENT_CLOUD ? cluster._provider(this) : confluentProvider(this);
    // The statements wait for the topics Terraform creates (and, for a CDC topic, for the
    // connector that registers its schemas): one owner per topic, and no ALTER TABLE before the
    // table it alters exists.
    const topics = [...this.consumedTopics, ...this.producedTopics];
    const upstream = [...new Set(topics.flatMap((t) => [...terraformResources(t), ...connectorResources(t)]))];
    // Each DDL waits for the previous one: a checked view needs its tables to exist. An inferred
    // table is one catalog object for every job of the stack: the first job that uses it shapes it
    // (ALTER TABLE … ADD fails the second time), later jobs wait for those statements, and two jobs
    // that would shape it differently are refused.
    const shaped = shapedTables(this);
    const own: FlinkStatementResource[] = [];
    const chain: FlinkStatementResource[] = [];
    const byTable = new Map<string, Array<{ name: string; sql: string }>>();
    for (const d of rendered.ddl) if (d.table) byTable.set(d.table, [...(byTable.get(d.table) ?? []), d]);
    const settled = new Set<string>();
    for (const d of rendered.ddl) {
      if (d.table) {
        const key = `${cc.environmentId}/${cc.database}/${d.table}`;
        const mine = byTable.get(d.table)!.map((x) => x.sql).join('\n');
        const existing = shaped.get(key);
        if (existing && existing.owner !== this) {
          if (existing.sql !== mine) {
            throw ValidationError.of(
              this,
              `tables[${d.table}]`,
              `shaped as ${existing.owner.node.path} shapes it (a table over a topic Terraform creates is one Confluent Cloud catalog object: its options, metadata columns and watermark are shared)`,
              'different options, metadata columns or watermark',
              'declare the table alike in every job that reads it (the same columns, event time, watermark delay and metadata)',
            );
          }
          if (!settled.has(key)) chain.push(...existing.statements);
          settled.add(key);
          continue;
        }
        if (!existing) shaped.set(key, { owner: this, sql: mine, statements: [] });
      }
      const statement = new FlinkStatementResource(this, `Ddl-${d.name}`, {
        ...common,
        provider,
        statementName: `${this.jobName}-ddl-${d.name.replace(/_/g, '-').toLowerCase()}`,
        statement: escapeTerraformLiterals(d.sql),
        // The job's first own statement waits for its topics (and connector) too, also after
        // statements of another job it reuses.
        dependsOn: own.length === 0 ? orUndefined([...upstream, ...chain.slice(-1)]) : [chain[chain.length - 1]],
      });
      if (d.table) shaped.get(`${cc.environmentId}/${cc.database}/${d.table}`)!.statements.push(statement);
      own.push(statement);
      chain.push(statement);
    }
    const dml = new FlinkStatementResource(this, 'StatementSet', {
      ...common,
      provider,
      statementName: `${this.jobName}-dml`,
      statement: escapeTerraformLiterals(rendered.dml),
      stopped: props.suspended ?? false,
      dependsOn: chain.length > 0 ? chain : upstream,
    });
    return [...own, dml];
  }
}

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** Per stack: the inferred Confluent Cloud tables shaped so far, by environment, database and table. */
function shapedTables(scope: IConstruct) {
  return stackSingleton(scope, 'RealtimePipelineShapedTables', () => new Map<string, { owner: FlinkSqlJob; sql: string; statements: FlinkStatementResource[] }>());
}

/** The Terraform resources behind a topic (none for `Topic.fromName()` imports). */
function terraformResources(topic: ITopic): TerraformResource[] {
  return topic.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
}

/** The connector resources of the `DebeziumConnector` that writes a CDC topic (it registers the topic's schemas). */
function connectorResources(topic: ITopic): TerraformResource[] {
  const owner = topic.node.scope;
  if (!owner || !DebeziumConnector.isDebeziumConnector(owner) || !Object.values(owner.tableTopics).includes(topic)) return [];
  return owner.node.children.filter((c): c is TerraformResource => c instanceof TerraformResource);
}

/**
 * The stack's default Confluent provider, created bare when none exists: statements carry their own
 * Flink API credentials and endpoint, so the provider needs no Cloud API key for them.
 */
function confluentProvider(scope: Construct): ConfluentProvider {
  return defaultProvider(scope, ConfluentProvider, (stack) => new ConfluentProvider(stack, 'confluent', {}));
}
