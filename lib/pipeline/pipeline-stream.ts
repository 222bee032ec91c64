import { Construct } from 'constructs';
import { PipelineEnvironment } from './pipeline-environment';
import { schemaColumnMismatches } from './private/schema-columns';
import { Stream, StreamKind } from './stream';
import { ChangeEventFormat } from '../cdc/cdc-options';
import { ConnectorTargetKind } from '../cdc/connector-target';
import { Compatibility } from '../contracts/compatibility';
import { SchemaDefinition, SchemaFormat } from '../contracts/schema-definition';
import { SchemaSubject } from '../contracts/schema-subject';
import { Duration } from '../core/duration';
import { flinkIdentifier, pipelineNames } from '../core/private/naming';
import { ValidationError } from '../core/private/validation-error';
import { Checkpointing } from '../flink/flink-settings';
import { FlinkSqlJob } from '../flink/flink-sql-job';
import { AggregateFunction, FlinkStatement } from '../flink/flink-statement';
import { DebeziumFormat, DeliveryGuarantee, FlinkTable, SinkFormat } from '../flink/flink-table';
import { FlinkTarget } from '../flink/flink-target';
import { FlinkTargetKind } from '../flink/flink-target-options';
import { FlinkVersion } from '../flink/flink-version';
import { ColumnDefinition, SqlType } from '../flink/sql-type';
import { DeadLetterTopic } from '../kafka/dead-letter-topic';
import { KafkaCluster } from '../kafka/kafka-cluster';
import { CleanupPolicy, Topic } from '../kafka/topic';
import { Sli } from '../slo/sli';
import { Slo } from '../slo/slo';
import { SloPeriod } from '../slo/slo-period';

/** Props of `PipelineStream` (created by `RealtimePipeline.addStream()`). */
export interface PipelineStreamProps {
  /** The pipeline's name (prefix of the stream's topic, job and SLO names). */
  readonly pipelineName: string;
  /** The pipeline's Kafka cluster. */
  readonly cluster: KafkaCluster;
  /** The pipeline's environment (partitions, replication, production guards). */
  readonly environment: PipelineEnvironment;
  /** The pipeline's checkpoint interval, unless the stream sets its own. */
  readonly checkpointInterval: Duration;
  /**
   * Flink version of the pipeline's Kubernetes jobs.
   * @default - the library's default Flink version
   */
  readonly flinkVersion?: FlinkVersion;
  /** The stream's name in the pipeline. */
  readonly streamName: string;
  /** The stream definition. */
  readonly stream: Stream;
  /** Where the Flink job runs. */
  readonly flinkTarget: FlinkTarget;
}

/** Common options of the SLOs a stream makes. */
export interface StreamSloOptions {
  /** Objective, strictly between 0 and 1 (0.99 = 99 %). */
  readonly objective: number;
  /**
   * SLO name.
   * @default - `<pipeline>-<stream>-<kind>-<threshold>`
   */
  readonly name?: string;
  /**
   * Period.
   * @default SloPeriod.thirtyDays()
   */
  readonly period?: SloPeriod;
  /**
   * Runbook linked from the alerts.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Routing labels on the alerts (e.g. `{ team: 'data-platform' }`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Options of `PipelineStream.freshnessSlo()`. */
export interface StreamFreshnessSloOptions extends StreamSloOptions {
  /** Events older than this (event time → emitted by the job) are stale. */
  readonly threshold: Duration;
}

/** Options of `PipelineStream.completenessSlo()`. */
export interface StreamCompletenessSloOptions extends StreamSloOptions {
  /** Records must arrive within this time. */
  readonly within: Duration;
}

/** Options of `PipelineStream.accuracySlo()`. */
export interface StreamAccuracySloOptions extends StreamSloOptions {
  /** How often the row-parity reconciler compares the output with the source. */
  readonly reconciliationInterval: Duration;
  /**
   * The counter of rows the reconciler compared, as your reconciler exports it (labels
   * `pipeline` and `stream` select this stream). No standard exporter publishes row parity: name
   * what yours does, or the SLO could never have data.
   */
  readonly checkedMetric: string;
  /** The counter of compared rows that differed from the source (labels `pipeline`, `stream`). */
  readonly mismatchedMetric: string;
}

const FORMAT_NAME: Record<SchemaFormat, string> = {
  [SchemaFormat.AVRO]: 'an Avro schema',
  [SchemaFormat.JSON]: 'a JSON Schema',
  [SchemaFormat.PROTOBUF]: 'a Protobuf schema',
};

/**
 * A derived stream of a `RealtimePipeline`: its output topic, its dead-letter topic (when gated)
 * and the Flink SQL job that fills them, and the SLOs measured on it.
 */
export class PipelineStream extends Construct {
  /** The stream's name in the pipeline. */
  public readonly streamName: string;
  /** The definition. */
  public readonly stream: Stream;
  /** The pipeline's name. */
  public readonly pipelineName: string;
  /** The output topic (`<pipeline>.<stream>`). */
  public readonly topic: Topic;
  /** The dead-letter topic of the quality gate, when the stream has expectations. */
  public readonly deadLetterTopic?: DeadLetterTopic;
  /** The Flink SQL job. */
  public readonly job: FlinkSqlJob;
  /** The output's value contract, when the stream declares a schema. */
  public readonly subject?: SchemaSubject;

