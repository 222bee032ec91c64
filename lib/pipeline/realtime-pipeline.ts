import { execFileSync } from 'child_process';
import { Aspects } from 'cdktf';
import { Construct } from 'constructs';
import { FreshnessBudget, FreshnessBudgetResult } from './freshness-budget';
import { LineageGraph } from './lineage';
import { PipelineEnvironment } from './pipeline-environment';
import { PipelineStream } from './pipeline-stream';
import { CdcTable, Stream } from './stream';
import { CdcSource } from '../cdc/cdc-source';
import { ConnectorTarget, ConnectorTargetKind } from '../cdc/connector-target';
import { DebeziumConnector } from '../cdc/debezium-connector';
import { Duration } from '../core/duration';
import { freshnessHops } from './private/budget';
import { buildLineage } from './private/lineage-builder';
import { connectPodMonitor, flinkPodMonitor } from './private/pod-monitors';
import { ArtifactFile } from '../core/private/artifact';
import { atSynthStart } from '../core/private/cdktf/synth-start';
import { kebabCase, pipelineNames } from '../core/private/naming';
import { requireUrlWithoutCredentials } from '../core/private/secrets';
import { oncePerStack } from '../core/private/stack-state';
import { DNS_LABEL, requireInstance } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Delivery } from '../delivery/delivery';
import { FlinkTarget } from '../flink/flink-target';
import { FlinkTargetKind } from '../flink/flink-target-options';
import { FlinkVersion } from '../flink/flink-version';
import { PipelineLock, PipelineLockProps } from '../guard/pipeline-lock';
import { KafkaCluster, KafkaClusterKind } from '../kafka/kafka-cluster';
import { RulePack } from '../rules/rule-pack';
import { RuleSuppressions } from '../rules/suppressions';
import { OpenSlo } from '../slo/open-slo';
import { Slo } from '../slo/slo';
import { SloAlertRules } from '../slo/slo-alert-rules';

/** Kubernetes settings shared by the pipeline's connectors, jobs and rules. */
export interface PipelineKubernetesSettings {
  /** Namespace of the connectors, Flink jobs and rules. */
  readonly namespace: string;
  /**
   * Name of the Strimzi `KafkaConnect` the connectors run on (label `strimzi.io/cluster`).
   * @default 'connect'
   */
  readonly connectCluster?: string;
  /**
   * Labels on the `PrometheusRule` that the Prometheus Operator's `ruleSelector` matches
   * (kube-prometheus-stack: `{ release: '<helm release>' }`).
   * @default - none
   */
  readonly prometheusRuleLabels?: Record<string, string>;
  /**
   * Generate the `PodMonitor`s that make the Prometheus Operator scrape what the SLIs and system
   * alerts read: `<pipeline>-flink` (port `metrics`, 9249, of the pipeline's jobs) and, per Strimzi
   * Connect cluster of the pipeline's connectors, `<connectCluster>-metrics` (port
   * `tcp-prometheus`). They carry `prometheusRuleLabels`, which kube-prometheus-stack's
   * `podMonitorSelector` matches the same way. Turn off when the platform already scrapes these
   * pods: two monitors on one pod double every `sum` in the rules.
   * @default true
   */
  readonly podMonitors?: boolean;
  /**
   * Base URI of Flink's durable state (`s3://bucket/flink`): checkpoints, savepoints, HA metadata.
   * @default - none (required by stateful jobs on Kubernetes)
   */
  readonly flinkStateStorageUri?: string;
  /**
   * Flink image with the Kafka connectors, formats and the SQL-runner jar.
   * @default - `flink:<version>`
   */
  readonly flinkImage?: string;
  /**
   * Service account of the Flink pods.
   * @default 'flink'
   */
  readonly flinkServiceAccount?: string;
  /**
   * Flink release of the pipeline's jobs (`FlinkDeployment.spec.flinkVersion`, and the image's tag).
   * @default FlinkVersion.V1_20
   */
  readonly flinkVersion?: FlinkVersion;
}

