import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import {
  CdcEngine,
  Checkpointing,
  CdcSource,
  ConnectorTarget,
  ConnectPlugin,
  DeadLetterTopic,
  DebeziumConnector,
  Delivery,
  Duration,
  Errors,
  Expectation,
  FlinkSqlJob,
  FlinkStatement,
  FlinkTable,
  FlinkTarget,
  KafkaCluster,
  KubernetesManifest,
  RealtimePipeline,
  SaslMechanism,
  SchemaDefinition,
  SchemaSubject,
  Secret,
  Sli,
  Slo,
  SloAlertRules,
  SqlType,
  Stream,
  StrimziKafkaConnect,
  Topic,
} from '../../lib';
import { isSecretLikeKey } from '../../lib/core/private/credentials';

/**
 * A unique marker is planted through every public string prop of the main constructs and
 * factories (the whole `RealtimePipeline` path, connectors on every target, clusters, topics,
 * Connect clusters, SLO rules), one prop at a time; the definition is synthesized (validations
 * included) and every file written and every error message is searched for the marker.
 *
 * - every planted value either synthesizes or is refused with a ValidationError (no TypeError);
 * - where the prop is secret-like, the marker appears in no file and no error: a `Secret` prop given
 *   a string or `{ value }`, a secret-like key (`*.password`, `*.jaas.config`, `*.secret.key`,
 *   `basic.auth.user.info`, …) added to any pass-through config map, and the password of a
 *   `user:password@` URL planted into every URL prop and config map. Those are refused, too.
 */

const COLUMNS = [
  { name: 'order_id', type: SqlType.bigint(), notNull: true },
  { name: 'amount', type: SqlType.decimal(12, 2) },
  { name: 'event_time', type: SqlType.timestamp(3) },
];

interface Definition {
  readonly name: string;
  /** The props as a user writes them: plain objects, lists, strings and the library's values. */
  readonly tree: () => any;
  readonly build: (stack: TerraformStack, t: any) => void;
}