  /** The SLOs this stream made: they are measured on it (a freshness SLO gets its budget). */
  private readonly madeSlos = new Set<Slo>();

  constructor(scope: Construct, id: string, props: PipelineStreamProps) {
    super(scope, id);
    const { pipelineName, stream, streamName, cluster } = props;
    const env = props.environment;
    this.streamName = streamName;
    this.stream = stream;
    this.pipelineName = pipelineName;
    const baseName = pipelineNames.streamTopic(pipelineName, streamName);
    const source = stream.from;
    const sp = stream._props;
    const latest = stream.kind === StreamKind.LATEST_BY_KEY;

    this.topic = new Topic(this, 'Topic', {
      cluster,
      topicName: baseName,
      partitions: sp.partitions ?? env.defaultPartitions,
      replicationFactor: env.replicationFactor,
      minInsyncReplicas: env.minInsyncReplicas,
      retention: sp.retention ?? Duration.days(2),
      // An upsert topic is a changelog: compaction keeps the latest row per key, deletion bounds it.
      cleanupPolicy: latest ? CleanupPolicy.COMPACT_DELETE : CleanupPolicy.DELETE,
      segment: latest ? Duration.hours(1) : undefined,
      protectFromDestroy: latest && env.isProduction,
    });
    if (stream.expectations.length > 0) {
      this.deadLetterTopic = new DeadLetterTopic(this, 'DeadLetters', {
        cluster,
        source: baseName,
        replicationFactor: env.replicationFactor,
        minInsyncReplicas: env.minInsyncReplicas,
      });
    }

    if (sp.schema) {
      this.subject = new SchemaSubject(this, 'Subject', {
        topic: this.topic,
        schema: sp.schema,
        compatibility: sp.compatibility ?? Compatibility.BACKWARD,
        historyDirectory: sp.schemaHistoryDirectory,
      });
    }

    const avro = source.connector.model.format === ChangeEventFormat.AVRO;
    // The topics themselves, not only their names: on Confluent Cloud a table over a topic
    // Terraform creates is altered (after the topic and the connector exist), not created, and a
    // CDC source reads decimals the way its connector sends them.
    const from = FlinkTable.cdcSource({
      name: flinkIdentifier(source.table),
      topic: source.topic,
      columns: stream.columns,
      format: avro ? DebeziumFormat.AVRO_CONFLUENT : DebeziumFormat.JSON,
      eventTime: stream.eventTime,
      watermarkDelay: stream.watermarkDelay,
      // The connector's JsonConverter embeds the schema in every event.
      options: avro ? {} : { 'debezium-json.schema-include': 'true' },
    });
    const sinkFormat = avro ? SinkFormat.AVRO_CONFLUENT : SinkFormat.JSON;
    let statement: FlinkStatement;
    if (latest) {
      const out = stream._outputColumns ?? stream.columns.map((c) => c.name);
      const byName = new Map(stream.columns.map((c) => [c.name, c]));
      const columns = out.map((n) => {
        const c = byName.get(n);
        if (!c) throw ValidationError.of(this, 'outputColumns', `columns of the stream (${[...byName.keys()].join(', ')})`, n);
        return c;
      });
      const into = FlinkTable.upsertSink({
        name: streamName,
        topic: this.topic,
        columns,
        primaryKey: stream.key,
        keyFormat: sinkFormat,
        valueFormat: sinkFormat,
      });
      statement = FlinkStatement.latestByKey({ from, into, key: stream.key, expectations: stream.expectations });
    } else {
      const into = FlinkTable.appendSink({
        name: streamName,
        topic: this.topic,
        columns: windowColumns(this, stream),
        format: sinkFormat,
      });
      statement = FlinkStatement.windowAggregate({
        from,
        into,
        window: stream._window!,
        groupBy: stream._groupBy,
        aggregates: stream._aggregates,
        expectations: stream.expectations,
      });
    }

    if (sp.schema) this.checkSchema(sp.schema, statement.into!.columns, avro);

    const k8s = props.flinkTarget.kubernetesOptions !== undefined;
    this.job = new FlinkSqlJob(this, 'Job', {
      name: pipelineNames.streamJob(pipelineName, streamName),
      statements: [statement],
      target: props.flinkTarget,
      cluster,
      deadLetterTopic: this.deadLetterTopic,
      parallelism: sp.parallelism,
      allowNonRestoredState: sp.allowNonRestoredState,
      checkpointing: k8s ? Checkpointing.every(sp.checkpointInterval ?? props.checkpointInterval) : undefined,
      version: props.flinkVersion,
    });
  }