/** Props of `RealtimePipeline`. */
export interface RealtimePipelineProps {
  /** The Kafka cluster every topic of the pipeline lives on. */
  readonly cluster: KafkaCluster;
  /**
   * Pipeline name: the prefix of topic, connector, job and rule names
   * (lowercase letters, digits and `-`, at most 24 characters).
   * @default - the construct id in kebab case
   */
  readonly name?: string;
  /**
   * Environment: durability settings and whether the production rules apply.
   * @default PipelineEnvironment.production()
   */
  readonly environment?: PipelineEnvironment;
  /**
   * Kubernetes settings (Strimzi connectors, Flink jobs, PrometheusRules).
   * @default - none: connectors and jobs must then target Confluent Cloud
   */
  readonly kubernetes?: PipelineKubernetesSettings;
  /**
   * How the Kubernetes resources reach the cluster.
   * @default Delivery.terraform()
   */
  readonly delivery?: Delivery;
  /**
   * Where the CDC connectors run.
   * @default - Strimzi when `kubernetes` is set, else Confluent Cloud managed connectors
   */
  readonly connectorTarget?: ConnectorTarget;
  /**
   * Where the Flink jobs run.
   * @default - the Flink Kubernetes Operator when `kubernetes` is set
   */
  readonly flinkTarget?: FlinkTarget;
  /**
   * Checkpoint interval of the stream jobs (exactly-once, RocksDB incremental).
   * @default Duration.seconds(10)
   */
  readonly checkpointInterval?: Duration;
  /**
   * Generate the system alerts (consumer lag, watermark delay, checkpoints, back pressure,
   * connector and task failures, DLQ rate) next to the SLO rules.
   * @default true
   */
  readonly systemAlerts?: boolean;
  /**
   * Apply the rule pack to the stack.
   * @default true
   */
  readonly rulePack?: boolean;
  /**
   * Destructive-change guard (lock file per stack).
   * @default - on, with `pipeline-locks/` as the lock directory
   */
  readonly lock?: PipelineLockProps;
  /**
   * Turn the destructive-change guard off (e.g. for throwaway stacks).
   * @default false
   */
  readonly disableLock?: boolean;
  /**
   * Also render the lineage as `pipelines/<name>/lineage.svg` with Graphviz's `dot`, at synth. Off
   * by default so the output never depends on what the machine has installed; without `dot` the
   * file is skipped with a message (`lineage.dot` holds the same graph).
   * @default false
   */
  readonly lineageSvg?: boolean;
}

const PROMETHEUS_REPORTER = 'metrics.reporter.prom.factory.class';
/**
 * One real-time pipeline: CDC sources, derived streams with quality gates, and the SLOs agreed
 * with the business, composed from the library's constructs under stable ids.
 *
 * Names follow one convention (see README):
 * - CDC topics: Debezium's `<topic.prefix>.<database>.<table>`, with `topic.prefix` = the source name;
 * - stream topics: `<pipeline>.<stream>`; dead letters: `dlq-<pipeline>.<stream>`;
 * - connectors: `<pipeline>-<source>`; Flink jobs: `<pipeline>-<stream>` (kebab case);
 * - rules and dashboards: `<pipeline>-slos`.
 *
 * At synth, the pipeline also writes its freshness budget, lineage (OpenLineage, Mermaid, DOT) and
 * its SLOs as OpenSLO under `pipelines/<name>/` next to `cdk.tf.json`.
 */
export class RealtimePipeline extends Construct {
  /** Whether a construct is a `RealtimePipeline`. */
  public static isRealtimePipeline(x: any): x is RealtimePipeline {
    return x instanceof RealtimePipeline;
  }

