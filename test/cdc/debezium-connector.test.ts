import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import {
  CdcEngine, ChangeEventFormat, ConnectPlugin, ConnectorTarget, DebeziumConnector, Delivery, KubernetesManifest, Secret, StrimziKafkaConnect,
} from '../../lib';
import { ArtifactFile } from '../../lib/core/private/artifact';
import { validateWithCrds, describeWithCrds } from '../conformance/shared';
import { expectTerraformConforms, expectValidCustomResource, kubernetesManifests, synthJson } from '../helpers';
import { confluent, selfManaged, shopPostgres, stack, storeMySql } from './fixtures';

const strimzi = () => ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' });

function topicsByName(tf: any): Record<string, any> {
  const out: Record<string, any> = {};
  for (const t of Object.values<any>(tf.resource?.kafka_topic ?? {})) out[t.name] = t;
  for (const t of Object.values<any>(tf.resource?.confluent_kafka_topic ?? {})) out[t.topic_name] = t;
  return out;
}

describe('DebeziumConnector on Strimzi (MySQL)', () => {
  function build() {
    const s = stack();
    const c = new DebeziumConnector(s, 'Store', { source: storeMySql(), cluster: selfManaged(), target: strimzi() });
    return { s, c, tf: synthJson(s) };
  }

  test('renders a KafkaConnector with the Debezium class, one task and every required MySQL key', () => {
    const { tf } = build();
    const connector = kubernetesManifests(tf).find((m) => m.kind === 'KafkaConnector');
    expect(connector.metadata).toEqual({ name: 'store-cdc', namespace: 'streaming', labels: { 'strimzi.io/cluster': 'connect' } });
    expect(connector.spec.class).toBe('io.debezium.connector.mysql.MySqlConnector');
    expect(connector.spec.tasksMax).toBe(1);
    expect(connector.spec.state).toBe('running');
    expect(connector.spec.config).toMatchObject({
      'topic.prefix': 'store',
      'database.hostname': 'mysql.internal',
      'database.port': '3306',
      'database.user': 'debezium',
      // Terraform JSON escapes the placeholder (`$${`): Kubernetes receives `${secrets:…}` verbatim.
      'database.password': '$${secrets:streaming/mysql-cdc:password}',
      'database.server.id': '184054',
      'database.include.list': 'store',
      'table.include.list': 'store\\.orders,store\\.order_items,store\\.inventory',
      'schema.history.internal.kafka.topic': '__debezium-schema-history.store',
      'schema.history.internal.kafka.bootstrap.servers': 'kafka-0.kafka:9093,kafka-1.kafka:9093',
      'decimal.handling.mode': 'string',
      // timestamps as ISO-8601 UTC instants: Flink's debezium-json cannot read the default epoch numbers
      'time.precision.mode': 'isostring',
      'heartbeat.interval.ms': '10000',
      'snapshot.mode': 'initial',
      'tombstones.on.delete': 'true',
      'include.schema.changes': 'false',
      'signal.enabled.channels': 'source,kafka',
      'signal.data.collection': 'store.debezium_signal',
      'signal.kafka.topic': '__debezium-signal.store',
      'errors.tolerance': 'none',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'true',
    });
    expect(connector.spec.config['connector.class']).toBeUndefined();
    expect(Object.keys(connector.spec.config).some((k) => k.startsWith('topic.creation'))).toBe(false);
  });

  test('creates a topic per table, the schema history, heartbeat and signal topics, the signal table\'s topic and a DLQ', () => {
    const { tf, c } = build();
    const topics = topicsByName(tf);
    expect(Object.keys(topics).sort()).toEqual([
      '__debezium-heartbeat.store',
      '__debezium-schema-history.store',
      '__debezium-signal.store',
      'dlq-store-cdc',
      'store.store.debezium_signal',
      'store.store.inventory',
      'store.store.order_items',
      'store.store.orders',
    ]);
    expect(topics['__debezium-schema-history.store']).toMatchObject({ partitions: 1, config: expect.objectContaining({ 'retention.ms': '-1', 'cleanup.policy': 'delete' }) });
    expect(topics['__debezium-signal.store'].partitions).toBe(1);
    // An incremental snapshot's window markers are change events of the signal table: its topic
    // must exist or the backfill waits on it (seen with Debezium 3.1.2 on Kafka 4.1.1, auto-create off).
    expect(topics['store.store.debezium_signal']).toMatchObject({ partitions: 1, config: expect.objectContaining({ 'cleanup.policy': 'delete' }) });
    expect(c.signalTableTopic.topicName).toBe('store.store.debezium_signal');
    expect(topics['store.store.orders']).toMatchObject({ partitions: 6, replication_factor: 3, config: expect.objectContaining({ 'cleanup.policy': 'compact' }) });
    expect(c.table('store.orders').topicName).toBe('store.store.orders');
    expect(() => c.table('store.payroll')).toThrow(/\[retail-prod\/Store\] table must be one of the captured tables .* \(got "store.payroll"\)/);
    expectTerraformConforms(tf);
  });

  test('exposes its identity for the destructive-change guard', () => {
    const { c } = build();
    expect([c.model.topicPrefix, c.model.serverId, c.model.slotName]).toEqual(['store', 184054, undefined]);
  });

  test('lets the Connect pods read exactly the password Secret', () => {
    const { tf } = build();
    const role = kubernetesManifests(tf).find((m) => m.kind === 'Role');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['mysql-cdc'], verbs: ['get'] }]);
    const binding = kubernetesManifests(tf).find((m) => m.kind === 'RoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'connect-connect', namespace: 'streaming' }]);
  });

  test('writes the setup SQL and the backfill notes as artifacts', () => {
    const { s } = build();
    const files = Object.fromEntries(ArtifactFile.findAll(s).map((f) => [f.fileName, f.render()]));
    expect(Object.keys(files).sort()).toEqual(['cdc/store-cdc-backfill.md', 'cdc/store-cdc-setup.sql']);
    expect(files['cdc/store-cdc-setup.sql']).toContain("GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'debezium'@'%';");
    expect(files['cdc/store-cdc-setup.sql']).toContain('binlog_format              = ROW');
    expect(files['cdc/store-cdc-backfill.md']).toContain("'execute-snapshot', '{\"data-collections\":[\"store.orders\"],\"type\":\"incremental\"}'");
    expect(files['cdc/store-cdc-backfill.md']).toContain('__debezium-signal.store');
  });

  test('generates backfill signals only for captured tables', () => {
    const { c } = build();
    expect(c.backfillSql(['store.inventory'])).toBe(
      "INSERT INTO `store`.`debezium_signal` (id, type, data) VALUES (UUID(), 'execute-snapshot', '{\"data-collections\":[\"store.inventory\"],\"type\":\"incremental\"}');",
    );
    expect(c.backfillRecord(['store.orders'])).toEqual({
      topic: '__debezium-signal.store',
      key: 'store',
      value: '{"type":"execute-snapshot","data":{"data-collections":["store.orders"],"type":"INCREMENTAL"}}',
    });
    expect(() => c.backfillSql(['store.payroll'])).toThrow(/captured tables/);
  });

  test('uses Avro through the cluster\'s Schema Registry when it has one', () => {
    const s = stack();
    const c = new DebeziumConnector(s, 'Store', { source: storeMySql(), cluster: selfManaged('https://sr.internal:8081'), target: strimzi() });
    expect(c.model.format).toBe(ChangeEventFormat.AVRO);
    expect(c.model.config).toMatchObject({
      'key.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': 'https://sr.internal:8081',
    });
  });

  test('passes the cluster security settings to Debezium\'s own Kafka clients', () => {
    const c = new DebeziumConnector(stack(), 'Store', {
      source: storeMySql(), cluster: selfManaged(), target: strimzi(), kafkaClientConfig: { 'security.protocol': 'SSL' },
    });
    expect(c.model.config).toMatchObject({
      'schema.history.internal.producer.security.protocol': 'SSL',
      'schema.history.internal.consumer.security.protocol': 'SSL',
      'signal.consumer.security.protocol': 'SSL',
    });
  });

  test('can manage its topics as Strimzi KafkaTopics that validate against the CRD', () => {
    const s = stack();
    new DebeziumConnector(s, 'Store', {
      source: storeMySql(), cluster: selfManaged(), target: strimzi(), topics: { strimzi: { clusterName: 'main', namespace: 'streaming' }, partitions: 3 },
    });
    const tf = synthJson(s);
    const kafkaTopics = kubernetesManifests(tf).filter((m) => m.kind === 'KafkaTopic');
    expect(kafkaTopics.length).toBeGreaterThanOrEqual(6);
    if (validateWithCrds()) kafkaTopics.forEach(expectValidCustomResource);
    expectTerraformConforms(tf);
  });

  test('refuses a Terraform-variable password: a Connect worker cannot resolve it', () => {
    expect(() => new DebeziumConnector(stack(), 'Store', {
      source: storeMySql({ password: Secret.fromTerraformVariable('mysql_password') }), cluster: selfManaged(), target: strimzi(),
    })).toThrow(/a Connect worker cannot read Terraform variables/);
  });

  test('is byte-identical across synths', () => {
    const a = Testing.synth(build().s, true);
    const b = Testing.synth(build().s, true);
    expect(a).toEqual(b);
  });
});

