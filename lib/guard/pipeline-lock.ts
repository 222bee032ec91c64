import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { extractLockEntries } from './extractors';
import { compareLocks, LockEntry, LockFileContent, toLockFile } from './lock-model';
import { onStackSynthesis } from '../core/private/cdktf/custom-synthesis';
import { atSynthStart } from '../core/private/cdktf/synth-start';
import { ValidationError } from '../core/private/validation-error';

/** A destructive change the definition accepts, with the reason. */
export interface ChangeAcknowledgement {
  /** The lock key, e.g. `topic:inventory.orders_latest`, `flink-job:orders-latest`, `cdc-source:store`. */
  readonly key: string;
  /** Why the change is acceptable (at least 10 characters); reviewers read it in the definition. */
  readonly reason: string;
}

/** Props of `PipelineLock`. */
export interface PipelineLockProps {
  /**
   * Directory of the lock files, relative to the directory `cdktf synth` runs in. Commit it.
   * @default 'pipeline-locks'
   */
  readonly directory?: string;
  /**
   * Destructive changes accepted for the next deploy.
   * @default - none
   */
  readonly acknowledgements?: ChangeAcknowledgement[];
}

const ID = 'PipelineLock';

/**
 * Destructive-change guard. Synth writes `<directory>/<stack>.json`, a small lock file recording
 * the identities and immutable settings of topics, subjects, CDC sources and Flink jobs. The next
 * synth compares with it and fails — before anything deploys — on a partition decrease, a
 * replication-factor change, a removed topic or subject, a changed `topic.prefix`/slot/server id,
 * a weakened compatibility level, or a Flink plan that would not restore from its savepoint,
 * unless the definition declares how to proceed (a new job name, `allowNonRestoredState`, or an
 * acknowledgement with a reason).
 */
export class PipelineLock extends Construct {
  /** The lock of a stack, created on first use. */
  public static of(scope: IConstruct, props: PipelineLockProps = {}): PipelineLock {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as PipelineLock | undefined) ?? new PipelineLock(stack, ID, props);
  }

  /** Absolute path of the lock file. */
  public readonly lockFilePath: string;
  private readonly acknowledgements: ChangeAcknowledgement[] = [];

  /**
   * Validation runs just before custom synthesis in the same synth; the entries it extracted are
   * reused for the file instead of walking the tree twice (and dropped once written).
   */
  private synthEntries?: LockEntry[];

  constructor(scope: Construct, id: string, props: PipelineLockProps = {}) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    this.lockFilePath = path.resolve(props.directory ?? 'pipeline-locks', `${stack.node.id}.json`);
    for (const a of props.acknowledgements ?? []) this.acknowledge(a.key, a.reason);

    // Every synth starts without entries from an earlier one (a validation-only Testing.synth).
    atSynthStart(this, () => {
      this.synthEntries = undefined;
    });
    this.node.addValidation({
      validate: () => {
        this.synthEntries = extractLockEntries(TerraformStack.of(this));
        return this.violationsOf(this.synthEntries);
      },
    });
    onStackSynthesis(this, () => {
      const content = this.renderOf(this.synthEntries ?? extractLockEntries(TerraformStack.of(this)));
      this.synthEntries = undefined;
      const existing = fs.existsSync(this.lockFilePath) ? fs.readFileSync(this.lockFilePath, 'utf8') : undefined;
      if (existing === content) return;
      fs.mkdirSync(path.dirname(this.lockFilePath), { recursive: true });
      fs.writeFileSync(this.lockFilePath, content);
    });
  }

  /** Accept a destructive change on the next synth. */
  public acknowledge(key: string, reason: string): void {
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      throw ValidationError.of(this, `acknowledgement reason for ${key}`, 'an explanation of at least 10 characters', reason);
    }
    this.acknowledgements.push({ key, reason });
  }

  /** The lock file the current definition gives (JSON text, as synth writes it). */
  public render(): string {
    return this.renderOf(extractLockEntries(TerraformStack.of(this)));
  }

  /** Messages for every unacknowledged destructive change against the committed lock file. */
  public violations(): string[] {
    return this.violationsOf(extractLockEntries(TerraformStack.of(this)));
  }

  private renderOf(entries: LockEntry[]): string {
    return JSON.stringify(toLockFile(TerraformStack.of(this).node.id, entries), null, 2) + '\n';
  }

  private violationsOf(entries: LockEntry[]): string[] {
    let previous: LockFileContent | undefined;
    if (fs.existsSync(this.lockFilePath)) {
      try {
        previous = JSON.parse(fs.readFileSync(this.lockFilePath, 'utf8'));
      } catch (e) {
        return [`[${this.node.path}] lock file ${this.lockFilePath} must be valid JSON (${(e as Error).message})`];
      }
    }
    const acked = new Set(this.acknowledgements.map((a) => a.key));
    return compareLocks(previous, entries, (k) => acked.has(k)).map(
      (v) => `[${v.path}] destructive change to ${v.key}: ${v.problem}. Fix: ${v.fix}.`,
    );
  }
}
