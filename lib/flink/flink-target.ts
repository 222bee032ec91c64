import { Checkpointing, CheckpointingMode, FLINK_CREDENTIALS_FIX } from './flink-settings';
import { FlinkStatementKind } from './flink-statement';
import { ConfluentCloudFlinkTargetOptions, FlinkTargetKind, KubernetesFlinkTargetOptions } from './flink-target-options';
import { FlinkJobCheck, FlinkJobPlacement, FlinkPlacement, JobCheckpointing, placeOnConfluentCloud, placeOnKubernetes } from './private/placement';
import { SqlDialect } from './private/sql';
import { requireTerraformSecret, requireUrlWithoutCredentials } from '../core/private/secrets';
import { DNS_LABEL } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';

/** Where a Flink SQL job runs. */
export abstract class FlinkTarget {
  /** The Flink Kubernetes Operator: a `FlinkDeployment` running the script through a SQL-runner jar. */
  public static kubernetes(options: KubernetesFlinkTargetOptions): FlinkTarget {
    if (typeof options?.namespace !== 'string' || !DNS_LABEL.test(options.namespace)) {
      throw new ValidationError({ path: 'FlinkTarget.kubernetes', setting: 'namespace', limit: 'a Kubernetes namespace name (a DNS label)', value: JSON.stringify(options?.namespace) });
    }
    if (options.serviceAccount !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(options.serviceAccount)) {
      throw new ValidationError({ path: 'FlinkTarget.kubernetes', setting: 'serviceAccount', limit: 'a Kubernetes service account name', value: JSON.stringify(options.serviceAccount) });
    }
    requireUrlWithoutCredentials('FlinkTarget.kubernetes', 'stateStorageUri', options.stateStorageUri, FLINK_CREDENTIALS_FIX);
    return new KubernetesFlinkTarget(options);
  }
  /** Confluent Cloud for Apache Flink: one `confluent_flink_statement` per statement. */
  public static confluentCloud(options: ConfluentCloudFlinkTargetOptions): FlinkTarget {
    requireTerraformSecret('FlinkTarget.confluentCloud', 'apiKey', options?.apiKey);
    requireTerraformSecret('FlinkTarget.confluentCloud', 'apiSecret', options.apiSecret);
    return new ConfluentCloudFlinkTarget(options);
  }

  /** Where the job runs. */
  public abstract readonly kind: FlinkTargetKind;
  /** Kubernetes options, when the target is Kubernetes. */
  public readonly kubernetesOptions?: KubernetesFlinkTargetOptions;
  /** Confluent Cloud options, when the target is Confluent Cloud. */
  public readonly confluentCloudOptions?: ConfluentCloudFlinkTargetOptions;

  /** @internal the SQL dialect the target runs */
  public abstract readonly _dialect: SqlDialect;

  /**
   * Refuse a job this target cannot run, before its SQL is rendered.
   * @internal
   */
  public _check(_job: FlinkJobCheck): void {}

  /**
   * The checkpointing the job runs with on this target.
   * @internal
   */
  public abstract _checkpointing(checkpointing: Checkpointing | undefined): JobCheckpointing;

  /**
   * Create what runs the job, below `p.scope`.
   * @internal
   */
  public abstract _place(p: FlinkJobPlacement, checkpointing: Checkpointing | undefined): FlinkPlacement;
}

/** The Flink Kubernetes Operator: a `ConfigMap` with the script and a `FlinkDeployment`. */
class KubernetesFlinkTarget extends FlinkTarget {
  public readonly kind = FlinkTargetKind.KUBERNETES;
  public readonly kubernetesOptions: KubernetesFlinkTargetOptions;
  public readonly _dialect = SqlDialect.APACHE_FLINK;

  constructor(options: KubernetesFlinkTargetOptions) {
    super();
    this.kubernetesOptions = options;
  }

  public _check(job: FlinkJobCheck): void {
    // Window TVF aggregates accept update and delete input only from Flink 1.19 on (FLINK-20281,
    // apache/flink#24030, "support consuming cdc stream about window tvf aggregate", released in
    // 1.19.0); before, the planner refuses the job: "StreamPhysicalWindowAggregate doesn't support
    // consuming update and delete changes".
    const changelogWindows = job.statements.filter((s) => s?.kind === FlinkStatementKind.WINDOW_AGGREGATE && s.readsChangelog);
    if (changelogWindows.length > 0 && !job.version.isAtLeast(1, 19)) {
      throw ValidationError.of(
        job.scope,
        'version',
        `at least 1.19 for a window aggregate over a Debezium change stream (${changelogWindows.map((s) => s.into!.name).join(', ')}): earlier planners refuse update and delete input to window aggregates`,
        job.version.version,
        'use FlinkVersion.V1_20 (the default) or later',
      );
    }
    if (!job.checkpointing) {
      throw ValidationError.of(
        job.scope,
        'checkpointing',
        'set on a Kubernetes job (the interval is part of end-to-end freshness: there is no safe default)',
        undefined,
        'checkpointing: Checkpointing.every(Duration.seconds(10)), or Checkpointing.disabled() for a stateless job',
      );
    }
  }

  public _checkpointing(checkpointing: Checkpointing | undefined) {
    const c = checkpointing!;
    return { interval: c.interval, enabled: c.enabled, exactlyOnce: c.enabled && c.mode === CheckpointingMode.EXACTLY_ONCE };
  }

  public _place(p: FlinkJobPlacement, checkpointing: Checkpointing | undefined): FlinkPlacement {
    return placeOnKubernetes(p, this.kubernetesOptions, checkpointing!);
  }
}

/** Confluent Cloud for Apache Flink: one `confluent_flink_statement` per statement. */
class ConfluentCloudFlinkTarget extends FlinkTarget {
  public readonly kind = FlinkTargetKind.CONFLUENT_CLOUD;
  public readonly confluentCloudOptions: ConfluentCloudFlinkTargetOptions;
  public readonly _dialect = SqlDialect.CONFLUENT_CLOUD;

  constructor(options: ConfluentCloudFlinkTargetOptions) {
    super();
    this.confluentCloudOptions = options;
  }

  public _checkpointing() {
    // Confluent Cloud runs every statement exactly-once, with checkpoints it manages.
    return { interval: undefined, enabled: true, exactlyOnce: true };
  }

  public _place(p: FlinkJobPlacement): FlinkPlacement {
    return placeOnConfluentCloud(p, this.confluentCloudOptions);
  }
}
