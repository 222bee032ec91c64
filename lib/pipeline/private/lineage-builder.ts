import { CdcEngine } from '../../cdc/cdc-options';
import type { DebeziumConnector } from '../../cdc/debezium-connector';
import type { KafkaCluster } from '../../kafka/kafka-cluster';
import { DatasetKind, JobKind, LineageDataset, LineageGraph } from '../lineage';
import type { PipelineStream } from '../pipeline-stream';

/** Lineage of a pipeline, named by the OpenLineage naming conventions for MySQL, Postgres and Kafka. */
export function buildLineage(
  pipeline: string,
  cluster: KafkaCluster,
  sources: Array<[string, DebeziumConnector]>,
  streams: PipelineStream[],
): LineageGraph {
  const kafka = `kafka://${cluster.bootstrapServers[0] ?? cluster.clusterId ?? 'kafka'}`;
  const topic = (name: string, kind = DatasetKind.TOPIC): LineageDataset => ({ namespace: kafka, name, kind });
  const g = new LineageGraph();
  for (const [, c] of sources) {
    const src = c.source;
    const mysql = src.engine === CdcEngine.MYSQL;
    const namespace = `${mysql ? 'mysql' : 'postgres'}://${src.hostname}:${src.port}`;
    g.addJob({
      namespace: pipeline,
      name: c.connectorName,
      kind: JobKind.CONNECTOR,
      inputs: src.tables.map((t) => ({ namespace, name: mysql ? t : `${src.database}.${t}`, kind: DatasetKind.TABLE })),
      outputs: src.tables.map((t) => topic(c.table(t).topicName)),
    });
  }
  for (const s of streams) {
    g.addJob({
      namespace: pipeline,
      name: s.job.jobName,
      kind: JobKind.FLINK,
      inputs: [topic(s.stream.from.topic.topicName)],
      outputs: [topic(s.topic.topicName), ...(s.deadLetterTopic ? [topic(s.deadLetterTopic.topicName, DatasetKind.DEAD_LETTER)] : [])],
    });
  }
  return g;
}