  /** Pipeline name (prefix of every generated name). */
  public readonly pipelineName: string;
  /** The Kafka cluster. */
  public readonly cluster: KafkaCluster;
  /** The environment. */
  public readonly environment: PipelineEnvironment;
  /** Kubernetes settings, if any. */
  public readonly kubernetes?: PipelineKubernetesSettings;
  /** Checkpoint interval of the stream jobs. */
  public readonly checkpointInterval: Duration;
  /** The CDC connectors, by source name. */
  public readonly sources: Record<string, DebeziumConnector> = {};
  /** The streams, by name. */
  public readonly streams: Record<string, PipelineStream> = {};
  /** The SLOs, in the order added. */
  public readonly slos: Slo[] = [];
  /** The SLO rules (created at synth, once every SLO is known). */
  public alertRules?: SloAlertRules;

  private readonly connectorTarget?: ConnectorTarget;
  private readonly flinkTarget?: FlinkTarget;
  private readonly systemAlerts: boolean;
  private readonly sloStreams = new Map<Slo, PipelineStream>();
  private finalized = false;

  constructor(scope: Construct, id: string, props: RealtimePipelineProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') throw ValidationError.of(this, 'props', 'an object of RealtimePipelineProps', props);
    requireInstance(this, 'cluster', props.cluster, KafkaCluster, 'KafkaCluster.selfManaged() or KafkaCluster.confluentCloud()', { required: true });
    const name = props.name ?? kebabCase(id);
    if (typeof name !== 'string' || !/^[a-z][a-z0-9-]{0,23}$/.test(name)) {
      throw ValidationError.of(this, 'name', 'lowercase letters, digits and "-", starting with a letter, at most 24 characters', name);
    }
    // Plain JavaScript and other jsii languages can pass anything: refuse here what would otherwise
    // crash later with a TypeError or be ignored (a string environment would drop prevent_destroy).
    requireInstance(this, 'environment', props.environment, PipelineEnvironment, 'a PipelineEnvironment (PipelineEnvironment.production(), .staging(), .development() or .custom({…}))');
    requireInstance(this, 'delivery', props.delivery, Delivery, 'a Delivery (Delivery.terraform() or Delivery.gitOps({…}))');
    requireInstance(this, 'connectorTarget', props.connectorTarget, ConnectorTarget, 'a ConnectorTarget (ConnectorTarget.strimzi({…}), .kafkaConnect({…}) or .confluentCloud({…}))');
    requireInstance(this, 'flinkTarget', props.flinkTarget, FlinkTarget, 'a FlinkTarget (FlinkTarget.kubernetes({…}) or FlinkTarget.confluentCloud({…}))');
    requireInstance(this, 'checkpointInterval', props.checkpointInterval, Duration, 'a Duration (e.g. Duration.seconds(10))');
    if (props.kubernetes !== undefined && (props.kubernetes === null || typeof props.kubernetes !== 'object')) {
      throw ValidationError.of(this, 'kubernetes', 'an object of Kubernetes settings ({ namespace, … })', props.kubernetes);
    }
    requireInstance(this, 'kubernetes.flinkVersion', props.kubernetes?.flinkVersion, FlinkVersion, 'a FlinkVersion (FlinkVersion.V1_20, FlinkVersion.of("1.19"), …)');
    requireUrlWithoutCredentials(this, 'kubernetes.flinkStateStorageUri', props.kubernetes?.flinkStateStorageUri, 'drop the credentials from the URI and give the Flink pods access through their service account (IRSA, Workload Identity) or a Kubernetes Secret mounted as environment variables');
    this.pipelineName = name;
    this.cluster = props.cluster;
    this.environment = props.environment ?? PipelineEnvironment.production();
    this.kubernetes = props.kubernetes;
    this.checkpointInterval = props.checkpointInterval ?? Duration.seconds(10);
    this.systemAlerts = props.systemAlerts ?? true;
    if (props.kubernetes && !DNS_LABEL.test(props.kubernetes.namespace ?? '')) {
      throw ValidationError.of(this, 'kubernetes.namespace', 'a DNS label', props.kubernetes.namespace);
    }

    this.connectorTarget =
      props.connectorTarget ??
      (props.kubernetes
        ? ConnectorTarget.strimzi({ connectCluster: props.kubernetes.connectCluster ?? 'connect', namespace: props.kubernetes.namespace })
        : this.cluster.kind === KafkaClusterKind.CONFLUENT_CLOUD
          ? ConnectorTarget.confluentCloud()
          : undefined);
    this.flinkTarget =
      props.flinkTarget ??
      (props.kubernetes
        ? FlinkTarget.kubernetes({
          namespace: props.kubernetes.namespace,
          stateStorageUri: props.kubernetes.flinkStateStorageUri,
          image: props.kubernetes.flinkImage,
          serviceAccount: props.kubernetes.flinkServiceAccount,
        })
        : undefined);

    if (props.delivery) Delivery.use(this, props.delivery);
    RuleSuppressions.add(this, [
      {
        id: 'RP-KAFKA-5',
        reason:
          "topic names follow Debezium's <prefix>.<database>.<table> and the pipeline's <pipeline>.<stream> conventions; two names that collide in one stack are still refused",
      },
    ]);
    RulePack.setProduction(this, this.environment.isProduction);
    if (props.rulePack ?? true) oncePerStack(this, 'RealtimePipelineRulePack', (stack) => Aspects.of(stack).add(new RulePack()));
    if (!props.disableLock) PipelineLock.of(this, props.lock);

    // The SLO rules need every SLO: they are placed once the definition is complete, at synth.
    atSynthStart(this, () => this.finalize());

    this.node.addValidation({ validate: () => this.validateBudgets() });
    const dir = pipelineNames.artifactDirectory(name);
    new ArtifactFile(this, 'FreshnessBudget', {
      fileName: `${dir}/freshness-budget.md`,
      render: () => FreshnessBudget.toMarkdown(this.freshnessBudgets()),
    });
    // The artifacts render at synth, once the definition is complete: build the graph once for all of them.
    let lineage: LineageGraph | undefined;
    const graph = () => (lineage ??= this.lineage());
    new ArtifactFile(this, 'OpenLineage', {
      fileName: `${dir}/lineage.openlineage.json`,
      render: () => JSON.stringify(graph().toOpenLineage(), null, 2) + '\n',
    });
    new ArtifactFile(this, 'Mermaid', { fileName: `${dir}/lineage.mmd`, render: () => graph().toMermaid() });
    new ArtifactFile(this, 'Dot', { fileName: `${dir}/lineage.dot`, render: () => graph().toDot() });
    if (props.lineageSvg === true) {
      new ArtifactFile(this, 'Svg', { fileName: `${dir}/lineage.svg`, render: () => renderSvg(this.node.path, graph().toDot()) });
    }
  }

