/**
 * Argo CD sync waves for the resources this library generates: the operators' custom resources
 * are applied in dependency order (config and the Connect cluster before connectors, topics
 * before the jobs that read them, alerting rules last).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
export class SyncWave {
  /** ConfigMaps and other plain configuration. */
  public static readonly CONFIG = 0;
  /** Strimzi `KafkaConnect` clusters. */
  public static readonly CONNECT_CLUSTER = 1;
  /** Strimzi `KafkaTopic`s and `KafkaUser`s. */
  public static readonly TOPICS = 2;
  /** Strimzi `KafkaConnector`s (CDC sources and sinks). */
  public static readonly CONNECTORS = 3;
  /** Flink `FlinkDeployment`s and `FlinkSessionJob`s. */
  public static readonly JOBS = 4;
  /** `PrometheusRule`s, monitors and dashboards. */
  public static readonly MONITORING = 5;

  private constructor() {}
}
