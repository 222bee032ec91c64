import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { javaBin, kafkaClasspath, LocalKafka } from './kafka';
import { freePorts, httpRequest, ManagedProcess, ProcessGroup, runChecked, waitFor } from './processes';
import { KubeObject } from './stack-output';

/**
 * Strimzi's `spec.build`, done locally: each plugin artifact is downloaded (into a cache), its
 * `sha512sum` checked when given, and unpacked into `<pluginPath>/<plugin name>/`.
 */
export async function buildConnectPlugins(connect: KubeObject, tools: string, pluginPath: string): Promise<string[]> {
  const plugins: any[] = connect.spec?.build?.plugins ?? [];
  const cache = path.join(tools, 'cache', 'connect-plugins');
  fs.mkdirSync(cache, { recursive: true });
  const names: string[] = [];
  for (const plugin of plugins) {
    const dest = path.join(pluginPath, plugin.name);
    fs.mkdirSync(dest, { recursive: true });
    for (const artifact of plugin.artifacts ?? []) {
      const url = artifact.type === 'maven' ? mavenUrl(artifact) : artifact.url;
      if (!url) throw new Error(`${connect.source}: plugin ${plugin.name} has an artifact without url`);
      const file = path.join(cache, createHash('sha256').update(url).digest('hex').slice(0, 16) + '-' + path.basename(new URL(url).pathname));
      if (!fs.existsSync(file)) await runChecked(`download ${url}`, 'curl', ['-fsSL', '--retry', '3', '-o', file + '.part', url], { timeoutMs: 600_000 }).then(() => fs.renameSync(file + '.part', file));
      if (artifact.sha512sum) {
        const got = createHash('sha512').update(fs.readFileSync(file)).digest('hex');
        if (got !== artifact.sha512sum) throw new Error(`${connect.source}: plugin ${plugin.name}: sha512 of ${url} is ${got}, not ${artifact.sha512sum}`);
      }
      switch (artifact.type) {
        case 'tgz':
          await runChecked('untar', 'tar', ['-xzf', file, '-C', dest]);
          break;
        case 'zip':
          await runChecked('unzip', 'unzip', ['-oq', file, '-d', dest]);
          break;
        default:
          fs.copyFileSync(file, path.join(dest, artifact.fileName ?? path.basename(file)));
      }
    }
    names.push(plugin.name);
  }
  return names;
}

function mavenUrl(a: any): string {
  const repo = (a.repository ?? 'https://repo1.maven.org/maven2').replace(/\/$/, '');
  return `${repo}/${a.group.replace(/\./g, '/')}/${a.artifact}/${a.version}/${a.artifact}-${a.version}.jar`;
}

/** A Connect worker the rehearsal started. */
export interface LocalConnect {
  readonly url: string;
  readonly metricsPort: number;
  readonly process: ManagedProcess;
  /** Directory holding `<namespace>/<secret>/<key>` files for `${secrets:...}` placeholders. */
  readonly secretsDir: string;
}

/**
 * Start a distributed Connect worker the way Strimzi configures one from a `KafkaConnect`: its
 * group and storage topics, its `spec.config`, the plugins of `spec.build`, and the Prometheus JMX
 * exporter agent. Strimzi's Kubernetes Secret config provider becomes Kafka's
 * `DirectoryConfigProvider` over `secretsDir`: the same `${secrets:NAMESPACE/NAME:KEY}`
 * placeholders resolve, from files instead of the Kubernetes API.
 */
