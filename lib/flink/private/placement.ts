import { TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { operatorDirectoryProblems, renderFlinkConfiguration, renderFlinkDeployment, renderScriptConfigMap } from './deployment';
import { RenderedSql } from './sql';
import { DebeziumConnector } from '../../cdc/debezium-connector';
import { Duration } from '../../core/duration';
import { defaultProvider, stackSingleton } from '../../core/private/stack-state';
import { escapeTerraformLiterals, isToken, requireWholeNumber } from '../../core/private/validate';
import { ValidationError } from '../../core/private/validation-error';
import { Size } from '../../core/size';
import { KubernetesManifest } from '../../delivery/kubernetes-manifest';
import { SyncWave } from '../../delivery/sync-wave';
import { KafkaCluster, KafkaClusterKind } from '../../kafka/kafka-cluster';
import type { ITopic } from '../../kafka/topic';
import { FlinkStatement as FlinkStatementResource } from '../../providers/confluent/flink-statement';
import { ConfluentProvider } from '../../providers/confluent/provider';
import { Checkpointing, FlinkResources, RestartStrategy, UpgradeMode } from '../flink-settings';
import type { FlinkStatement } from '../flink-statement';
import type { ConfluentCloudFlinkTargetOptions, KubernetesFlinkTargetOptions } from '../flink-target-options';
import { FlinkVersion } from '../flink-version';

const CPU_MIN = 0.1;

/** What a target checks of a job before rendering it. */
export interface FlinkJobCheck {
  readonly scope: IConstruct;
  readonly version: FlinkVersion;
  readonly statements: FlinkStatement[];
  readonly checkpointing?: Checkpointing;
}

/** What a `FlinkTarget` needs to place one job: the job construct (the scope), its settings and rendered SQL. */
export interface FlinkJobPlacement {
  readonly scope: Construct;
  readonly jobName: string;
  readonly version: FlinkVersion;
  readonly upgradeMode: UpgradeMode;
  readonly parallelism: number;
  readonly allowNonRestoredState: boolean;
  readonly script: string;
  readonly rendered: RenderedSql;
  readonly consumedTopics: ITopic[];
  readonly producedTopics: ITopic[];
  /** The cluster given, or the one the job's topics live on. */
  readonly cluster?: KafkaCluster;
  /** The job's props a target reads. */
  readonly options: {
    readonly taskSlots?: number;
    readonly jobManager?: FlinkResources;
    readonly taskManager?: FlinkResources;
    readonly prometheus?: boolean;
    readonly restartStrategy?: RestartStrategy;
    readonly flinkConfiguration?: Record<string, string>;
    readonly suspended?: boolean;
    readonly initialSavepointPath?: string;
    readonly sqlSettings?: Record<string, string>;
  };
}

/** The checkpointing a job runs with on its target. */
export interface JobCheckpointing {
  readonly interval?: Duration;
  readonly enabled: boolean;
  readonly exactlyOnce: boolean;
}

/** What a target placed. */
export interface FlinkPlacement {
  /** The effective Flink configuration (Kubernetes; empty on Confluent Cloud). */
  readonly flinkConfiguration: Record<string, string>;
  readonly deployment?: KubernetesManifest;
  readonly confluentStatements: TerraformResource[];
}

/** A `ConfigMap` with the script and a `FlinkDeployment` running it (Flink Kubernetes Operator). */
export function placeOnKubernetes(p: FlinkJobPlacement, k8s: KubernetesFlinkTargetOptions, checkpointing: Checkpointing): FlinkPlacement {
  const ha = k8s.highAvailability ?? true;
  const uri = k8s.stateStorageUri;
  if (uri !== undefined && !isToken(uri) && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(uri)) {
    throw ValidationError.of(p.scope, 'target.stateStorageUri', 'a URI such as s3://bucket/flink', uri);
  }
  if (!uri && p.upgradeMode !== UpgradeMode.STATELESS) {
    throw ValidationError.of(
      p.scope,
      'target.stateStorageUri',
      `set for upgradeMode ${p.upgradeMode} (the operator needs a savepoint directory)`,
      undefined,
      'set stateStorageUri: \'s3://bucket/flink\'',
    );
  }
  if (!uri && ha) {
    throw ValidationError.of(p.scope, 'target.stateStorageUri', 'set when highAvailability is on (HA metadata needs durable storage)', undefined, 'set stateStorageUri or highAvailability: false');
  }
  if (p.upgradeMode === UpgradeMode.LAST_STATE && (!checkpointing.enabled || !ha)) {
    throw ValidationError.of(
      p.scope,
      'upgradeMode',
      'savepoint or stateless unless checkpointing and highAvailability are both on (last-state restores from HA checkpoint metadata)',
      p.upgradeMode,
    );
  }
  const taskSlots = p.options.taskSlots ?? 2;
  requireWholeNumber(p.scope, 'taskSlots', taskSlots, { min: 1 });
  const resources = (setting: string, r: FlinkResources | undefined, memory: Size) => {
    const cpu = r?.cpu ?? 1;
    const mem = r?.memory ?? memory;
    if (typeof cpu !== 'number' || !Number.isFinite(cpu) || !(cpu >= CPU_MIN)) throw ValidationError.of(p.scope, `${setting}.cpu`, `a number >= ${CPU_MIN}`, cpu);
    if (mem.toBytes() % (1024 * 1024) !== 0 || mem.compareTo(Size.mebibytes(768)) < 0) {
      throw ValidationError.of(p.scope, `${setting}.memory`, 'whole mebibytes, at least 768 MiB (Flink\'s process memory model needs it)', mem.toString());
    }
    return { cpu, memory: mem };
  };
  const jobManager = resources('jobManager', p.options.jobManager, Size.gibibytes(2));
  const taskManager = resources('taskManager', p.options.taskManager, Size.gibibytes(4));
  const prometheus = p.options.prometheus ?? true;
  const configuration = renderFlinkConfiguration({
    version: p.version,
    jobName: p.jobName,
    checkpointing,
    stateStorageUri: uri,
    highAvailability: ha,
    restartStrategy: p.options.restartStrategy ?? RestartStrategy.exponentialDelay(),
    prometheus,
    taskSlots,
    extra: p.options.flinkConfiguration ?? {},
  });
  const problems = operatorDirectoryProblems(configuration, p.upgradeMode);
  if (problems.length > 0) {
    throw ValidationError.of(
      p.scope,
      'flinkConfiguration',
      `a configuration the Flink Kubernetes Operator accepts: it needs ${problems.join(' and ')}`,
      undefined,
      'do not blank the directories in flinkConfiguration, or use UpgradeMode.STATELESS',
    );
  }
  const labels = { 'app.kubernetes.io/name': p.jobName, 'app.kubernetes.io/component': 'flink-sql-job', 'app.kubernetes.io/managed-by': 'cdktf-realtime-pipeline' };
  const configMapName = `${p.jobName}-sql`;
  new KubernetesManifest(p.scope, 'Script', {
    manifest: renderScriptConfigMap(configMapName, k8s.namespace, labels, p.script),
    syncWave: SyncWave.CONFIG,
  });
  const deployment = new KubernetesManifest(p.scope, 'Deployment', {
    manifest: renderFlinkDeployment({
      name: p.jobName,
      namespace: k8s.namespace,
      version: p.version,
      image: k8s.image ?? `flink:${p.version.version}`,
      serviceAccount: k8s.serviceAccount ?? 'flink',
      configuration,
      jarUri: k8s.sqlRunnerJarUri ?? 'local:///opt/flink/usrlib/sql-runner.jar',
      parallelism: p.parallelism,
      upgradeMode: p.upgradeMode,
      jobManager,
      taskManager,
      configMapName,
      prometheus,
      labels,
      suspended: p.options.suspended ?? false,
      allowNonRestoredState: p.allowNonRestoredState,
      initialSavepointPath: p.options.initialSavepointPath,
    }),
    syncWave: SyncWave.JOBS,
  });
  return { flinkConfiguration: configuration, deployment, confluentStatements: [] };
}

/** One `confluent_flink_statement` per DDL statement and one for the statement set. */
export function placeOnConfluentCloud(p: FlinkJobPlacement, cc: ConfluentCloudFlinkTargetOptions): FlinkPlacement {
  const rendered = p.rendered;
  for (const [setting, value, pattern] of [
    ['computePoolId', cc.computePoolId, /^lfcp-[a-z0-9]+$/],
    ['environmentId', cc.environmentId, /^env-[a-z0-9]+$/],
    ['principalId', cc.principalId, /^(sa|u|pool)-[a-z0-9]+$/],
  ] as const) {
    if (!isToken(value) && !pattern.test(value ?? '')) {
      throw ValidationError.of(p.scope, `target.${setting}`, `an id matching ${pattern.source}`, value);
    }
  }
  if (!isToken(cc.restEndpoint) && !/^https:\/\/\S+$/.test(cc.restEndpoint ?? '')) {
    throw ValidationError.of(p.scope, 'target.restEndpoint', 'an https URL', cc.restEndpoint);
  }
  const properties: Record<string, string> = {
    'sql.current-catalog': cc.catalog ?? cc.environmentId,
    'sql.current-database': cc.database,
  };
  for (const [k, v] of Object.entries(p.options.sqlSettings ?? {})) {
    if (k in properties) throw ValidationError.of(p.scope, `sqlSettings["${k}"]`, 'a key other than the catalog and database (set those on the target)', v);
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
    credentials: { key: cc.apiKey.toTerraformValue(p.scope), secret: cc.apiSecret.toTerraformValue(p.scope) },
    properties: sorted,
  });
  const cluster = p.cluster;
  const provider = cluster?.kind === KafkaClusterKind.CONFLUENT_CLOUD ? cluster._provider(p.scope) : confluentProvider(p.scope);
  // The statements wait for the topics Terraform creates (and, for a CDC topic, for the
  // connector that registers its schemas): one owner per topic, and no ALTER TABLE before the
  // table it alters exists.
  const topics = [...p.consumedTopics, ...p.producedTopics];
  const upstream = [...new Set(topics.flatMap((t) => [...terraformResources(t), ...connectorResources(t)]))];
  // Each DDL waits for the previous one: a checked view needs its tables to exist. An inferred
  // table is one catalog object for every job of the stack: the first job that uses it shapes it
  // (ALTER TABLE … ADD fails the second time), later jobs wait for those statements, and two jobs
  // that would shape it differently are refused.
  const shaped = shapedTables(p.scope);
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
      if (existing && existing.owner !== p.scope) {
        if (existing.sql !== mine) {
          throw ValidationError.of(
            p.scope,
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
      if (!existing) shaped.set(key, { owner: p.scope, sql: mine, statements: [] });
    }
    const statement = new FlinkStatementResource(p.scope, `Ddl-${d.name}`, {
      ...common,
      provider,
      statementName: `${p.jobName}-ddl-${d.name.replace(/_/g, '-').toLowerCase()}`,
      statement: escapeTerraformLiterals(d.sql),
      // The job's first own statement waits for its topics (and connector) too, also after
      // statements of another job it reuses.
      dependsOn: own.length === 0 ? orUndefined([...upstream, ...chain.slice(-1)]) : [chain[chain.length - 1]],
    });
    if (d.table) shaped.get(`${cc.environmentId}/${cc.database}/${d.table}`)!.statements.push(statement);
    own.push(statement);
    chain.push(statement);
  }
  const dml = new FlinkStatementResource(p.scope, 'StatementSet', {
    ...common,
    provider,
    statementName: `${p.jobName}-dml`,
    statement: escapeTerraformLiterals(rendered.dml),
    stopped: p.options.suspended ?? false,
    dependsOn: chain.length > 0 ? chain : upstream,
  });
  return { flinkConfiguration: {}, confluentStatements: [...own, dml] };
}

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** Per stack: the inferred Confluent Cloud tables shaped so far, by environment, database and table. */
function shapedTables(scope: IConstruct) {
  return stackSingleton(scope, 'RealtimePipelineShapedTables', () => new Map<string, { owner: IConstruct; sql: string; statements: FlinkStatementResource[] }>());
}

/** The Terraform resources behind a topic (none for `Topic.fromName()` imports). */
export function terraformResources(topic: ITopic): TerraformResource[] {
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