  /**
   * Capture tables of a MySQL or Postgres database with Debezium. `name` becomes the connector's
   * `topic.prefix` (identity: changing it later re-snapshots every table).
   */
  public addCdcSource(name: string, source: CdcSource): CdcSourceHandle {
    this.checkName('addCdcSource', name);
    requireInstance(this, `addCdcSource("${name}")`, source, CdcSource, 'a CdcSource (CdcSource.mysql({…}) or CdcSource.postgres({…}))', { required: true });
    if (this.sources[name]) throw ValidationError.of(this, `addCdcSource("${name}")`, 'a source name used once', name);
    if (!this.connectorTarget) {
      throw ValidationError.of(
        this,
        'connectorTarget',
        'set (or kubernetes settings for Strimzi, or a Confluent Cloud cluster)',
        undefined,
        'pass kubernetes: { namespace } or connectorTarget: ConnectorTarget.kafkaConnect({ url })',
      );
    }
    const connector = new DebeziumConnector(this, name, {
      source,
      cluster: this.cluster,
      target: this.connectorTarget,
      connectorName: pipelineNames.connector(this.pipelineName, name),
      topics: {
        replicationFactor: this.environment.replicationFactor,
        minInsyncReplicas: this.environment.minInsyncReplicas,
        partitions: this.environment.defaultPartitions,
        protectFromDestroy: this.environment.isProduction,
      },
    });
    this.sources[name] = connector;
    return new CdcSourceHandle(name, connector);
  }