describeWithCrds('Strimzi resources against the CRDs', () => {
  test('the KafkaConnector and KafkaConnect validate strictly', () => {
    const s = stack();
    new StrimziKafkaConnect(s, 'Connect', {
      cluster: selfManaged(),
      name: 'connect',
      namespace: 'streaming',
      image: 'registry.example.com/streaming/connect-debezium:1',
      plugins: [
        ConnectPlugin.debezium(CdcEngine.MYSQL, '3.2.0.Final', { sha512sum: 'a'.repeat(128) }),
        ConnectPlugin.debezium(CdcEngine.POSTGRES, '3.2.0.Final'),
        ConnectPlugin.maven('avro-converter', 'io.confluent', 'kafka-connect-avro-converter', '7.9.0', 'https://packages.confluent.io/maven/'),
      ],
    });
    new DebeziumConnector(s, 'Store', { source: storeMySql(), cluster: selfManaged(), target: strimzi() });
    new DebeziumConnector(s, 'Shop', {
      source: shopPostgres({ password: Secret.fromKubernetesSecret('pg-cdc', 'password') }),
      cluster: selfManaged(),
      target: ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming', autoRestart: false }),
    });
    const tf = synthJson(s);
    const crs = kubernetesManifests(tf).filter((m) => m.apiVersion === 'kafka.strimzi.io/v1');
    expect(crs.map((m) => m.kind).sort()).toEqual(['KafkaConnect', 'KafkaConnector', 'KafkaConnector']);
    // The JMX exporter rules that make connector status and Debezium metrics exist, in a ConfigMap
    // the KafkaConnect's metricsConfig names.
    const connect = crs.find((m) => m.kind === 'KafkaConnect');
    expect(connect.spec.metricsConfig).toEqual({ type: 'jmxPrometheusExporter', valueFrom: { configMapKeyRef: { name: 'connect-metrics', key: 'metrics-config.yml' } } });
    const rules = kubernetesManifests(tf).find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'connect-metrics');
    expect(rules.metadata.namespace).toBe('streaming');
    const parsed = parseYaml(rules.data['metrics-config.yml']);
    const names = parsed.rules.map((r: any) => r.name);
    expect(names).toEqual(expect.arrayContaining(['kafka_connect_connector_$2', 'kafka_connect_connector_task_status', 'debezium_metrics_$4']));
    expect(parsed.lowercaseOutputName).toBeUndefined();
    crs.forEach(expectValidCustomResource);
    expectTerraformConforms(tf);
  });

  test('a typo in a generated field would be caught', () => {
    expectValidCustomResource({
      apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaConnector', metadata: { name: 'x' }, spec: { class: 'c', tasksMax: 1, config: {} },
    });
    expect(() => expectValidCustomResource({
      apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaConnector', metadata: { name: 'x' }, spec: { class: 'c', taskMax: 1 },
    })).toThrow();
  });
});

