import { Size } from '../../core/size';
import { Checkpointing, RestartStrategy, UpgradeMode } from '../flink-settings';
import { FlinkVersion } from '../flink-version';

/** Port of the Prometheus reporter (the conventional Flink metrics port). */
export const PROMETHEUS_PORT = 9249;
/** Where the ConfigMap with the script is mounted in the JobManager. */
export const SCRIPT_DIR = '/opt/flink/sql';
export const SCRIPT_FILE = 'job.sql';

export interface FlinkConfigInput {
  readonly version: FlinkVersion;
  readonly jobName: string;
  readonly checkpointing: Checkpointing;
  readonly stateStorageUri?: string;
  readonly highAvailability: boolean;
  readonly restartStrategy: RestartStrategy;
  readonly prometheus: boolean;
  readonly taskSlots: number;
  readonly extra: Record<string, string>;
}

function join(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts].join('/');
}

/**
 * Flink configuration of a job, with the keys of its Flink version. Returns keys sorted, so the
 * rendered manifest is stable.
 */
export function renderFlinkConfiguration(input: FlinkConfigInput): Record<string, string> {
  const v = input.version;
  const c: Record<string, string> = {
    'pipeline.name': input.jobName,
    'taskmanager.numberOfTaskSlots': String(input.taskSlots),
    'state.backend.type': 'rocksdb',
    ...input.restartStrategy.configuration,
  };
  const cp = input.checkpointing;
  if (cp.enabled) {
    c['execution.checkpointing.interval'] = cp.interval!.toFlink();
    c['execution.checkpointing.mode'] = cp.mode;
    c['execution.checkpointing.timeout'] = cp.timeout.toFlink();
    c[v.incrementalCheckpointsKey] = String(cp.incremental);
    c['execution.checkpointing.externalized-checkpoint-retention'] = cp.retainOnCancel ? 'RETAIN_ON_CANCELLATION' : 'DELETE_ON_CANCELLATION';
    if (cp.minPause) c['execution.checkpointing.min-pause'] = cp.minPause.toFlink();
  }
  if (input.stateStorageUri) {
    // Rendered even with checkpointing off: the operator refuses savepoint and last-state upgrade
    // modes without a checkpoint directory (apache/flink-kubernetes-operator release-1.15.0,
    // flink-kubernetes-operator/.../validation/DefaultValidator.java validateJobSpec: "Checkpoint
    // directory[...] must be defined for last-state and savepoint upgrade modes"). The directory
    // alone does not turn checkpointing on: execution.checkpointing.interval does.
    c[v.checkpointDirKey] = join(input.stateStorageUri, 'checkpoints', input.jobName);
    c[v.savepointDirKey] = join(input.stateStorageUri, 'savepoints', input.jobName);
  }
  if (input.highAvailability && input.stateStorageUri) {
    c['high-availability.type'] = 'kubernetes';
    c['high-availability.storageDir'] = join(input.stateStorageUri, 'ha', input.jobName);
  }
  if (input.prometheus) {
    c['metrics.reporter.prom.factory.class'] = 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory';
    c['metrics.reporter.prom.port'] = String(PROMETHEUS_PORT);
    // The reporter rewrites label values outside [a-zA-Z0-9:_] to '_' by default, so
    // job_name="inventory-orders-latest" would arrive as inventory_orders_latest and every rule
    // selecting the job by name would select nothing. Keep the names as they are.
    c['metrics.reporter.prom.filterLabelValueCharacters'] = 'false';
  }
  for (const [k, val] of Object.entries(input.extra)) c[k] = val;
  const out: Record<string, string> = {};
  for (const k of Object.keys(c).sort()) out[k] = c[k];
  return out;
}