  /**
   * Freshness: the share of minutes in which a change committed in the source database reaches the
   * output within `threshold` (`Sli.changeToOutputLag`: Debezium's capture lag + the job's source
   * lag + what the job adds by design — a window's watermark delay, an exactly-once sink's
   * checkpoint interval).
   */
  public freshnessSlo(options: StreamFreshnessSloOptions): Slo {
    this.requireSelfHostedMetrics('freshnessSlo', 'Slo.freshness({ name, threshold, objective, sli: Sli.gauge({ metric, selector }) })');
    let added = Duration.millis(0);
    if (this.stream.kind === StreamKind.WINDOW_AGGREGATE) added = added.plus(this.stream.watermarkDelay);
    const job = this.job.model;
    const exactlyOnce = job.sinks.some((k) => k.topicName === this.topic.topicName && k.deliveryGuarantee === DeliveryGuarantee.EXACTLY_ONCE);
    if (job.exactlyOnce && exactlyOnce && job.checkpointInterval) added = added.plus(job.checkpointInterval);
    return this.bind(
      Slo.freshness({
        ...this.common(options, `fresh-${options.threshold?.toHumanString?.()}`),
        threshold: options.threshold,
        sli: Sli.changeToOutputLag({
          topicPrefix: this.stream.from.connector.model.topicPrefix,
          jobName: this.job.jobName,
          addedDelay: added.toMilliseconds() > 0 ? added : undefined,
        }),
      }),
    );
  }

  /**
   * The stream SLIs read Flink's Prometheus reporter, Kafka Connect's JMX exporter and
   * kafka_exporter's consumer-group offsets. Confluent Cloud runs none of them for its managed
   * Flink statements and connectors: its metrics come from the Metrics API export instead.
   */
  private requireSelfHostedMetrics(method: string, fix: string) {
    const cc =
      this.job.model.targetKind === FlinkTargetKind.CONFLUENT_CLOUD || this.stream.from.connector.target.kind === ConnectorTargetKind.CONFLUENT_CLOUD;
    if (!cc) return;
    throw ValidationError.of(
      this,
      method,
      'used with self-managed Flink and Kafka Connect (its SLI reads their Prometheus metrics, which Confluent Cloud does not publish)',
      'Confluent Cloud',
      `define the SLO on your Confluent Cloud Metrics API export (io.confluent.flink/*, io.confluent.kafka.connect/*) and add it with pipeline.addSlo(${fix})`,
    );
  }

  /** Completeness: the share of the source's change events that reach the output within `within`. */
  public completenessSlo(options: StreamCompletenessSloOptions): Slo {
    this.requireSelfHostedMetrics('completenessSlo', 'Slo.completeness({ name, within, objective, sli: Sli.eventCounters({ … }) })');
    return this.bind(
      Slo.completeness({
        ...this.common(options, `complete-${options.within?.toHumanString?.()}`),
        within: options.within,
        // The job commits its offsets on each checkpoint: a committed record has left the job
        // (output or dead letter).
        sli: Sli.consumerGroupOffsets({ topic: this.stream.from.topic.topicName, consumerGroup: this.job.jobName }),
      }),
    );
  }