describe('StrimziKafkaConnect', () => {
  test('enables connector resources, the Kubernetes Secret config provider and builds the Debezium plugin', () => {
    const s = stack();
    const connect = new StrimziKafkaConnect(s, 'Connect', {
      cluster: selfManaged(),
      name: 'connect',
      namespace: 'streaming',
      image: 'registry.example.com/connect:1',
      plugins: [ConnectPlugin.debezium(CdcEngine.MYSQL, '3.2.0.Final')],
    });
    const m = connect.manifest.manifest;
    expect(connect.manifest.syncWave).toBe(1);
    expect(m.metadata.annotations).toEqual({ 'strimzi.io/use-connector-resources': 'true' });
    expect(m.spec.config).toMatchObject({
      'config.providers': 'secrets',
      'config.providers.secrets.class': 'io.strimzi.kafka.KubernetesSecretConfigProvider',
      'topic.creation.enable': 'false',
    });
    expect(m.spec.build.plugins).toEqual([{
      name: 'debezium-connector-mysql',
      artifacts: [{ type: 'tgz', url: 'https://repo1.maven.org/maven2/io/debezium/debezium-connector-mysql/3.2.0.Final/debezium-connector-mysql-3.2.0.Final-plugin.tar.gz' }],
    }]);
  });

  test('refuses a bad plugin version or checksum', () => {
    expect(() => ConnectPlugin.debezium(CdcEngine.MYSQL, 'latest')).toThrow(/version must be a Debezium version/);
    expect(() => ConnectPlugin.debezium(CdcEngine.MYSQL, '3.2.0.Final', { sha512sum: 'abc' })).toThrow(/sha512sum must be 128 lowercase hex digits/);
  });

  test('places the connector in the CONNECTORS sync wave', () => {
    const s = stack();
    new DebeziumConnector(s, 'Store', { source: storeMySql(), cluster: selfManaged(), target: strimzi() });
    const m = KubernetesManifest.findAll(s).find((x) => x.kind === 'KafkaConnector')!;
    expect(m.syncWave).toBe(3);
  });
});

