import { requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Topic } from '../kafka/topic';

/** Props of a custom `PipelineEnvironment`. */
export interface PipelineEnvironmentProps {
  /** Name used in resource names and labels, e.g. `prod`, `dev`. */
  readonly name: string;
  /** Whether the production rules apply (durability, compatibility). */
  readonly production: boolean;
  /** Replication factor of every topic the pipeline creates. */
  readonly replicationFactor: number;
  /** `min.insync.replicas` of every topic the pipeline creates. */
  readonly minInsyncReplicas: number;
  /**
   * Partitions of topics that do not set their own.
   * @default 6
   */
  readonly defaultPartitions?: number;
}

/**
 * Per-environment settings, so one pipeline definition deploys to dev (one broker) and to prod
 * (three replicas, `min.insync.replicas` 2) without copying it.
 */
export class PipelineEnvironment {
  /** A single-broker development cluster: replication 1, production rules off. */
  public static development(): PipelineEnvironment {
    return new PipelineEnvironment({ name: 'dev', production: false, replicationFactor: 1, minInsyncReplicas: 1, defaultPartitions: 1 });
  }

  /** Staging: production durability, production rules off. */
  public static staging(): PipelineEnvironment {
    return new PipelineEnvironment({ name: 'staging', production: false, replicationFactor: 3, minInsyncReplicas: 2 });
  }

  /** Production: replication 3, `min.insync.replicas` 2, production rules on. */
  public static production(): PipelineEnvironment {
    return new PipelineEnvironment({ name: 'prod', production: true, replicationFactor: 3, minInsyncReplicas: 2 });
  }

  /** Any other environment. */
  public static custom(props: PipelineEnvironmentProps): PipelineEnvironment {
    return new PipelineEnvironment(props);
  }

  /** Name used in labels. */
  public readonly name: string;
  /** Whether the production rules apply. */
  public readonly isProduction: boolean;
  /** Replication factor of the pipeline's topics. */
  public readonly replicationFactor: number;
  /** `min.insync.replicas` of the pipeline's topics. */
  public readonly minInsyncReplicas: number;
  /** Partitions of topics that do not set their own. */
  public readonly defaultPartitions: number;

  private constructor(props: PipelineEnvironmentProps) {
    const where = 'PipelineEnvironment';
    if (typeof props.name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,30}$/.test(props.name)) {
      throw ValidationError.of(where, 'name', 'lowercase letters, digits and "-" (at most 31)', props.name);
    }
    for (const [k, v] of [
      ['replicationFactor', props.replicationFactor],
      ['minInsyncReplicas', props.minInsyncReplicas],
      ['defaultPartitions', props.defaultPartitions ?? Topic.DEFAULT_PARTITIONS],
    ] as const) {
      requireWholeNumber(where, k, v, { min: 1 });
    }
    if (props.minInsyncReplicas > props.replicationFactor) {
      throw ValidationError.of(
        where,
        'minInsyncReplicas',
        `<= replicationFactor (${props.replicationFactor})`,
        props.minInsyncReplicas,
        'a topic with fewer replicas than min.insync.replicas refuses every acks=all write',
      );
    }
    this.name = props.name;
    this.isProduction = props.production;
    this.replicationFactor = props.replicationFactor;
    this.minInsyncReplicas = props.minInsyncReplicas;
    this.defaultPartitions = props.defaultPartitions ?? Topic.DEFAULT_PARTITIONS;
  }
}
