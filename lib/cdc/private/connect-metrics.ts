/**
 * Prometheus JMX exporter rules of a Kafka Connect cluster: what makes the series the library's
 * SLIs and alerts read exist. Connector and task status (a string attribute, which the exporter
 * skips unless a rule maps it to a value) as `kafka_connect_connector_status{connector,status}` and
 * `kafka_connect_connector_task_status{connector,task,status}` (Strimzi's example rules); worker,
 * task and client gauges as `kafka_connect_*`; Debezium's streaming and snapshot metrics as
 * `debezium_metrics_<Attribute>{plugin,name,context[,task,database]}` (debezium-examples' rules,
 * `name` = the connector's `topic.prefix`). No `lowercaseOutputName`: it would lowercase the
 * Debezium attribute names (`MilliSecondsBehindSource`) the SLIs use. Run with the JMX exporter
 * 1.0.1 agent on Kafka Connect 4.1.1 and Debezium 3.1.2 (the rehearsal).
 */
export const CONNECT_METRICS_RULES = `rules:
  # connector and task status (string attributes -> value 1 with the state as a label)
  - pattern: 'kafka.connect<type=connector-metrics, connector=(.+)><>(connector-class|connector-type|connector-version|status): (.+)'
    name: kafka_connect_connector_$2
    value: 1
    labels:
      connector: "$1"
      $2: "$3"
    type: GAUGE
  - pattern: 'kafka.connect<type=connector-task-metrics, connector=(.+), task=(.+)><>status: ([a-z-]+)'
    name: kafka_connect_connector_task_status
    value: 1
    labels:
      connector: "$1"
      task: "$2"
      status: "$3"
    type: GAUGE
  # per-task numeric metrics (source-task, sink-task, task-error, connector-task)
  - pattern: 'kafka.connect<type=(.+)-metrics, connector=(.+), task=(.+)><>(.+-total)'
    name: kafka_connect_$1_$4
    labels:
      connector: "$2"
      task: "$3"
    type: COUNTER
  - pattern: 'kafka.connect<type=(.+)-metrics, connector=(.+), task=(.+)><>(.+-count|.+-ms|.+-ratio|.+-seq-no|.+-rate|.+-max|.+-avg|.+-failures|.+-requests|.+-timestamp|.+-logged|.+-errors|.+-retries|.+-skipped)'
    name: kafka_connect_$1_$4
    labels:
      connector: "$2"
      task: "$3"
    type: GAUGE
  # worker
  - pattern: 'kafka.connect<type=connect-worker-metrics, connector=(.+)><>([a-z-]+)'
    name: kafka_connect_worker_$2
    labels:
      connector: "$1"
    type: GAUGE
  - pattern: 'kafka.connect<type=connect-worker-metrics><>([a-z-]+-total)'
    name: kafka_connect_worker_$1
    type: COUNTER
  - pattern: 'kafka.connect<type=connect-worker-metrics><>([a-z-]+)'
    name: kafka_connect_worker_$1
    type: GAUGE
  - pattern: 'kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+)'
    name: kafka_connect_worker_rebalance_$1
    type: GAUGE
  - pattern: 'kafka.connect<type=connect-coordinator-metrics, client-id=(.+)><>(assigned-connectors|assigned-tasks)'
    name: kafka_connect_coordinator_$2
    type: GAUGE
  # Debezium (debezium-examples' monitoring rules)
  - pattern: 'debezium.([^:]+)<type=connector-metrics, context=([^,]+), server=([^,]+), key=([^>]+)><>RowsScanned'
    name: debezium_metrics_RowsScanned
    labels:
      plugin: "$1"
      name: "$3"
      context: "$2"
      table: "$4"
  - pattern: 'debezium.([^:]+)<type=connector-metrics, server=([^,]+), task=([^,]+), context=([^,]+), database=([^>]+)>([^:]+)'
    name: debezium_metrics_$6
    labels:
      plugin: "$1"
      name: "$2"
      task: "$3"
      context: "$4"
      database: "$5"
  - pattern: 'debezium.([^:]+)<type=connector-metrics, server=([^,]+), task=([^,]+), context=([^>]+)>([^:]+)'
    name: debezium_metrics_$5
    labels:
      plugin: "$1"
      name: "$2"
      task: "$3"
      context: "$4"
  - pattern: 'debezium.([^:]+)<type=connector-metrics, context=([^,]+), server=([^>]+)>([^:]+)'
    name: debezium_metrics_$4
    labels:
      plugin: "$1"
      name: "$3"
      context: "$2"
`;