describe('DebeziumConnector on Kafka Connect (Postgres)', () => {
  function build() {
    const s = stack();
    const c = new DebeziumConnector(s, 'Shop', {
      source: shopPostgres(),
      cluster: selfManaged(),
      target: ConnectorTarget.kafkaConnect({ url: 'https://connect.internal:8083' }),
    });
    new DebeziumConnector(s, 'Store', {
      source: storeMySql({ password: Secret.fromTerraformVariable('mysql_password') }),
      cluster: selfManaged(),
      target: ConnectorTarget.kafkaConnect({ url: 'https://connect.internal:8083' }),
    });
    return { s, c, tf: synthJson(s) };
  }

  test('renders a kafka-connect_connector with every required Postgres key and the password only in config_sensitive', () => {
    const { tf } = build();
    const connectors = Object.values<any>(tf.resource['kafka-connect_connector']);
    const shop = connectors.find((x) => x.name === 'shop-cdc');
    expect(shop.config).toMatchObject({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'tasks.max': '1',
      'topic.prefix': 'shop',
      'database.hostname': 'pg.internal',
      'database.port': '5432',
      'database.user': 'debezium',
      'database.dbname': 'shop',
      'plugin.name': 'pgoutput',
      'slot.name': 'debezium_shop',
      'publication.name': 'dbz_shop',
      'publication.autocreate.mode': 'disabled',
      'slot.drop.on.stop': 'false',
      'heartbeat.interval.ms': '10000',
      'heartbeat.action.query': 'UPDATE public.debezium_heartbeat SET last_heartbeat = now() WHERE id = 1',
      'decimal.handling.mode': 'string',
      'tombstones.on.delete': 'true',
      'signal.data.collection': 'public.debezium_signal',
    });
    expect(shop.config['database.password']).toBeUndefined();
    expect(shop.config['schema.history.internal.kafka.topic']).toBeUndefined();
    expect(shop.config_sensitive).toEqual({ 'database.password': '${var.pg_cdc_password}' });
    expect(tf.variable.pg_cdc_password).toMatchObject({ sensitive: true, type: 'string' });
    expect(shop.depends_on.length).toBeGreaterThan(0);
    expectTerraformConforms(tf);
  });

  test('configures the kafka-connect provider once per stack and URL', () => {
    const { tf } = build();
    expect(tf.provider['kafka-connect']).toEqual([{ url: 'https://connect.internal:8083' }]);
  });

  test('the Connect username is literal text for Terraform; the password must be a Terraform variable', () => {
    const s = stack();
    new DebeziumConnector(s, 'Shop', {
      source: shopPostgres(),
      cluster: selfManaged(),
      target: ConnectorTarget.kafkaConnect({ url: 'https://connect.internal:8083', basicAuthUsername: 'svc-${env}', basicAuthPassword: Secret.fromTerraformVariable('connect_password') }),
    });
    const tf = synthJson(s);
    expect(tf.provider['kafka-connect']).toEqual([{ url: 'https://connect.internal:8083', basic_auth_username: 'svc-$${env}', basic_auth_password: '${var.connect_password}' }]);
    expectTerraformConforms(tf);
    expect(() => ConnectorTarget.kafkaConnect({ url: 'https://c:8083', basicAuthUsername: 'u', basicAuthPassword: Secret.fromKubernetesSecret('connect', 'password', { namespace: 'ns' }) })).toThrow(
      /\[ConnectorTarget.kafkaConnect\] basicAuthPassword must be a Terraform variable secret.*got Secret\(kubernetes secret ns\/connect key password\)/s,
    );
    expect(() => ConnectorTarget.kafkaConnect({ url: 'https://connect/${var.x}' })).toThrow(/\[ConnectorTarget.kafkaConnect\] url must be an http\(s\) URL/);
  });

  test('derives the slot and publication from the topic prefix and exposes them', () => {
    const { c } = build();
    expect([c.model.topicPrefix, c.model.slotName, c.model.publicationName, c.model.serverId]).toEqual(['shop', 'debezium_shop', 'dbz_shop', undefined]);
  });
});