  /** Add a derived stream: its output topic, dead-letter topic and Flink job. */
  public addStream(name: string, stream: Stream): PipelineStream {
    this.checkName('addStream', name);
    requireInstance(this, `addStream("${name}")`, stream, Stream, 'a Stream (Stream.latestByKey({…}) or Stream.windowAggregate({…}))', { required: true });
    if (this.streams[name]) throw ValidationError.of(this, `addStream("${name}")`, 'a stream name used once', name);
    if (!this.flinkTarget) {
      throw ValidationError.of(
        this,
        'flinkTarget',
        'set (or kubernetes settings for the Flink Kubernetes Operator)',
        undefined,
        'pass kubernetes: { namespace, flinkStateStorageUri } or flinkTarget: FlinkTarget.confluentCloud({...})',
      );
    }
    const s = new PipelineStream(this, `stream-${name}`, {
      pipelineName: this.pipelineName,
      cluster: this.cluster,
      environment: this.environment,
      checkpointInterval: this.checkpointInterval,
      flinkVersion: this.kubernetes?.flinkVersion,
      streamName: name,
      stream,
      flinkTarget: this.flinkTarget,
    });
    this.streams[name] = s;
    return s;
  }

  /**
   * Add an SLO. SLOs made by a stream (`stream.freshnessSlo()` …) are tied to it: freshness SLOs get
   * a freshness budget over the stream's hops.
   */
  public addSlo(slo: Slo): void {
    if (!(slo instanceof Slo)) throw ValidationError.of(this, 'addSlo', 'an Slo', String(slo));
    if (this.finalized) {
      throw ValidationError.of(this, 'addSlo', 'called before synth', slo.name, 'add every SLO while defining the pipeline');
    }
    if (this.slos.some((s) => s.name === slo.name)) throw ValidationError.of(this, 'addSlo', 'SLOs with unique names', slo.name);
    this.slos.push(slo);
    // A stream names itself in the subject of the SLOs it makes: one lookup, not a scan per SLO.
    const { pipeline, stream: streamName } = slo.subject;
    const mine = pipeline === this.pipelineName && Object.prototype.hasOwnProperty.call(this.streams, streamName);
    const named = mine ? this.streams[streamName] : undefined;
    const stream = named?._made(slo) ? named : undefined;
    if (stream) this.sloStreams.set(slo, stream);
  }

  /** The freshness budget of every freshness SLO tied to a stream. */
  public freshnessBudgets(): FreshnessBudgetResult[] {
    return this.slos
      .filter((s) => s.threshold !== undefined && s.kind === 'freshness' && this.sloStreams.has(s))
      .map((s) => FreshnessBudget.evaluate(s.name, s.threshold!, freshnessHops(this.sloStreams.get(s)!)));
  }

  /** The pipeline's lineage: source tables → connectors → topics → Flink jobs → output and dead-letter topics. */
  public lineage(): LineageGraph {
    return buildLineage(this.pipelineName, this.cluster, Object.entries(this.sources), Object.values(this.streams));
  }

