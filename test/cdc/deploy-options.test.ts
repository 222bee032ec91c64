import {
  CdcEngine, ChangeEventFormat, ConnectPlugin, ConnectorTarget, DebeziumConnector, Duration, KafkaCluster,
  PublicationAutocreateMode, SnapshotMode, StrimziKafkaConnect,
} from '../../lib';
import { kubernetesManifests, synthJson } from '../helpers';
import { confluent, selfManaged, shopPostgres, stack, storeMySql } from './fixtures';

// Option combinations that render a configuration Debezium, Strimzi or Confluent Cloud refuses at
// deploy time, or that deploys and quietly misbehaves (issue 14, items 4, 5 and 6). Each test names
// the upstream source of the rule it mirrors.

const kafkaConnect = () => ConnectorTarget.kafkaConnect({ url: 'https://connect.internal:8083' });

function connectorConfig(tf: any, name: string): Record<string, string> {
  return Object.values<any>(tf.resource['kafka-connect_connector']).find((x) => x.name === name).config;
}

describe('snapshot.mode per engine', () => {
  // debezium/debezium v3.1.2.Final, PostgresConnectorConfig.java: enum SnapshotMode has no
  // "recovery" (always, initial, never, no_data, initial_only, when_needed, configuration_based,
  // custom); BinlogConnectorConfig.java (MySQL) has RECOVERY("recovery").
  test('a Postgres source refuses SnapshotMode.RECOVERY, which its connector does not have', () => {
    expect(() => shopPostgres({ snapshotMode: SnapshotMode.RECOVERY })).toThrow(
      /\[CdcSource.postgres\] snapshotMode must be a mode the Postgres connector has .*\(got "recovery"\)\. Fix: use SnapshotMode.INITIAL/,
    );
  });

  test('a MySQL source keeps SnapshotMode.RECOVERY (it rebuilds the schema history)', () => {
    expect(storeMySql({ snapshotMode: SnapshotMode.RECOVERY }).snapshotMode).toBe('recovery');
  });
});

describe('heartbeat topic and schema-change keys', () => {
  // debezium/debezium v3.1.2.Final, AbstractTopicNamingStrategy.java: the heartbeat topic is
  // `<topic.heartbeat.prefix>.<topic.prefix>`; `heartbeat.topics.prefix` (Heartbeat.java) is only
  // read by the deprecated TopicSelector.
  test('names the heartbeat topic with topic.heartbeat.prefix, not the legacy heartbeat.topics.prefix', () => {
    const s = stack();
    new DebeziumConnector(s, 'Shop', { source: shopPostgres(), cluster: selfManaged(), target: kafkaConnect() });
    new DebeziumConnector(s, 'Store', { source: storeMySql({ password: shopPostgres().password }), cluster: selfManaged(), target: kafkaConnect() });
    const tf = synthJson(s);
    for (const name of ['shop-cdc', 'store-cdc']) {
      const config = connectorConfig(tf, name);
      expect(config['topic.heartbeat.prefix']).toBe('__debezium-heartbeat');
      expect(config['heartbeat.topics.prefix']).toBeUndefined();
    }
    const topics = Object.values<any>(tf.resource.kafka_topic).map((t) => t.name);
    expect(topics).toEqual(expect.arrayContaining(['__debezium-heartbeat.shop', '__debezium-heartbeat.store']));
  });

  // debezium/debezium v3.1.2.Final, PostgresConnectorConfig.java: CONFIG_DEFINITION
  // `.excluding(INCLUDE_SCHEMA_CHANGES)`: the key does not exist for Postgres.
  test('sends include.schema.changes only to MySQL', () => {
    const s = stack();
    new DebeziumConnector(s, 'Shop', { source: shopPostgres(), cluster: selfManaged(), target: kafkaConnect() });
    new DebeziumConnector(s, 'Store', { source: storeMySql({ password: shopPostgres().password }), cluster: selfManaged(), target: kafkaConnect() });
    const tf = synthJson(s);
    expect(connectorConfig(tf, 'shop-cdc')['include.schema.changes']).toBeUndefined();
    expect(connectorConfig(tf, 'store-cdc')['include.schema.changes']).toBe('false');
  });
});

describe('filtered publications keep the heartbeat table', () => {
  // debezium/debezium v3.1.2.Final, PostgresReplicationConnection.java: with
  // publication.autocreate.mode=filtered the connector runs `ALTER PUBLICATION … SET TABLE` with the
  // tables matching table.include.list (plus the signal table, RelationalTableFilters.java) on every
  // start; postgresql.adoc ("WAL disk space consumption"): the heartbeat table must be in the
  // publication for heartbeat.action.query to move the slot.
  test('captures the heartbeat table and creates its topic, so ALTER PUBLICATION keeps it', () => {
    const s = stack();
    const c = new DebeziumConnector(s, 'Shop', {
      source: shopPostgres({ publicationAutocreate: PublicationAutocreateMode.FILTERED }),
      cluster: selfManaged(),
      target: kafkaConnect(),
    });
    const tf = synthJson(s);
    const config = connectorConfig(tf, 'shop-cdc');
    expect(config['table.include.list']).toBe('public\\.customers,public\\.payments,public\\.debezium_heartbeat');
    expect(config['heartbeat.action.query']).toContain('public.debezium_heartbeat');
    expect(c.heartbeatTableTopic?.topicName).toBe('shop.public.debezium_heartbeat');
    const topic = Object.values<any>(tf.resource.kafka_topic).find((t) => t.name === 'shop.public.debezium_heartbeat');
    expect(topic).toMatchObject({ partitions: 1 });
    // The connector waits for that topic like for the others.
    const connector = Object.values<any>(tf.resource['kafka-connect_connector'])[0];
    expect(connector.depends_on.some((d: string) => d.includes('HeartbeatTable'))).toBe(true);
    // The captured-table API is unchanged: the heartbeat table is not a user table.
    expect(() => c.table('public.debezium_heartbeat')).toThrow(/table must be one of the captured tables/);
  });

  test('leaves the include list alone when the setup SQL owns the publication (disabled, the default) or heartbeats are off', () => {
    const s = stack();
    new DebeziumConnector(s, 'Shop', { source: shopPostgres(), cluster: selfManaged(), target: kafkaConnect() });
    new DebeziumConnector(s, 'Quiet', {
      source: shopPostgres({ topicPrefix: 'quiet', publicationAutocreate: PublicationAutocreateMode.FILTERED, heartbeatInterval: Duration.millis(0) }),
      cluster: selfManaged(),
      target: kafkaConnect(),
    });
    const tf = synthJson(s);
    expect(connectorConfig(tf, 'shop-cdc')['table.include.list']).toBe('public\\.customers,public\\.payments');
    expect(connectorConfig(tf, 'quiet-cdc')['table.include.list']).toBe('public\\.customers,public\\.payments');
  });
});