export interface FlinkDeploymentInput {
  readonly name: string;
  readonly namespace: string;
  readonly version: FlinkVersion;
  readonly image: string;
  readonly serviceAccount: string;
  readonly configuration: Record<string, string>;
  readonly jarUri: string;
  readonly parallelism: number;
  readonly upgradeMode: UpgradeMode;
  readonly jobManager: { cpu: number; memory: Size };
  readonly taskManager: { cpu: number; memory: Size };
  readonly configMapName: string;
  readonly prometheus: boolean;
  readonly labels: Record<string, string>;
  readonly suspended: boolean;
  readonly allowNonRestoredState: boolean;
  readonly initialSavepointPath?: string;
}

/** Memory as the operator's examples write it (`2048m`, Flink's MemorySize in mebibytes). */
export function operatorMemory(size: Size): string {
  return `${size.toBytes() / (1024 * 1024)}m`;
}

/** The `ConfigMap` holding the script. */
export function renderScriptConfigMap(name: string, namespace: string, labels: Record<string, string>, script: string): any {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data: { [SCRIPT_FILE]: script },
  };
}

/** The `FlinkDeployment` running the script through the SQL-runner jar (application mode). */
export function renderFlinkDeployment(input: FlinkDeploymentInput): any {
  const container: any = {
    name: 'flink-main-container',
    volumeMounts: [{ name: 'sql-script', mountPath: SCRIPT_DIR, readOnly: true }],
  };
  if (input.prometheus) container.ports = [{ name: 'metrics', containerPort: PROMETHEUS_PORT, protocol: 'TCP' }];
  const job: any = {
    jarURI: input.jarUri,
    args: [`${SCRIPT_DIR}/${SCRIPT_FILE}`],
    parallelism: input.parallelism,
    upgradeMode: input.upgradeMode,
    state: input.suspended ? 'suspended' : 'running',
  };
  if (input.allowNonRestoredState) job.allowNonRestoredState = true;
  if (input.initialSavepointPath) job.initialSavepointPath = input.initialSavepointPath;
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      image: input.image,
      flinkVersion: input.version.crdValue,
      serviceAccount: input.serviceAccount,
      mode: 'native',
      flinkConfiguration: input.configuration,
      podTemplate: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { labels: input.labels },
        spec: {
          containers: [container],
          volumes: [{ name: 'sql-script', configMap: { name: input.configMapName } }],
        },
      },
      jobManager: {
        replicas: 1,
        resource: { cpu: input.jobManager.cpu, memory: operatorMemory(input.jobManager.memory) },
      },
      taskManager: {
        resource: { cpu: input.taskManager.cpu, memory: operatorMemory(input.taskManager.memory) },
      },
      job,
    },
  };
}

/** The checkpoint and savepoint directory keys of every Flink version (the operator reads both spellings). */
const CHECKPOINT_DIR_KEYS = ['execution.checkpointing.dir', 'state.checkpoints.dir'];
const SAVEPOINT_DIR_KEYS = ['execution.checkpointing.savepoint-dir', 'state.savepoints.dir'];

/**
 * What the Flink Kubernetes Operator's validator refuses about the directories of a job spec, as
 * messages (empty when it accepts). Mirrors apache/flink-kubernetes-operator release-1.15.0,
 * DefaultValidator.java validateJobSpec: a non-stateless upgrade mode needs a checkpoint
 * directory; savepoint upgrades need a savepoint directory. Run on the final configuration, so a
 * user override that blanks a directory is caught too.
 */
export function operatorDirectoryProblems(configuration: Record<string, string>, upgradeMode: UpgradeMode): string[] {
  const has = (keys: string[]) => keys.some((k) => (configuration[k] ?? '').trim() !== '');
  const problems: string[] = [];
  if (upgradeMode !== UpgradeMode.STATELESS && !has(CHECKPOINT_DIR_KEYS)) {
    problems.push(`a checkpoint directory (${CHECKPOINT_DIR_KEYS.join(' or ')}) for upgradeMode ${upgradeMode}`);
  }
  if (upgradeMode === UpgradeMode.SAVEPOINT && !has(SAVEPOINT_DIR_KEYS)) {
    problems.push(`a savepoint directory (${SAVEPOINT_DIR_KEYS.join(' or ')}) for upgradeMode savepoint`);
  }
  return problems;
}