describe('DebeziumConnector on Confluent Cloud', () => {
  function build() {
    const s = stack();
    const target = ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-abc123' });
    new DebeziumConnector(s, 'Store', { source: storeMySql({ password: Secret.fromTerraformVariable('mysql_password') }), cluster: confluent(), target });
    new DebeziumConnector(s, 'Shop', { source: shopPostgres(), cluster: confluent(), target });
    return { s, tf: synthJson(s) };
  }

  test('renders MySqlCdcSourceV2 and PostgresCdcSourceV2 with the password only in config_sensitive', () => {
    const { tf } = build();
    const connectors = Object.values<any>(tf.resource.confluent_connector);
    const mysql = connectors.find((x) => x.config_nonsensitive['connector.class'] === 'MySqlCdcSourceV2');
    const pg = connectors.find((x) => x.config_nonsensitive['connector.class'] === 'PostgresCdcSourceV2');
    expect(mysql.config_nonsensitive).toMatchObject({
      'name': 'store-cdc',
      'kafka.auth.mode': 'SERVICE_ACCOUNT',
      'kafka.service.account.id': 'sa-abc123',
      'database.hostname': 'mysql.internal',
      'database.server.id': '184054',
      'topic.prefix': 'store',
      'output.data.format': 'AVRO',
      'output.key.format': 'AVRO',
      'tasks.max': '1',
      'decimal.handling.mode': 'string',
    });
    expect(mysql.config_sensitive).toEqual({ 'database.password': '${var.mysql_password}' });
    expect(pg.config_nonsensitive).toMatchObject({ 'database.dbname': 'shop', 'plugin.name': 'pgoutput', 'slot.name': 'debezium_shop' });
    for (const c of [mysql, pg]) {
      expect(c.environment).toEqual({ id: 'env-abc123' });
      expect(c.kafka_cluster).toEqual({ id: 'lkc-abc123' });
      expect(Object.keys(c.config_nonsensitive).some((k) => /converter|schema\.history|password/.test(k))).toBe(false);
    }
    expectTerraformConforms(tf);
  });

  test('puts an API key pair into config_sensitive in KAFKA_API_KEY mode', () => {
    const s = stack();
    new DebeziumConnector(s, 'Shop', {
      source: shopPostgres(),
      cluster: confluent(),
      target: ConnectorTarget.confluentCloud({ apiKey: Secret.fromTerraformVariable('connector_key'), apiSecret: Secret.fromTerraformVariable('connector_secret') }),
    });
    const tf = synthJson(s);
    const c = Object.values<any>(tf.resource.confluent_connector)[0];
    expect(c.config_nonsensitive['kafka.auth.mode']).toBe('KAFKA_API_KEY');
    expect(c.config_sensitive).toEqual({ 'database.password': '${var.pg_cdc_password}', 'kafka.api.key': '${var.connector_key}', 'kafka.api.secret': '${var.connector_secret}' });
  });

  test('refuses a Kubernetes Secret password and a self-managed cluster', () => {
    expect(() => new DebeziumConnector(stack(), 'Store', { source: storeMySql(), cluster: confluent(), target: ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-1' }) }))
      .toThrow(/source.password must be a Terraform variable secret/);
    expect(() => new DebeziumConnector(stack(), 'Shop', { source: shopPostgres(), cluster: selfManaged(), target: ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-1' }) }))
      .toThrow(/target must be ConnectorTarget.confluentCloud\(\) only with a KafkaCluster.confluentCloud\(\)/);
    expect(() => ConnectorTarget.confluentCloud({})).toThrow(/serviceAccountId or apiKey\+apiSecret must be set/);
  });
});

describe('secrets stay out of the synthesized output', () => {
  test('a planted password value appears nowhere in Terraform JSON, manifests or artifacts', () => {
    const planted = 'PLANTED-s3cret-9d2f71aa';
    process.env.TF_VAR_pg_cdc_password = planted;
    process.env.TF_VAR_mysql_password = planted;
    try {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdc-secret-'));
      const a = new App({ outdir });
      const tfStack = new TerraformStack(a, 'tf');
      new DebeziumConnector(tfStack, 'Shop', { source: shopPostgres(), cluster: selfManaged(), target: ConnectorTarget.kafkaConnect({ url: 'https://connect.internal:8083' }) });
      new DebeziumConnector(tfStack, 'Cloud', {
        source: storeMySql({ password: Secret.fromTerraformVariable('mysql_password'), topicPrefix: 'cloud', serverId: 2 }),
        cluster: confluent(),
        target: ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-abc123' }),
      });
      const gitops = new TerraformStack(a, 'gitops');
      Delivery.use(gitops, Delivery.gitOps({ repoUrl: 'https://git.example.com/streams.git', path: 'deploy' }));
      new DebeziumConnector(gitops, 'Store', { source: storeMySql({ topicPrefix: 'store2', serverId: 3 }), cluster: selfManaged(), target: strimzi() });
      a.synth();
      const all: string[] = [];
      const walk = (d: string) => fs.readdirSync(d).forEach((f) => {
        const p = path.join(d, f);
        if (fs.statSync(p).isDirectory()) walk(p);
        else all.push(fs.readFileSync(p, 'utf8'));
      });
      walk(outdir);
      expect(all.length).toBeGreaterThan(5);
      const joined = all.join('\n');
      expect(joined).toContain('store2-cdc');
      expect(joined).toContain('GRANT SELECT ON');
      expect(joined).not.toContain(planted);
    } finally {
      delete process.env.TF_VAR_pg_cdc_password;
      delete process.env.TF_VAR_mysql_password;
    }
  });
});