const DEFINITIONS: Definition[] = [
  {
    name: 'RealtimePipeline on a SASL cluster with a registry, GitOps delivery, a CDC source, a stream and an SLO',
    tree: () => ({
      cluster: {
        bootstrapServers: ['kafka-0.kafka:9093'],
        tls: true,
        sasl: {
          mechanism: SaslMechanism.SCRAM_SHA_512,
          username: 'cdc',
          password: Secret.fromTerraformVariable('kafka_password'),
          connectPassword: Secret.fromKubernetesSecret('kafka-cdc', 'password'),
          connectUsername: 'cdc-connect',
        },
        schemaRegistryUrl: 'https://registry.example.com:8081',
      },
      pipeline: {
        name: 'retail',
        kubernetes: {
          namespace: 'streaming',
          connectCluster: 'connect',
          prometheusRuleLabels: { release: 'kps' },
          flinkStateStorageUri: 's3://flink-state/retail',
          flinkImage: 'registry.example.com/streaming/flink-sql-runner:1.20.3',
          flinkServiceAccount: 'flink',
        },
      },
      delivery: {
        repoUrl: 'https://git.example.com/platform/deploy.git',
        path: 'clusters/prod/retail',
        targetRevision: 'main',
        applicationName: 'retail',
        argoCdNamespace: 'argocd',
        project: 'default',
        destinationServer: 'https://kubernetes.default.svc',
        destinationNamespace: 'streaming',
        outputDirectory: 'manifests',
      },
      source: {
        hostname: 'mysql.internal',
        user: 'debezium',
        password: Secret.fromKubernetesSecret('mysql-cdc', 'password'),
        serverId: 184054,
        tables: ['store.orders'],
        signalTable: 'store.debezium_signal',
        excludedColumns: ['store.orders.amount'],
        additionalConfig: { 'snapshot.locking.mode': 'minimal' },
      },
      stream: { key: ['order_id'], eventTime: 'event_time', outputColumns: ['order_id', 'event_time'] },
      slo: { name: 'orders-fresh', runbookUrl: 'https://runbooks.example.com/orders', labels: { team: 'data' } },
    }),
    build: (stack, t) => {
      const cluster = KafkaCluster.selfManaged(t.cluster);
      const p = new RealtimePipeline(stack, 'Retail', { ...t.pipeline, cluster, delivery: Delivery.gitOps(t.delivery), disableLock: true });
      const store = p.addCdcSource('store', CdcSource.mysql(t.source));
      const orders = p.addStream(
        'orders_latest',
        Stream.latestByKey({ from: store.table('store.orders'), columns: COLUMNS, expectations: [Expectation.notNull('order_id')], ...t.stream }),
      );
      p.addSlo(orders.freshnessSlo({ threshold: Duration.seconds(30), objective: 0.99, ...t.slo }));
    },
  },
  {
    name: 'DebeziumConnector (Postgres) on a Kafka Connect REST API with basic auth and Kafka client settings',
    tree: () => ({
      cluster: { bootstrapServers: ['kafka-0.kafka:9093'], tls: true },
      target: { url: 'https://connect.internal:8083', basicAuthUsername: 'connect-admin', basicAuthPassword: Secret.fromTerraformVariable('connect_password') },
      source: {
        hostname: 'pg.internal',
        user: 'debezium',
        password: Secret.fromTerraformVariable('pg_password'),
        database: 'shop',
        tables: ['public.orders'],
        slotName: 'debezium_shop',
        publicationName: 'dbz_shop',
        heartbeatTable: 'public.debezium_heartbeat',
        additionalConfig: { 'snapshot.fetch.size': '10240' },
      },
      connector: { connectorName: 'shop-cdc', kafkaClientConfig: { 'ssl.truststore.location': '/etc/kafka/ca.jks', 'ssl.truststore.type': 'JKS' } },
    }),
    build: (stack, t) => {
      new DebeziumConnector(stack, 'Shop', {
        ...t.connector,
        source: CdcSource.postgres(t.source),
        cluster: KafkaCluster.selfManaged(t.cluster),
        target: ConnectorTarget.kafkaConnect(t.target),
      });
    },
  },
  {
    name: 'DebeziumConnector on Confluent Cloud with a Schema Registry and API keys',
    tree: () => ({
      cluster: {
        environmentId: 'env-abc123',
        clusterId: 'lkc-abc123',
        restEndpoint: 'https://pkc-abc123.eu-central-1.aws.confluent.cloud:443',
        bootstrapEndpoint: 'SASL_SSL://pkc-abc123.eu-central-1.aws.confluent.cloud:9092',
        apiKey: Secret.fromTerraformVariable('kafka_api_key'),
        apiSecret: Secret.fromTerraformVariable('kafka_api_secret'),
        schemaRegistry: {
          id: 'lsrc-abc123',
          restEndpoint: 'https://psrc-abc123.eu-central-1.aws.confluent.cloud',
          apiKey: Secret.fromTerraformVariable('sr_api_key'),
          apiSecret: Secret.fromTerraformVariable('sr_api_secret'),
        },
      },
      target: { apiKey: Secret.fromTerraformVariable('connector_api_key'), apiSecret: Secret.fromTerraformVariable('connector_api_secret') },
      source: { hostname: 'mysql.example.com', user: 'debezium', password: Secret.fromTerraformVariable('mysql_password'), serverId: 7, tables: ['shop.orders'], topicPrefix: 'shop' },
    }),
    build: (stack, t) => {
      new DebeziumConnector(stack, 'Cloud', {
        source: CdcSource.mysql(t.source),
        cluster: KafkaCluster.confluentCloud(t.cluster),
        target: ConnectorTarget.confluentCloud(t.target),
      });
    },
  },
  {
    name: 'Topic, DeadLetterTopic, StrimziKafkaConnect and SloAlertRules',
    tree: () => ({
      cluster: { bootstrapServers: ['kafka-0.kafka:9092'], tls: false },
      topic: { topicName: 'shop.orders', config: { 'message.timestamp.type': 'LogAppendTime' }, strimzi: { clusterName: 'kafka', namespace: 'streaming' } },
      dlq: { source: 'orders', stage: 'gate' },
      connect: {
        name: 'connect',
        namespace: 'streaming',
        version: '4.0.0',
        image: 'registry.example.com/streaming/connect:1',
        pushSecret: 'registry-push',
        groupId: 'connect-cluster',
        plugin: { version: '3.2.0.Final' },
      },
      rules: { name: 'shop-slos', namespace: 'monitoring', ruleLabels: { release: 'kps' }, slo: { name: 'shop-fresh', runbookUrl: 'https://runbooks.example.com/shop' }, jobName: 'orders' },
    }),
    build: (stack, t) => {
      const cluster = KafkaCluster.selfManaged(t.cluster);
      new Topic(stack, 'Orders', { ...t.topic, cluster });
      new DeadLetterTopic(stack, 'Dlq', { ...t.dlq, cluster });
      const { plugin, ...connect } = t.connect;
      new StrimziKafkaConnect(stack, 'Connect', { ...connect, cluster, plugins: [ConnectPlugin.debezium(CdcEngine.MYSQL, plugin.version)] });
      const { slo, jobName, ...rules } = t.rules;
      new SloAlertRules(stack, 'Rules', {
        ...rules,
        slos: [Slo.freshness({ ...slo, objective: 0.99, threshold: Duration.seconds(30), sli: Sli.flinkEventTimeLag({ jobName }) })],
      });
    },
  },
  {
    name: 'Terraform delivery, a Strimzi-targeted DebeziumConnector and a SchemaSubject with a data-contract rule',
    tree: () => ({
      delivery: { kubeconfigPath: '/home/ci/.kube/config', kubeconfigContext: 'prod' },
      cluster: { bootstrapServers: ['kafka-0.kafka:9092'], tls: false, schemaRegistryUrl: 'https://registry.example.com:8081' },
      target: { connectCluster: 'connect', namespace: 'streaming' },
      source: { hostname: 'mysql.internal', user: 'debezium', password: Secret.fromKubernetesSecret('mysql-cdc', 'password', { namespace: 'streaming' }), serverId: 9, tables: ['shop.orders'] },
      subject: { subjectName: 'shop.orders-value', rules: [{ name: 'amount-positive', expression: 'message.amount >= 0', doc: 'no negative amounts' }] },
      schema: '{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"amount","type":"double"}]}',
    }),
    build: (stack, t) => {
      Delivery.use(stack, Delivery.terraform(t.delivery));
      const cluster = KafkaCluster.selfManaged(t.cluster);
      new DebeziumConnector(stack, 'Shop', { source: CdcSource.mysql(t.source), cluster, target: ConnectorTarget.strimzi(t.target) });
      new SchemaSubject(stack, 'Subject', { ...t.subject, cluster, schema: SchemaDefinition.avro(t.schema) });
    },
  },
];

