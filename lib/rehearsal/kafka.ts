import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { freePorts, ManagedProcess, portOpen, ProcessGroup, runChecked, waitFor } from './processes';

/** The Kafka jars the installer resolved (`rehearsal/install/kafka.sh`). */
export function kafkaClasspath(tools: string): string {
  const libs = path.join(tools, 'kafka', 'libs');
  if (!fs.existsSync(libs)) throw new Error(`Kafka is not installed under ${libs}: run rehearsal/install.sh`);
  return `${libs}/*`;
}

export function javaBin(): string {
  const home = process.env.REHEARSAL_JAVA_HOME ?? process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** A local KRaft cluster: `nodes` combined broker+controller processes on loopback. */
export interface LocalKafka {
  readonly bootstrap: string;
  readonly nodes: ManagedProcess[];
  readonly classpath: string;
  readonly log4j: string;
  /**
   * Client settings every client of `bootstrap` needs (a SASL listener): `security.protocol`,
   * `sasl.mechanism`, `sasl.jaas.config`. Undefined for a PLAINTEXT listener.
   */
  readonly clientConfig?: Record<string, string>;
  /** A properties file with `clientConfig`, for Kafka's command-line tools (`--command-config`). */
  readonly clientConfigFile?: string;
}

/** A SASL/SCRAM user the brokers know from the start (created when the storage is formatted). */
export interface ScramUser {
  readonly mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  readonly username: string;
  readonly password: string;
}

/** Options of `startKafka`. */
export interface StartKafkaOptions {
  /**
   * Serve clients on a SASL_PLAINTEXT listener with this SCRAM user (brokers and controllers talk
   * PLAINTEXT among themselves). `bootstrap` is then that listener, and `clientConfig` holds the
   * user's client settings.
   */
  readonly sasl?: ScramUser;
}

/** The client settings of a SCRAM user on a SASL_PLAINTEXT listener. */
export function scramClientConfig(user: ScramUser): Record<string, string> {
  return {
    'security.protocol': 'SASL_PLAINTEXT',
    'sasl.mechanism': user.mechanism,
    'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user.username}" password="${user.password}";`,
  };
}

function log4jFile(tools: string): string {
  const f = path.join(tools, 'kafka', 'log4j2.properties');
  return fs.existsSync(f) ? f : '';
}

function jvmLogArgs(log4j: string): string[] {
  return log4j ? [`-Dlog4j2.configurationFile=${log4j}`] : [];
}

/** Start a KRaft cluster of `nodeCount` combined nodes (1 or 3), formatted fresh under `dir`. */
export async function startKafka(
  group: ProcessGroup,
  tools: string,
  dir: string,
  nodeCount: number,
  options: StartKafkaOptions = {},
): Promise<LocalKafka> {
  const classpath = kafkaClasspath(tools);
  const log4j = log4jFile(tools);
  const sasl = options.sasl;
  if (sasl && !/^[A-Za-z0-9_.-]+$/.test(sasl.username + sasl.password)) {
    // They go into a JAAS line and a format argument unquoted.
    throw new Error('startKafka: SCRAM user names and passwords are limited to letters, digits, "_", "." and "-" here');
  }
  const ports = await freePorts(nodeCount * (sasl ? 3 : 2));
  const brokerPorts = ports.slice(0, nodeCount);
  const controllerPorts = ports.slice(nodeCount, nodeCount * 2);
  // With SASL, clients use brokerPorts; the brokers replicate over an internal PLAINTEXT listener.
  const internalPorts = sasl ? ports.slice(nodeCount * 2) : brokerPorts;
  const voters = controllerPorts.map((p, i) => `${i + 1}@127.0.0.1:${p}`).join(',');
  // Base64url may start with '-': passed as --cluster-id=<id> so it is never read as an option.
  const clusterId = randomBytes(16).toString('base64url').slice(0, 22);
  const rf = Math.min(nodeCount, 3);
  const nodes: ManagedProcess[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const nodeDir = path.join(dir, `node-${i + 1}`);
    fs.mkdirSync(nodeDir, { recursive: true });
    const listeners = sasl
      ? [
        `listeners=SASL_PLAINTEXT://127.0.0.1:${brokerPorts[i]},PLAINTEXT://127.0.0.1:${internalPorts[i]},CONTROLLER://127.0.0.1:${controllerPorts[i]}`,
        `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${brokerPorts[i]},PLAINTEXT://127.0.0.1:${internalPorts[i]}`,
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
        `sasl.enabled.mechanisms=${sasl.mechanism}`,
        // The broker side of SCRAM needs only the login module: users live in the cluster metadata.
        `listener.name.sasl_plaintext.${sasl.mechanism.toLowerCase()}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
      ]
      : [
        `listeners=PLAINTEXT://127.0.0.1:${brokerPorts[i]},CONTROLLER://127.0.0.1:${controllerPorts[i]}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPorts[i]}`,
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      ];
    const props = [
      'process.roles=broker,controller',
      `node.id=${i + 1}`,
      `controller.quorum.voters=${voters}`,
      ...listeners,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${path.join(nodeDir, 'data')}`,
      // Topics come from Terraform, as in production: nothing is created by accident.
      'auto.create.topics.enable=false',
      `default.replication.factor=${rf}`,
      `offsets.topic.replication.factor=${rf}`,
      `transaction.state.log.replication.factor=${rf}`,
      `transaction.state.log.min.isr=${Math.min(rf, 2)}`,
      'group.initial.rebalance.delay.ms=0',
      'num.partitions=1',
      'log.segment.bytes=16777216',
    ].join('\n');
    const propsFile = path.join(nodeDir, 'server.properties');
    fs.writeFileSync(propsFile, props + '\n');
    // SCRAM users of a KRaft cluster are written into the metadata log when the storage is formatted.
    const scram = sasl ? ['--add-scram', `${sasl.mechanism}=[name=${sasl.username},password=${sasl.password}]`] : [];
    await runChecked(`format Kafka node ${i + 1}`, javaBin(), ['-cp', classpath, ...jvmLogArgs(log4j), 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', propsFile, '--ignore-formatted', ...scram], {
      timeoutMs: 120_000,
    });
    nodes.push(
      group.start(`kafka-${i + 1}`, javaBin(), ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-cp', classpath, ...jvmLogArgs(log4j), 'kafka.Kafka', propsFile], { cwd: nodeDir }),
    );
  }
  await waitFor('the Kafka brokers to listen', 120_000, async () => {
    nodes.forEach((n) => n.assertRunning());
    for (const p of brokerPorts) if (!(await portOpen(p))) return undefined;
    return true;
  });
  let clientConfig: Record<string, string> | undefined;
  let clientConfigFile: string | undefined;
  if (sasl) {
    clientConfig = scramClientConfig(sasl);
    clientConfigFile = path.join(dir, 'client.properties');
    fs.writeFileSync(clientConfigFile, Object.entries(clientConfig).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  }
  const kafka: LocalKafka = { bootstrap: brokerPorts.map((p) => `127.0.0.1:${p}`).join(','), nodes, classpath, log4j, clientConfig, clientConfigFile };
  // Ready when the cluster answers a metadata request with every broker.
  await waitFor('the Kafka cluster to form', 120_000, async () => {
    const out = await runChecked('list brokers', javaBin(), [
      ...kafkaToolArgs(kafka), 'org.apache.kafka.tools.BrokerApiVersionsCommand', '--bootstrap-server', kafka.bootstrap, ...commandConfigArgs(kafka),
    ]).catch(() => '');
    const ids = out.match(/\(id: \d+ rack/g) ?? [];
    return ids.length >= nodeCount ? true : undefined;
  }, 2_000);
  return kafka;
}

/** JVM arguments to run a Kafka tool class against the local cluster. */
export function kafkaToolArgs(kafka: LocalKafka): string[] {
  return ['-Xmx256m', '-cp', kafka.classpath, ...jvmLogArgs(kafka.log4j)];
}

/** `--command-config <file>` for a tool run against a SASL listener; nothing for PLAINTEXT. */
export function commandConfigArgs(kafka: LocalKafka, flag = '--command-config'): string[] {
  return kafka.clientConfigFile ? [flag, kafka.clientConfigFile] : [];
}

/** Topic name → { partitions, replicationFactor, config } as the cluster describes it. */
/** A topic as the cluster describes it. */
export interface TopicDescription {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Record<string, string>;
}

export async function describeTopics(kafka: LocalKafka): Promise<Map<string, TopicDescription>> {
  const out = await runChecked('describe topics', javaBin(), [
    ...kafkaToolArgs(kafka), 'org.apache.kafka.tools.TopicCommand', '--bootstrap-server', kafka.bootstrap, '--describe', ...commandConfigArgs(kafka),
  ]);
  const topics = new Map<string, TopicDescription>();
  for (const line of out.split('\n')) {
    const m = /^Topic:\s*(\S+)\s+TopicId:\s*\S+\s+PartitionCount:\s*(\d+)\s+ReplicationFactor:\s*(\d+)\s+Configs:\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const config: Record<string, string> = {};
    // Values may hold commas (cleanup.policy=compact,delete): split only before the next key.
    for (const kv of m[4].split(/,(?=[a-z0-9.]+=)/)) {
      const eq = kv.indexOf('=');
      if (eq > 0) config[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
    }
    topics.set(m[1], { partitions: Number(m[2]), replicationFactor: Number(m[3]), config });
  }
  return topics;
}

/** One record as a topic holds it. */
export interface TopicRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
  /** When the rehearsal saw it (ms since the epoch). */
  readonly seenAt: number;
}

const FIELD = '\u001f';
const HEADER = '\u001e';
const NULL = '\u001cnull\u001c';

/**
 * A consumer that follows a topic from the beginning and keeps every record with the time it
 * arrived (Kafka's own console consumer, read_committed like the pipeline's readers).
 */
export class TopicFollower {
  public readonly records: TopicRecord[] = [];
  public readonly child: ChildProcess;
  private buffer = '';

  constructor(kafka: LocalKafka, public readonly topic: string, logFile: string) {
    const args = [
      ...kafkaToolArgs(kafka),
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server', kafka.bootstrap,
      '--topic', topic,
      '--from-beginning',
      '--isolation-level', 'read_committed',
      '--consumer-property', 'fetch.max.wait.ms=50',
      '--property', 'print.key=true',
      '--property', 'print.headers=true',
      '--property', 'print.value=true',
      '--property', `key.separator=${FIELD}`,
      '--property', `headers.separator=${HEADER}`,
      '--property', `null.literal=${NULL}`,
      ...commandConfigArgs(kafka, '--consumer.config'),
    ];
    this.child = spawn(javaBin(), args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    this.child.stderr!.pipe(log);
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      const now = Date.now();
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        log.write(line.split(FIELD).join('\t') + '\n');
        this.records.push(parseRecord(line, now));
      }
    });
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.pid === undefined) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      this.child.kill('SIGTERM');
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function parseRecord(line: string, seenAt: number): TopicRecord {
  const [rawHeaders, key, ...rest] = line.split(FIELD);
  const value = rest.join(FIELD);
  const headers: Record<string, string> = {};
  if (rawHeaders && rawHeaders !== 'NO_HEADERS') {
    for (const h of rawHeaders.split(HEADER)) {
      // The console consumer joins a header's key and value with ':' (keys hold none).
      const i = h.indexOf(':');
      if (i > 0) headers[h.slice(0, i)] = h.slice(i + 1);
    }
  }
  return { key: key === NULL ? null : key, value: value === NULL ? null : value, headers, seenAt };
}
