/**
 * Argo CD sync waves for the resources this library generates: the operators' custom resources
 * are applied in dependency order (config, alerting rules and monitors first, then the Connect cluster,
 * topics before the jobs that read them). Rules go first so an unhealthy job never holds back its own alerts.
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
  /** `PrometheusRule`s, `PodMonitor`s and dashboards: before the workloads they watch. */
  public static readonly MONITORING = 0;

  private constructor() {}
}