/** Credentials as they turn up in pass-through maps. `%s` is the planted value. */
const SECRET_ENTRIES: Array<[string, string]> = [
  ['database.password', '%s'],
  ['ssl.key.password', '%s'],
  ['ssl.keystore.password', '%s'],
  ['schema.history.internal.producer.ssl.truststore.password', '%s'],
  ['sasl.jaas.config', 'org.apache.kafka.common.security.plain.PlainLoginModule required username="cdc" password="%s";'],
  ['value.converter.basic.auth.user.info', 'registry-user:%s'],
  ['fs.s3a.secret.key', '%s'],
  ['sasl.oauthbearer.client.secret', '%s'],
  ['schema.registry.url', 'https://registry-user:%s@registry.example.com:8081'],
];

type Path = Array<string | number>;

const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && (v as object).constructor === Object;

/** Every string and Secret in a props tree (library values other than Secrets are leaves, not walked). */
function leaves(value: unknown, at: Path = []): Array<{ path: Path; value: unknown }> {
  if (typeof value === 'string' || value instanceof Secret) return [{ path: at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...at, i]));
  if (isPlain(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  return [];
}

/** Pass-through config maps of a props tree: `additionalConfig`, `kafkaClientConfig`, `config`, … */
function configMaps(value: unknown, at: Path = []): Path[] {
  if (!isPlain(value)) return [];
  const here = at.length > 0 && /config|options|settings/i.test(String(at[at.length - 1])) ? [at] : [];
  return [...here, ...Object.entries(value).flatMap(([k, v]) => configMaps(v, [...at, k]))];
}

/** A copy of the tree with one value replaced (only the plain objects and lists on the way are copied). */
function replaced(tree: any, at: Path, value: unknown): any {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  const copy = Array.isArray(tree) ? [...tree] : { ...tree };
  (copy as any)[head] = replaced(tree[head], rest, value);
  return copy;
}

/** Build and synthesize; every file written, and the error if any. */
function synthesize(def: Definition, tree: any): { files: Map<string, string>; error?: unknown } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'planted-'));
  const files = new Map<string, string>();
  let error: unknown;
  try {
    const app = Testing.app({ outdir });
    const stack = new TerraformStack(app, 'planted');
    def.build(stack, tree);
    app.synth();
  } catch (e) {
    error = e;
  }
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(outdir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { files, error };
}