describe('Confluent Cloud V2 connectors keep the Debezium envelope', () => {
  // Confluent Cloud docs, "Materialize CDC Streams with Tableflow"
  // (https://docs.confluent.io/cloud/current/topics/tableflow/concepts/materialize-cdc.html):
  // `after.state.only` makes MySqlCdcSourceV2/PostgresCdcSourceV2 write only the row after the
  // change; Flink's *-debezium-registry formats need the before/after envelope.
  test('sets after.state.only=false explicitly on MySqlCdcSourceV2 and PostgresCdcSourceV2', () => {
    const s = stack();
    const target = ConnectorTarget.confluentCloud({ serviceAccountId: 'sa-abc123' });
    new DebeziumConnector(s, 'Shop', { source: shopPostgres(), cluster: confluent(), target });
    new DebeziumConnector(s, 'Store', { source: storeMySql({ password: shopPostgres().password }), cluster: confluent(), target });
    const tf = synthJson(s);
    const connectors = Object.values<any>(tf.resource.confluent_connector);
    expect(connectors).toHaveLength(2);
    for (const c of connectors) expect(c.config_nonsensitive['after.state.only']).toBe('false');
  });
});

describe('Avro change events on Strimzi need the Avro converter in the Connect image', () => {
  const registryCluster = () => selfManaged('https://sr.internal:8081');
  const connect = (s: any, cluster: KafkaCluster, plugins: ConnectPlugin[]) =>
    new StrimziKafkaConnect(s, 'Connect', { cluster, name: 'connect', namespace: 'streaming', plugins, image: 'registry.example.com/connect:1' });
  const build = (manifest: any) => manifest.spec.build.plugins;

  // The Debezium -plugin.tar.gz archives carry no Confluent converter (docs/cdc.md); the connector
  // config names io.confluent.connect.avro.AvroConverter, which Kafka Connect must load from a
  // plugin (strimzi KafkaConnectDockerfile.java: `type: maven` artifacts are resolved with their
  // dependencies from the given repository).
  test('adds Confluent\'s Avro converter, pinned, when the cluster has a Schema Registry', () => {
    const s = stack();
    const c = connect(s, registryCluster(), [ConnectPlugin.debezium(CdcEngine.MYSQL, '3.1.2.Final')]);
    const tf = synthJson(s);
    const kc = kubernetesManifests(tf).find((m) => m.kind === 'KafkaConnect');
    expect(build(kc)).toEqual([
      expect.objectContaining({ name: 'debezium-connector-mysql' }),
      {
        name: 'confluent-avro-converter',
        artifacts: [{
          type: 'maven', group: 'io.confluent', artifact: 'kafka-connect-avro-converter', version: '8.0.0', repository: 'https://packages.confluent.io/maven/',
        }],
      },
    ]);
    expect(c.avroConverter).toBe(true);
  });

  test('adds nothing without a Schema Registry, and keeps a converter the user pinned', () => {
    const s = stack();
    connect(s, selfManaged(), [ConnectPlugin.debezium(CdcEngine.MYSQL, '3.1.2.Final')]);
    const s2 = stack();
    connect(s2, registryCluster(), [ConnectPlugin.debezium(CdcEngine.MYSQL, '3.1.2.Final'), ConnectPlugin.confluentAvroConverter('7.9.0')]);
    const plain = kubernetesManifests(synthJson(s)).find((m) => m.kind === 'KafkaConnect');
    const pinned = kubernetesManifests(synthJson(s2)).find((m) => m.kind === 'KafkaConnect');
    expect(build(plain).map((p: any) => p.name)).toEqual(['debezium-connector-mysql']);
    expect(build(pinned).map((p: any) => [p.name, p.artifacts[0].version])).toEqual([['debezium-connector-mysql', undefined], ['confluent-avro-converter', '7.9.0']]);
  });

  test('refuses an Avro connector on a Connect cluster of the app whose image lacks the converter', () => {
    const s = stack();
    // The Connect cluster was declared against a cluster object without the registry URL.
    connect(s, selfManaged(), [ConnectPlugin.debezium(CdcEngine.MYSQL, '3.1.2.Final')]);
    new DebeziumConnector(s, 'Store', {
      source: storeMySql(),
      cluster: registryCluster(),
      format: ChangeEventFormat.AVRO,
      target: ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' }),
    });
    expect(() => synthJson(s)).toThrow(/Store\] format must be JSON, or AVRO on a Connect cluster that has the Avro converter plugin \(retail-prod\/Connect builds none\)/);
  });
});
