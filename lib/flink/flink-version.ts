import { ValidationError } from '../core/private/validation-error';

/**
 * A Flink release line. It decides the configuration keys the job gets (Flink 1.20 renamed the
 * checkpoint and savepoint directory keys and moved incremental checkpoints under
 * `execution.checkpointing.*`; Flink 2.0 removed the old names) and the operator's `flinkVersion`.
 *
 * @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/deployment/config/
 */
export class FlinkVersion {
  /** Flink 1.18. */
  public static readonly V1_18 = new FlinkVersion(1, 18);
  /** Flink 1.19. */
  public static readonly V1_19 = new FlinkVersion(1, 19);
  /** Flink 1.20 (LTS of the 1.x line). */
  public static readonly V1_20 = new FlinkVersion(1, 20);
  /** Flink 2.0. */
  public static readonly V2_0 = new FlinkVersion(2, 0);
  /** Flink 2.1. */
  public static readonly V2_1 = new FlinkVersion(2, 1);
  /** Flink 2.2. */
  public static readonly V2_2 = new FlinkVersion(2, 2);

  /** A version by its `major.minor` text, e.g. `1.20`. Only the versions above are accepted. */
  public static of(version: string): FlinkVersion {
    const known = [FlinkVersion.V1_18, FlinkVersion.V1_19, FlinkVersion.V1_20, FlinkVersion.V2_0, FlinkVersion.V2_1, FlinkVersion.V2_2];
    const found = known.find((v) => v.version === String(version ?? '').trim());
    if (!found) {
      throw new ValidationError({
        path: 'FlinkVersion.of',
        setting: 'version',
        limit: `one of ${known.map((v) => v.version).join(', ')} (the versions the Flink Kubernetes Operator 1.15 CRD lists from 1.18 on)`,
        value: JSON.stringify(version),
      });
    }
    return found;
  }

  /** `major.minor`, e.g. `1.20`. */
  public readonly version: string;
  /** Major version. */
  public readonly major: number;
  /** Minor version. */
  public readonly minor: number;

  private constructor(major: number, minor: number) {
    this.major = major;
    this.minor = minor;
    this.version = `${major}.${minor}`;
  }

  /** The Flink Kubernetes Operator's `spec.flinkVersion`, e.g. `v1_20`. */
  public get crdValue(): string {
    return `v${this.major}_${this.minor}`;
  }

  /** Whether this version is at least `major.minor`. */
  public isAtLeast(major: number, minor: number): boolean {
    return this.major > major || (this.major === major && this.minor >= minor);
  }

  /** Key of the checkpoint directory: `execution.checkpointing.dir` from 1.20, `state.checkpoints.dir` before. */
  public get checkpointDirKey(): string {
    return this.isAtLeast(1, 20) ? 'execution.checkpointing.dir' : 'state.checkpoints.dir';
  }

  /** Key of the savepoint directory: `execution.checkpointing.savepoint-dir` from 1.20, `state.savepoints.dir` before. */
  public get savepointDirKey(): string {
    return this.isAtLeast(1, 20) ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir';
  }

  /** Key of incremental checkpoints: `execution.checkpointing.incremental` from 1.20, `state.backend.incremental` before. */
  public get incrementalCheckpointsKey(): string {
    return this.isAtLeast(1, 20) ? 'execution.checkpointing.incremental' : 'state.backend.incremental';
  }

  /**
   * Whether the distribution reads `config.yaml` (standard YAML) instead of `flink-conf.yaml`:
   * Flink 2.0 removed the legacy file. The operator writes the right file; this matters for images
   * that bake configuration in.
   */
  public get usesStandardYamlConfig(): boolean {
    return this.isAtLeast(2, 0);
  }

  /** Java version of the official image's default tag: 17 from Flink 2.0, 11 before. */
  public get defaultJavaVersion(): number {
    return this.isAtLeast(2, 0) ? 17 : 11;
  }

  /** The version text. */
  public toString(): string {
    return this.version;
  }
}