const marker = () => `planted${randomBytes(8).toString('hex')}`;
const where = (p: Path) => p.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');

/** Where the marker turned up: file names, and `error` for the error message. */
function leaks(result: { files: Map<string, string>; error?: unknown }, planted: string): string[] {
  const found = [...result.files].filter(([, text]) => text.includes(planted)).map(([file]) => file);
  const message = result.error instanceof Error ? `${result.error.message}\n${result.error.stack ?? ''}` : String(result.error ?? '');
  if (message.includes(planted)) found.push('error');
  return found;
}

function expectValidationErrorIfAny(result: { error?: unknown }, label: string) {
  if (result.error === undefined) return;
  const got = { label, validationError: Errors.isValidationError(result.error), message: (result.error as Error).message };
  expect(got).toMatchObject({ label, validationError: true });
}

describe.each(DEFINITIONS.map((d) => [d.name, d] as const))('planted values: %s', (_name, def) => {
  test('the definition synthesizes as it stands (the baseline every planted value is compared with)', () => {
    const result = synthesize(def, def.tree());
    expect(result.error).toBeUndefined();
    expect(result.files.size).toBeGreaterThan(0);
  });

  test('every string prop: a planted value synthesizes or is refused with a ValidationError, and never leaks where the prop is secret-like', () => {
    const tree = def.tree();
    const strings = leaves(tree).filter((l) => typeof l.value === 'string');
    expect(strings.length).toBeGreaterThan(5);
    for (const leaf of strings) {
      const planted = marker();
      const result = synthesize(def, replaced(tree, leaf.path, planted));
      expectValidationErrorIfAny(result, where(leaf.path));
      const key = String(leaf.path[leaf.path.length - 1]);
      if (isSecretLikeKey(key)) expect({ prop: where(leaf.path), leaks: leaks(result, planted) }).toEqual({ prop: where(leaf.path), leaks: [] });
    }
  });

  test('every Secret prop given a literal (a string or { value }) is refused, and the literal is in no error and no file', () => {
    const tree = def.tree();
    const secrets = leaves(tree).filter((l) => l.value instanceof Secret);
    for (const leaf of secrets) {
      for (const literal of [(m: string) => m, (m: string) => ({ value: m }), (m: string) => ({ toString: () => m })]) {
        const planted = marker();
        const result = synthesize(def, replaced(tree, leaf.path, literal(planted)));
        expect({ prop: where(leaf.path), refused: result.error !== undefined }).toEqual({ prop: where(leaf.path), refused: true });
        expectValidationErrorIfAny(result, where(leaf.path));
        expect((result.error as Error).message).toMatch(/\(got a literal \w+, hidden\)\. Fix: .*Secret\.from/);
        expect({ prop: where(leaf.path), leaks: leaks(result, planted) }).toEqual({ prop: where(leaf.path), leaks: [] });
      }
    }
  });

  test('every URL prop given user:password@ is refused, and the password is in no error and no file', () => {
    const tree = def.tree();
    const urls = leaves(tree).filter((l) => typeof l.value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(l.value));
    for (const leaf of urls) {
      const planted = marker();
      const url = (leaf.value as string).replace(/^([a-z][a-z0-9+.-]*:\/\/)/i, `$1planted-user:${planted}@`);
      const result = synthesize(def, replaced(tree, leaf.path, url));
      expect({ prop: where(leaf.path), refused: result.error !== undefined }).toEqual({ prop: where(leaf.path), refused: true });
      expectValidationErrorIfAny(result, where(leaf.path));
      expect({ prop: where(leaf.path), leaks: leaks(result, planted) }).toEqual({ prop: where(leaf.path), leaks: [] });
    }
  });

  test('every pass-through config map refuses literal credentials under secret-like keys and in URLs, without printing them', () => {
    const tree = def.tree();
    for (const at of configMaps(tree)) {
      for (const [key, template] of SECRET_ENTRIES) {
        const planted = marker();
        const map = { ...(at.reduce((o: any, k) => o[k], tree) as object), [key]: template.replace('%s', planted) };
        const result = synthesize(def, replaced(tree, at, map));
        const label = `${where(at)}["${key}"]`;
        expect({ label, refused: result.error !== undefined }).toEqual({ label, refused: true });
        expectValidationErrorIfAny(result, label);
        expect((result.error as Error).message).toMatch(/Fix: .*(Secret\.fromKubernetesSecret|Secret\.fromTerraformVariable)/);
        expect({ label, leaks: leaks(result, planted) }).toEqual({ label, leaks: [] });
      }
      // The same keys holding references the runtime resolves are accepted.
      const references = { ...(at.reduce((o: any, k) => o[k], tree) as object), 'ssl.key.password': '${secrets:streaming/kafka-tls:key-password}' };
      const ok = synthesize(def, replaced(tree, at, references));
      expect({ map: where(at), error: (ok.error as Error | undefined)?.message }).toEqual({ map: where(at), error: expect.not.stringMatching(/ssl\.key\.password/) });
    }
  });
});

