import { Duration } from '../core/duration';

/** Default metric names the system alerts read. */
export class SystemAlertMetrics {
  /** Kafka Exporter: lag of a consumer group per topic partition (messages). */
  public static readonly CONSUMER_GROUP_LAG = 'kafka_consumergroup_lag';
  /** Flink operator gauge: current output watermark (epoch ms). */
  public static readonly FLINK_OUTPUT_WATERMARK = 'flink_taskmanager_job_task_operator_currentOutputWatermark';
  /** Flink job gauge: duration of the last completed checkpoint (ms). */
  public static readonly FLINK_LAST_CHECKPOINT_DURATION = 'flink_jobmanager_job_lastCheckpointDuration';
  /** Flink job gauge: number of failed checkpoints since the job started. */
  public static readonly FLINK_FAILED_CHECKPOINTS = 'flink_jobmanager_job_numberOfFailedCheckpoints';
  /** Flink: checkpoints completed since the job started. */
  public static readonly FLINK_COMPLETED_CHECKPOINTS = 'flink_jobmanager_job_numberOfCompletedCheckpoints';
  /** Flink task gauge: ms per second the task was back-pressured (Flink ≥ 1.13). */
  public static readonly FLINK_BACK_PRESSURED_TIME = 'flink_taskmanager_job_task_backPressuredTimeMsPerSecond';
  /** Strimzi's Kafka Connect JMX exporter rules: connector status (1, label `status`). */
  public static readonly CONNECT_CONNECTOR_STATUS = 'kafka_connect_connector_status';
  /** Strimzi's Kafka Connect JMX exporter rules: task status (1, labels `task`, `status`). */
  public static readonly CONNECT_TASK_STATUS = 'kafka_connect_connector_task_status';
  /** Kafka Exporter: newest offset per topic partition (DLQ message rate). */
  public static readonly TOPIC_PARTITION_OFFSET = 'kafka_topic_partition_current_offset';

  private constructor() {}
}

/** Overrides of the metric names the system alerts read (for renamed exporters or other JMX rules). */
export interface SystemAlertMetricNames {
  /** @default SystemAlertMetrics.CONSUMER_GROUP_LAG */
  readonly consumerGroupLag?: string;
  /** @default SystemAlertMetrics.FLINK_OUTPUT_WATERMARK */
  readonly flinkOutputWatermark?: string;
  /** @default SystemAlertMetrics.FLINK_LAST_CHECKPOINT_DURATION */
  readonly flinkLastCheckpointDuration?: string;
  /** @default SystemAlertMetrics.FLINK_FAILED_CHECKPOINTS */
  readonly flinkFailedCheckpoints?: string;
  /** @default SystemAlertMetrics.FLINK_BACK_PRESSURED_TIME */
  readonly flinkBackPressuredTime?: string;
  /** @default SystemAlertMetrics.CONNECT_CONNECTOR_STATUS */
  readonly connectorStatus?: string;
  /** @default SystemAlertMetrics.CONNECT_TASK_STATUS */
  readonly connectorTaskStatus?: string;
  /** @default SystemAlertMetrics.TOPIC_PARTITION_OFFSET */
  readonly topicPartitionOffset?: string;
}

/**
 * The pipeline's system alerts: consumer lag, watermark delay, checkpoint duration and failures,
 * back-pressure, failed connectors and tasks, DLQ rate above normal. Each alert is generated for the
 * jobs, connectors, groups and topics named here (none named: that alert is left out).
 */
export interface SystemAlertsOptions {
  /**
   * Name of the rule group.
   * @default 'realtime-pipeline-system'
   */
  readonly groupName?: string;
  /**
   * Flink jobs (`job_name`) to watch for watermark delay, checkpoints and back-pressure.
   * @default - no Flink alerts
   */
  readonly flinkJobs?: string[];
  /**
   * Kafka Connect connectors to watch for failed connectors and tasks.
   * @default - no connector alerts
   */
  readonly connectors?: string[];
  /**
   * Consumer groups to watch for lag.
   * @default - no lag alert
   */
  readonly consumerGroups?: string[];
  /**
   * Dead-letter topics to watch for a rate above normal.
   * @default - no DLQ alert
   */
  readonly dlqTopics?: string[];
  /**
   * Consumer lag (messages summed over the group's partitions) that alerts.
   * @default 10000
   */
  readonly consumerLagMessages?: number;
  /**
   * Watermark delay (wall clock − output watermark) that alerts.
   * @default Duration.minutes(5)
   */
  readonly watermarkDelay?: Duration;
  /**
   * Last checkpoint duration that alerts.
   * @default Duration.minutes(2)
   */
  readonly checkpointDuration?: Duration;
  /**
   * Failed checkpoints within `checkpointFailureWindow` that alert.
   * @default 1
   */
  readonly checkpointFailures?: number;
  /**
   * Window the failed checkpoints are counted over.
   * @default Duration.minutes(15)
   */
  readonly checkpointFailureWindow?: Duration;
  /**
   * Back-pressured time per second (ms, 0-1000) of any task that alerts.
   * @default 500 (half of the time)
   */
  readonly backPressureMsPerSecond?: number;
  /**
   * A DLQ rate over 10 minutes this many times the topic's 1-day average alerts.
   * @default 3
   */
  readonly dlqRateFactor?: number;
  /**
   * Minimum DLQ rate (messages per second) that can alert, so a handful of bad rows on a quiet topic does not.
   * @default 0.05 (3 per minute)
   */
  readonly dlqMinimumRate?: number;
  /**
   * How long a condition must hold before alerting.
   * @default Duration.minutes(5)
   */
  readonly for?: Duration;
  /**
   * `severity` of the system alerts.
   * @default 'warning'
   */
  readonly severity?: string;
  /**
   * Routing labels added to every system alert.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Runbook linked from every system alert.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Metric name overrides.
   * @default - the SystemAlertMetrics names
   */
  readonly metrics?: SystemAlertMetricNames;
}