export async function startConnect(
  group: ProcessGroup,
  tools: string,
  dir: string,
  kafka: LocalKafka,
  connect: KubeObject,
  metricsRulesFile: string,
): Promise<LocalConnect> {
  const pluginPath = path.join(dir, 'plugins');
  const secretsDir = path.join(dir, 'secrets');
  fs.mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  await buildConnectPlugins(connect, tools, pluginPath);
  const [restPort, metricsPort] = await freePorts(2);
  const spec = connect.spec ?? {};
  const config: Record<string, string> = {
    // Strimzi's defaults for a KafkaConnect (its operator writes these unless spec.config says otherwise).
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'config.storage.replication.factor': '-1',
    'offset.storage.replication.factor': '-1',
    'status.storage.replication.factor': '-1',
  };
  for (const [k, v] of Object.entries<any>(spec.config ?? {})) config[k] = String(v);
  const providers = (config['config.providers'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of providers) {
    if (config[`config.providers.${p}.class`] === 'io.strimzi.kafka.KubernetesSecretConfigProvider') {
      config[`config.providers.${p}.class`] = 'org.apache.kafka.common.config.provider.DirectoryConfigProvider';
      config[`config.providers.${p}.param.allowed.paths`] = secretsDir;
    }
  }
  // On a SASL listener the worker authenticates its own clients and the producers, consumers and
  // admin clients it gives connectors, as Strimzi writes them from spec.authentication. Debezium's
  // own clients (schema history, signals) are not among them: they read only the connector config.
  for (const prefix of ['', 'producer.', 'consumer.', 'admin.']) {
    for (const [k, v] of Object.entries(kafka.clientConfig ?? {})) config[`${prefix}${k}`] = v;
  }
  Object.assign(config, {
    'bootstrap.servers': kafka.bootstrap,
    'group.id': spec.groupId,
    'config.storage.topic': spec.configStorageTopic,
    'offset.storage.topic': spec.offsetStorageTopic,
    'status.storage.topic': spec.statusStorageTopic,
    'plugin.path': pluginPath,
    'listeners': `http://127.0.0.1:${restPort}`,
    'rest.advertised.host.name': '127.0.0.1',
    'rest.advertised.port': String(restPort),
    'offset.flush.interval.ms': '1000',
  });
  const propsFile = path.join(dir, 'connect-distributed.properties');
  fs.writeFileSync(propsFile, Object.keys(config).sort().map((k) => `${k}=${config[k]}`).join('\n') + '\n', { mode: 0o600 });
  const agent = path.join(tools, 'kafka', 'jmx_prometheus_javaagent.jar');
  const log4j = path.join(tools, 'kafka', 'log4j2.properties');
  const proc = group.start('connect', javaBin(), [
    '-Xms256m', '-Xmx768m',
    `-javaagent:${agent}=127.0.0.1:${metricsPort}:${metricsRulesFile}`,
    ...(fs.existsSync(log4j) ? [`-Dlog4j2.configurationFile=${log4j}`] : []),
    '-cp', kafkaClasspath(tools),
    'org.apache.kafka.connect.cli.ConnectDistributed', propsFile,
  ], { cwd: dir });
  const url = `http://127.0.0.1:${restPort}`;
  await waitFor('the Connect worker REST API', 180_000, async () => {
    proc.assertRunning();
    const r = await httpRequest(`${url}/connector-plugins`).catch(() => undefined);
    return r && r.status === 200 ? true : undefined;
  }, 1_000);
  return { url, metricsPort, process: proc, secretsDir };
}

/** Write a Kubernetes Secret's key where the directory provider finds `${secrets:NS/NAME:KEY}`. */
export function writeSecret(connect: LocalConnect, namespace: string, name: string, key: string, value: string) {
  const dir = path.join(connect.secretsDir, namespace, name);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, key), value, { mode: 0o600 });
}

/** Rewrite `${secrets:NS/NAME:KEY}` to the directory provider's absolute-path form. */
export function localSecretPlaceholders(value: string, connect: LocalConnect, provider = 'secrets'): string {
  return value.replace(new RegExp(`\\$\\{${provider}:([^:}]+):([^}]+)\\}`, 'g'), (_m, p: string, k: string) => `\${${provider}:${path.join(connect.secretsDir, p)}:${k}}`);
}

/** `PUT /connectors/<name>/config`, as Strimzi's operator does for a `KafkaConnector`. */
export async function putConnector(connect: LocalConnect, name: string, config: Record<string, string>): Promise<void> {
  const r = await httpRequest(`${connect.url}/connectors/${encodeURIComponent(name)}/config`, { method: 'PUT', body: JSON.stringify(config), timeoutMs: 60_000 });
  if (r.status >= 300) throw new Error(`Connect refused connector ${name} (HTTP ${r.status}): ${r.body}`);
}

/** Wait until the connector and all its tasks run; fail with the worker's trace when one fails. */
export async function waitConnectorRunning(connect: LocalConnect, name: string, timeoutMs = 180_000): Promise<void> {
  await waitFor(`connector ${name} to run`, timeoutMs, async () => {
    connect.process.assertRunning();
    const r = await httpRequest(`${connect.url}/connectors/${encodeURIComponent(name)}/status`);
    if (r.status !== 200) return undefined;
    const s = JSON.parse(r.body);
    const failed = [s.connector, ...(s.tasks ?? [])].find((t: any) => t?.state === 'FAILED');
    if (failed) throw Object.assign(new Error(`connector ${name} FAILED: ${String(failed.trace ?? '').split('\n').slice(0, 8).join('\n')}`), { fatal: true });
    return s.connector?.state === 'RUNNING' && (s.tasks ?? []).length > 0 && s.tasks.every((t: any) => t.state === 'RUNNING') ? true : undefined;
  }, 1_000);
}
