/**
 * The lock file's model and the comparison of two locks. Pure: no cdktf, no file system.
 *
 * A lock records, per stack, the identities and immutable settings of what holds data or state:
 * topics (partitions, replication factor), schema subjects (compatibility), CDC sources
 * (`topic.prefix`, slot, server id) and Flink jobs (a fingerprint of their stateful plan).
 */
export type LockValue = string | number | boolean;

export interface LockEntry {
  /** `topic`, `subject`, `cdc-source` or `flink-job`. */
  readonly kind: string;
  /** Identity within the kind (topic name, subject name, connector name, job name). */
  readonly name: string;
  /** Construct path, for messages. */
  readonly path: string;
  /** Settings that must not change silently. */
  readonly settings: Record<string, LockValue>;
  /** Settings that declare how a change may proceed (not stored). */
  /**
   * How the entry may change without a finding (never written to the lock): a Flink job that may
   * drop state, and the fingerprint an earlier release of the library computed for the same plan
   * (a lock written by it is not a change).
   */
  readonly upgrade?: { allowNonRestoredState?: boolean; formerFingerprint?: string };
}

export interface LockFileContent {
  readonly version: 1;
  readonly stack: string;
  readonly entries: Record<string, Record<string, LockValue>>;
}

export interface LockViolation {
  /** `kind:name`. */
  readonly key: string;
  /** Construct path (or the lock file for removals). */
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
}

export function entryKey(e: { kind: string; name: string }): string {
  return `${e.kind}:${e.name}`;
}

export function toLockFile(stack: string, entries: LockEntry[]): LockFileContent {
  const sorted = [...entries].sort((a, b) => entryKey(a).localeCompare(entryKey(b)));
  const out: Record<string, Record<string, LockValue>> = {};
  for (const e of sorted) {
    out[entryKey(e)] = Object.fromEntries(Object.keys(e.settings).sort().map((k) => [k, e.settings[k]]));
  }
  return { version: 1, stack, entries: out };
}

/** Compatibility levels as the guarantees they give; a change that drops a guarantee weakens it. */
const GUARANTEES: Record<string, string[]> = {
  NONE: [],
  BACKWARD: ['backward'],
  BACKWARD_TRANSITIVE: ['backward', 'backward-transitive'],
  FORWARD: ['forward'],
  FORWARD_TRANSITIVE: ['forward', 'forward-transitive'],
  FULL: ['backward', 'forward'],
  FULL_TRANSITIVE: ['backward', 'forward', 'backward-transitive', 'forward-transitive'],
};

export function isWeakerCompatibility(before: string, after: string): boolean {
  const a = GUARANTEES[before] ?? [];
  const b = GUARANTEES[after] ?? [];
  return a.some((g) => !b.includes(g));
}

const REMOVAL: Record<string, { problem: string; fix: string }> = {
  topic: {
    problem: 'is in the lock file but no longer defined: deploying deletes the topic and its data',
    fix: 'keep the topic, or acknowledge the deletion with a reason',
  },
  subject: {
    problem: 'is in the lock file but no longer defined: deploying deletes the subject, and producers with auto-registration off start failing',
    fix: 'keep the subject, or acknowledge the deletion with a reason',
  },
};

/**
 * Compare the previous lock with the current definition. Removals of CDC sources and Flink jobs
 * are not destructive for data and are allowed; identity changes of what remains are not.
 */
export function compareLocks(
  previous: LockFileContent | undefined,
  current: LockEntry[],
  acknowledged: (key: string) => boolean,
): LockViolation[] {
  if (!previous) return [];
  const out: LockViolation[] = [];
  const now = new Map(current.map((e) => [entryKey(e), e]));
  for (const [key, before] of Object.entries(previous.entries)) {
    const kind = key.slice(0, key.indexOf(':'));
    const entry = now.get(key);
    if (!entry) {
      const removal = REMOVAL[kind];
      if (removal && !acknowledged(key)) out.push({ key, path: `lock ${previous.stack}`, ...removal });
      continue;
    }
    for (const v of compareEntry(kind, before, entry)) if (!acknowledged(key)) out.push({ key, path: entry.path, ...v });
  }
  return out;
}

function compareEntry(kind: string, before: Record<string, LockValue>, e: LockEntry): Array<{ problem: string; fix: string }> {
  const after = e.settings;
  const out: Array<{ problem: string; fix: string }> = [];
  const changed = (k: string) => before[k] !== undefined && after[k] !== undefined && before[k] !== after[k];
  switch (kind) {
    case 'topic':
      if (before.partitions !== undefined && Number(after.partitions) < Number(before.partitions)) {
        out.push({
          problem: `partitions ${before.partitions} → ${after.partitions}: Kafka cannot decrease partitions; the provider would delete and recreate the topic`,
          fix: 'keep the partition count, or create a new topic under a new name and migrate consumers',
        });
      }
      if (changed('replicationFactor')) {
        out.push({
          problem: `replication factor ${before.replicationFactor} → ${after.replicationFactor}: the Terraform provider recreates the topic (data loss) instead of reassigning replicas`,
          fix: 'reassign replicas with kafka-reassign-partitions outside Terraform, then acknowledge the change with a reason',
        });
      }
      break;
    case 'subject':
      if (changed('compatibility') && isWeakerCompatibility(String(before.compatibility), String(after.compatibility))) {
        out.push({
          problem: `compatibility ${before.compatibility} → ${after.compatibility} weakens the contract consumers rely on`,
          fix: 'keep the level (or a stricter one), or acknowledge the change with a reason agreed with the consumers',
        });
      }
      break;
    case 'cdc-source':
      for (const k of ['topicPrefix', 'slotName', 'serverId', 'publicationName']) {
        if (changed(k)) {
          out.push({
            problem: `${k} ${before[k]} → ${after[k]} is connector identity: offsets are lost, the connector re-snapshots every table and writes to new topics`,
            fix: `keep ${k}, or acknowledge the re-snapshot with a reason`,
          });
        }
      }
      break;
    case 'flink-job':
      if (changed('stateFingerprint') && before.stateFingerprint !== e.upgrade?.formerFingerprint && !e.upgrade?.allowNonRestoredState) {
        out.push({
          problem: 'the stateful plan changed (operators, keys or state schema): the job will not restore from its last savepoint',
          fix: 'give the job a new name (fresh state), set allowNonRestoredState, or acknowledge the state reset with a reason',
        });
      }
      break;
  }
  return out;
}