  private validateBudgets(): string[] {
    try {
      FreshnessBudget.assertWithin(this.node.path, this.freshnessBudgets());
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  }

  private finalize(): void {
    if (this.finalized) return;
    this.finalized = true;
    // The system alerts read Flink's reporter, Connect's JMX exporter and the jobs' committed
    // offsets: Confluent Cloud's managed statements and connectors publish none of them (their
    // alerts would page as missing data from the first minutes), so only self-managed ones get them.
    const jobs = Object.values(this.streams).map((s) => s.job).filter((j) => j.model.targetKind === FlinkTargetKind.KUBERNETES).map((j) => j.jobName);
    const connectors = Object.values(this.sources).filter((c) => c.target.kind !== ConnectorTargetKind.CONFLUENT_CLOUD).map((c) => c.connectorName);
    const dlqs = Object.values(this.streams).flatMap((s) => (s.deadLetterTopic ? [s.deadLetterTopic.topicName] : []));
    const wantsSystem = this.systemAlerts && (jobs.length > 0 || connectors.length > 0 || dlqs.length > 0);
    if (this.slos.length) {
      new ArtifactFile(this, 'OpenSlo', { fileName: `${pipelineNames.artifactDirectory(this.pipelineName)}/openslo.yaml`, render: () => OpenSlo.render(this.slos) });
    }
    if (this.slos.length === 0 && !wantsSystem) return;
    this.alertRules = new SloAlertRules(this, 'Slos', {
      name: pipelineNames.rules(this.pipelineName),
      slos: this.slos,
      namespace: this.kubernetes?.namespace,
      ruleLabels: this.kubernetes?.prometheusRuleLabels,
      systemAlerts: wantsSystem
        ? {
          groupName: pipelineNames.systemAlerts(this.pipelineName),
          flinkJobs: jobs,
          connectors,
          consumerGroups: jobs,
          dlqTopics: dlqs,
          watermarkDelay: maxWatermark(Object.values(this.streams)),
        }
        : undefined,
      dashboardTitle: `${this.pipelineName}: SLOs`,
    });
    if (this.kubernetes && this.kubernetes.podMonitors !== false) this.addPodMonitors(this.kubernetes);
  }

  private addPodMonitors(k8s: PipelineKubernetesSettings): void {
    const labels = k8s.prometheusRuleLabels ?? {};
    const scraped = Object.values(this.streams)
      .map((s) => s.job)
      .filter((j) => j.model.targetKind === FlinkTargetKind.KUBERNETES && j.model.flinkConfiguration[PROMETHEUS_REPORTER] !== undefined);
    if (scraped.length) flinkPodMonitor(this, pipelineNames.flinkPodMonitor(this.pipelineName), k8s.namespace, scraped.map((j) => j.jobName), labels);
    for (const c of Object.values(this.sources)) {
      const strimzi = c.target.kind === ConnectorTargetKind.STRIMZI ? c.target.strimziOptions : undefined;
      if (strimzi) connectPodMonitor(this, strimzi.namespace, strimzi.connectCluster, labels);
    }
  }

  private checkName(method: string, name: string) {
    if (typeof name !== 'string' || !/^[a-z][a-z0-9_]{0,39}$/.test(name)) {
      throw ValidationError.of(this, `${method}(name)`, 'lowercase letters, digits and "_", starting with a letter, at most 40 characters', name);
    }
  }
}

/** A CDC source of a pipeline: its connector, and its tables for streams to read. */
export class CdcSourceHandle {
  /** The source name. */
  public readonly name: string;
  /** The Debezium connector. */
  public readonly connector: DebeziumConnector;

  /** @param name the source name @param connector its connector */
  constructor(name: string, connector: DebeziumConnector) {
    this.name = name;
    this.connector = connector;
  }

  /** A captured table, for `Stream.latestByKey({ from })` and friends. */
  public table(table: string): CdcTable {
    return new CdcTable(this.name, this.connector, table);
  }
}

function maxWatermark(streams: PipelineStream[]): Duration | undefined {
  let max: Duration | undefined;
  for (const s of streams) {
    const w = s.stream.watermarkDelay;
    if (!max || w.compareTo(max) > 0) max = w;
  }
  // Alert when the watermark lags well past the allowed lateness: a stalled or skewed source.
  return max ? Duration.millis(Math.max(max.toMilliseconds() * 6, 60_000)) : undefined;
}

/**
 * The lineage as SVG through Graphviz's `dot`, at synth, with no output limit (a 1,000-table
 * lineage is megabytes). An optional artifact: without `dot`, or if it fails, synth goes on without
 * the file and says why.
 */
function renderSvg(path: string, dot: string): string | undefined {
  try {
    return execFileSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8', maxBuffer: Number.MAX_SAFE_INTEGER, stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const why = err.code === 'ENOENT' ? 'Graphviz (dot) is not installed' : `dot failed: ${String(err.stderr || err.message).trim().split('\n')[0]}`;
    process.stderr.write(`[${path}] lineageSvg: lineage.svg not written (${why}); lineage.dot has the same graph\n`);
    return undefined;
  }
}
