import { ValidationError } from '../core/private/validation-error';

/** What a dataset is, for the diagram. */
export enum DatasetKind {
  /** A table in a source or sink database. */
  TABLE = 'table',
  /** A Kafka topic. */
  TOPIC = 'topic',
  /** A dead-letter topic. */
  DEAD_LETTER = 'dead-letter',
}

/** What a job is, for the diagram. */
export enum JobKind {
  /** A Kafka Connect connector (Debezium source, sink). */
  CONNECTOR = 'connector',
  /** A Flink SQL job or statement. */
  FLINK = 'flink',
}

/** A dataset, named by the OpenLineage naming conventions. */
export interface LineageDataset {
  /** OpenLineage namespace, e.g. `mysql://mysql.internal:3306`, `kafka://kafka-0.kafka:9092`. */
  readonly namespace: string;
  /** OpenLineage name, e.g. `store.orders` (MySQL), `shop.public.payments` (Postgres), the topic name (Kafka). */
  readonly name: string;
  /** What it is. */
  readonly kind: DatasetKind;
}

/** A job that reads and writes datasets. */
export interface LineageJob {
  /** OpenLineage job namespace, e.g. the pipeline name. */
  readonly namespace: string;
  /** Job name. */
  readonly name: string;
  /** What it is. */
  readonly kind: JobKind;
  /** Datasets read. */
  readonly inputs: LineageDataset[];
  /** Datasets written. */
  readonly outputs: LineageDataset[];
}

const PRODUCER = 'https://github.com/cdktf-realtime-pipeline/cdktf-realtime-pipeline';
const JOB_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent';

/**
 * The pipeline's lineage, built from the same definition that deploys it: OpenLineage-shaped
 * static `JobEvent`s (design-time lineage a catalog such as Marquez can ingest), and a diagram in
 * Mermaid and Graphviz DOT.
 */
export class LineageGraph {
  private readonly jobs: LineageJob[] = [];
  private readonly jobNames = new Map<string, Set<string>>();

  /** Add a job with its inputs and outputs. */
  public addJob(job: LineageJob): void {
    let names = this.jobNames.get(job.namespace);
    if (!names) this.jobNames.set(job.namespace, (names = new Set()));
    if (names.has(job.name)) {
      throw ValidationError.of('LineageGraph', 'job', 'unique per namespace', `${job.namespace}/${job.name}`);
    }
    names.add(job.name);
    this.jobs.push(job);
  }

  /** Every dataset any job touches, de-duplicated, in first-seen order. */
  public get datasets(): LineageDataset[] {
    const seen = new Map<string, LineageDataset>();
    for (const j of this.jobs) for (const d of [...j.inputs, ...j.outputs]) seen.set(key(d), seen.get(key(d)) ?? d);
    return [...seen.values()];
  }

  /**
   * OpenLineage static `JobEvent`s, one per job. `eventTime` is fixed (`SOURCE_DATE_EPOCH` when
   * set, else the epoch) so synth stays deterministic.
   */
  public toOpenLineage(): any[] {
    const epoch = Number(process.env.SOURCE_DATE_EPOCH ?? 0);
    const eventTime = new Date((Number.isFinite(epoch) ? epoch : 0) * 1000).toISOString();
    return this.jobs.map((j) => ({
      eventTime,
      producer: PRODUCER,
      schemaURL: JOB_EVENT_SCHEMA,
      job: {
        namespace: j.namespace,
        name: j.name,
        facets: {
          jobType: {
            _producer: PRODUCER,
            _schemaURL: 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
            processingType: 'STREAMING',
            integration: j.kind === JobKind.FLINK ? 'FLINK' : 'KAFKA_CONNECT',
            jobType: j.kind === JobKind.FLINK ? 'JOB' : 'CONNECTOR',
          },
        },
      },
      inputs: j.inputs.map((d) => ({ namespace: d.namespace, name: d.name })),
      outputs: j.outputs.map((d) => ({ namespace: d.namespace, name: d.name })),
    }));
  }

  /** A Mermaid flowchart (renders on GitHub and in most Markdown viewers). */
  public toMermaid(): string {
    const ids = this.ids();
    const lines = ['flowchart LR'];
    for (const d of this.datasets) {
      const label = mermaidText(d.name);
      const shape = d.kind === DatasetKind.TABLE ? `[("${label}")]` : d.kind === DatasetKind.DEAD_LETTER ? `>"${label}"]` : `[["${label}"]]`;
      lines.push(`  ${ids.get(key(d))}${shape}`);
    }
    for (const j of this.jobs) lines.push(`  ${ids.get(jobKey(j))}{{"${mermaidText(j.name)}"}}`);
    for (const j of this.jobs) {
      for (const d of j.inputs) lines.push(`  ${ids.get(key(d))} --> ${ids.get(jobKey(j))}`);
      for (const d of j.outputs) lines.push(`  ${ids.get(jobKey(j))} --> ${ids.get(key(d))}`);
    }
    return lines.join('\n') + '\n';
  }

  /** A Graphviz DOT digraph (`dot -Tsvg` renders it). */
  public toDot(): string {
    const ids = this.ids();
    const lines = ['digraph pipeline {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];'];
    for (const d of this.datasets) {
      const shape = d.kind === DatasetKind.TABLE ? 'cylinder' : d.kind === DatasetKind.DEAD_LETTER ? 'note' : 'box';
      const color = d.kind === DatasetKind.DEAD_LETTER ? ', color="firebrick"' : '';
      lines.push(`  ${ids.get(key(d))} [label=${dotText(d.name)}, shape=${shape}${color}];`);
    }
    for (const j of this.jobs) {
      lines.push(`  ${ids.get(jobKey(j))} [label=${dotText(j.name)}, shape=hexagon, style=filled, fillcolor="#e8f0fe"];`);
    }
    for (const j of this.jobs) {
      for (const d of j.inputs) lines.push(`  ${ids.get(key(d))} -> ${ids.get(jobKey(j))};`);
      for (const d of j.outputs) lines.push(`  ${ids.get(jobKey(j))} -> ${ids.get(key(d))};`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
  }

  private ids(): Map<string, string> {
    const ids = new Map<string, string>();
    this.datasets.forEach((d, i) => ids.set(key(d), `d${i}`));
    this.jobs.forEach((j, i) => ids.set(jobKey(j), `j${i}`));
    return ids;
  }
}

function key(d: LineageDataset): string {
  return `${d.namespace}|${d.name}`;
}

function jobKey(j: LineageJob): string {
  return `job|${j.namespace}|${j.name}`;
}

function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;');
}

function dotText(s: string): string {
  return JSON.stringify(s);
}