  /** Accuracy: row parity with the source, as a reconciler reports it every `reconciliationInterval`. */
  public accuracySlo(options: StreamAccuracySloOptions): Slo {
    for (const setting of ['checkedMetric', 'mismatchedMetric'] as const) {
      const v = options?.[setting];
      if (typeof v !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(v)) {
        throw ValidationError.of(
          this,
          `accuracySlo(${setting})`,
          'the name of the counter your row-parity reconciler exports (no standard exporter publishes one)',
          v,
          'pass checkedMetric and mismatchedMetric as your reconciler names them, e.g. realtime_pipeline_reconciliation_rows_checked_total',
        );
      }
    }
    return this.bind(
      Slo.accuracy({
        ...this.common(options, 'parity'),
        reconciliationInterval: options.reconciliationInterval,
        sli: Sli.reconciliation({
          selector: { pipeline: this.pipelineName, stream: this.streamName },
          checkedMetric: options.checkedMetric,
          mismatchedMetric: options.mismatchedMetric,
        }),
      }),
    );
  }

  /** Availability: the share of minutes the stream's job and its source connector run. */
  public availabilitySlo(options: StreamSloOptions): Slo {
    this.requireSelfHostedMetrics('availabilitySlo', 'Slo.availability({ name, objective, sli: Sli.query({ … }) })');
    return this.bind(
      Slo.availability({
        ...this.common(options, 'available'),
        sli: Sli.running({ flinkJobName: this.job.jobName, connectorName: this.stream.from.connector.connectorName }),
      }),
    );
  }

  /**
   * The declared schema must describe what the job writes: Flink serializes each column by its SQL
   * type in the output's format (Avro when the source's change events are, else JSON), whatever
   * the registered schema says.
   */
  private checkSchema(schema: SchemaDefinition, columns: ColumnDefinition[], avro: boolean) {
    const output = avro ? SchemaFormat.AVRO : SchemaFormat.JSON;
    if (schema.format !== output) {
      throw ValidationError.of(
        this,
        'schema',
        `${FORMAT_NAME[output]}: the job writes ${output === SchemaFormat.AVRO ? 'Avro (the source connector writes Avro)' : 'JSON (the source connector writes JSON; Avro output needs Avro change events and a schema registry)'}`,
        `${FORMAT_NAME[schema.format]}${schema.sourcePath ? ` (${schema.sourcePath})` : ''}`,
        output === SchemaFormat.AVRO ? 'declare the stream with SchemaDefinition.avroFile(...)' : 'declare it with SchemaDefinition.jsonSchemaFile(...), or make the source write Avro (a cluster with a schema registry, format AVRO)',
      );
    }
    const problems = schemaColumnMismatches(schema, columns);
    if (problems.length > 0) {
      throw ValidationError.of(
        this,
        'schema',
        'a description of the columns the job writes',
        `${problems.length} difference(s): ${problems.join('; ')}`,
        'change the schema (a new version the compatibility gate accepts) or the stream\'s columns so they agree',
      );
    }
  }

  private common(options: StreamSloOptions, suffix: string) {
    return {
      name: options.name ?? pipelineNames.streamSlo(this.pipelineName, this.streamName, suffix),
      objective: options.objective,
      period: options.period,
      runbookUrl: options.runbookUrl,
      labels: options.labels,
      subject: { pipeline: this.pipelineName, stream: this.streamName },
    };
  }

  /** @internal whether this stream made `slo` */
  public _made(slo: Slo): boolean {
    return this.madeSlos.has(slo);
  }

  private bind(slo: Slo): Slo {
    this.madeSlos.add(slo);
    return slo;
  }
}

function windowColumns(scope: Construct, stream: Stream): ColumnDefinition[] {
  const byName = new Map(stream.columns.map((c) => [c.name, c]));
  const typeOf = (setting: string, name: string): SqlType => {
    const c = byName.get(name);
    if (!c) throw ValidationError.of(scope, setting, `columns of the stream (${[...byName.keys()].join(', ')})`, name);
    return c.type;
  };
  const out: ColumnDefinition[] = [
    { name: 'window_start', type: SqlType.timestamp(3) },
    { name: 'window_end', type: SqlType.timestamp(3) },
    ...stream._groupBy.map((g) => ({ name: g, type: typeOf('groupBy', g) })),
  ];
  for (const a of stream._aggregates) {
    let type: SqlType;
    if (a.function === AggregateFunction.COUNT || a.function === AggregateFunction.COUNT_DISTINCT) {
      type = SqlType.bigint();
    } else {
      const t = typeOf(`aggregates[${a.name}].column`, a.column ?? '');
      const decimal = /^DECIMAL\((\d+), (\d+)\)$/.exec(t.sql);
      // Flink widens SUM of DECIMAL(p, s) to DECIMAL(38, s).
      type = decimal && a.function === AggregateFunction.SUM ? SqlType.decimal(38, Number(decimal[2])) : t;
    }
    out.push({ name: a.name, type });
  }
  return out;
}
