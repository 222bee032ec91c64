/**
 * The one home of the names the library derives. Every generated name follows from a rule here,
 * so a topic, the Flink table over it, its lineage dataset and its alerts agree by construction.
 *
 * Pipeline conventions (see the README's "Names"):
 * - CDC topics: Debezium's `<topic.prefix>.<database>.<table>`, with `topic.prefix` = the source name;
 * - stream topics: `<pipeline>.<stream>`; dead letters: `dlq-<pipeline>.<stream>` (`DeadLetterTopic.nameFor`);
 * - connectors: `<pipeline>-<source>`; Flink jobs: `<pipeline>-<stream>` (kebab case);
 * - SLOs: `<pipeline>-<stream>-<kind>`; rules and dashboards: `<pipeline>-slos`.
 */

/** A construct id in kebab case: `RetailInventory` → `retail-inventory`, `orders_v2` → `orders-v2`. */
export function kebabCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/**
 * Text as a DNS label (Kubernetes and OpenSLO names): lowercase, each run of other characters one
 * `-`, no `-` at either end; cut to `max` characters first when given.
 */
export function dnsLabel(text: string, max?: number): string {
  const dashed = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return (max === undefined ? dashed : dashed.slice(0, max)).replace(/^-+|-+$/g, '');
}

/** A Flink SQL table identifier for a name: anything but letters, digits and `_` becomes `_`. */
export function flinkIdentifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The names a pipeline gives what it generates. */
export const pipelineNames = {
  /** A stream's output topic. */
  streamTopic: (pipeline: string, stream: string) => `${pipeline}.${stream}`,
  /** A stream's Flink job (and its consumer group). */
  streamJob: (pipeline: string, stream: string) => `${pipeline}-${stream}`.replace(/_/g, '-'),
  /** A CDC source's connector. */
  connector: (pipeline: string, source: string) => `${pipeline}-${kebabCase(source)}`,
  /** A stream SLO's default name. */
  streamSlo: (pipeline: string, stream: string, suffix: string) => `${pipeline}-${stream}-${suffix}`.replace(/[^a-z0-9_-]/g, '-'),
  /** The pipeline's rule set (PrometheusRule, dashboard). */
  rules: (pipeline: string) => `${pipeline}-slos`,
  /** The pipeline's system-alert group. */
  systemAlerts: (pipeline: string) => `${pipeline}-system`,
  /** The PodMonitor of the pipeline's Flink jobs. */
  flinkPodMonitor: (pipeline: string) => `${pipeline}-flink`,
  /** Where the pipeline's artifacts are written, under the stack output. */
  artifactDirectory: (pipeline: string) => `pipelines/${pipeline}`,
};