test('the walk covers the pass-through maps and the Secret props of the main constructs', () => {
  const all = DEFINITIONS.flatMap((d) => configMaps(d.tree()).map(where));
  expect(all).toEqual(expect.arrayContaining(['.source.additionalConfig', '.connector.kafkaClientConfig', '.topic.config']));
  const secrets = DEFINITIONS.flatMap((d) => leaves(d.tree()).filter((l) => l.value instanceof Secret).map((l) => where(l.path)));
  expect(secrets).toEqual(expect.arrayContaining(['.cluster.sasl.password', '.source.password', '.target.basicAuthPassword', '.cluster.schemaRegistry.apiSecret', '.target.apiKey']));
});

test('a Kubernetes Secret manifest carrying data is refused without printing it; one without data is placed', () => {
  for (const field of ['data', 'stringData']) {
    const planted = marker();
    const result = synthesize(
      { name: 'secret manifest', tree: () => ({}), build: (stack) => new KubernetesManifest(stack, 'Creds', { manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, [field]: { password: planted } } }) },
      {},
    );
    expect(Errors.isValidationError(result.error)).toBe(true);
    expect((result.error as Error).message).toMatch(/manifest \(a Secret\) must be without data or stringData .*\(got a literal object, hidden\)\. Fix: .*Secret\.fromKubernetesSecret/);
    expect(leaks(result, planted)).toEqual([]);
  }
  const empty = synthesize({ name: 'empty secret', tree: () => ({}), build: (stack) => new KubernetesManifest(stack, 'Creds', { manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' } } }) }, {});
  expect(empty.error).toBeUndefined();
});

/**
 * Flink pass-through maps (`flinkConfiguration`, `sqlSettings`, FlinkTable `options`) and the
 * Flink state URI refuse literal credentials: they are written into ConfigMaps, FlinkDeployments
 * and Confluent statements.
 */
test('Flink pass-through maps and the Flink state URI refuse literal credentials, without printing them', () => {
  const flinkDef = (table: any, job: any, target: any): Definition => ({
    name: 'FlinkSqlJob',
    tree: () => ({}),
    build: (stack) => {
      const columns = [{ name: 'id', type: SqlType.bigint(), notNull: true }, { name: 'ts', type: SqlType.timestamp(3) }];
      const from = FlinkTable.cdcSource({ name: 'src', topicName: 'a', columns, primaryKey: ['id'], eventTime: 'ts', watermarkDelay: Duration.seconds(5), ...table });
      const into = FlinkTable.upsertSink({ name: 'out', topicName: 'b', columns, primaryKey: ['id'] });
      new FlinkSqlJob(stack, 'Job', {
        statements: [FlinkStatement.latestByKey({ from, into })],
        target: FlinkTarget.kubernetes({ namespace: 'ns', stateStorageUri: 's3://state/flink', ...target }),
        cluster: KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9092'], tls: false }),
        checkpointing: Checkpointing.every(Duration.seconds(10)),
        ...job,
      });
    },
  });
  const planted = marker();
  for (const def of [
    flinkDef({}, { flinkConfiguration: { 's3.secret-key': planted } }, {}),
    flinkDef({}, { sqlSettings: { 'table.exec.password': planted } }, {}),
    flinkDef({ options: { 'properties.sasl.jaas.config': `M required username="u" password="${planted}";` } }, {}, {}),
    flinkDef({}, {}, { stateStorageUri: `s3://key:${planted}@state/flink` }),
  ]) {
    const result = synthesize(def, {});
    expect(Errors.isValidationError(result.error)).toBe(true);
    expect(leaks(result, planted)).toEqual([]);
  }
});
