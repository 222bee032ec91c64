import { shopPostgres, stack, storeMySql } from './fixtures';
import {
  CdcSource, ConnectorTarget, DebeziumConnector, KafkaCluster, RealtimePipeline, SaslMechanism, Secret,
} from '../../lib';
import { validateWithCrds } from '../conformance/shared';
import { expectValidCustomResource, kubernetesManifests, synthJson } from '../helpers';

/**
 * Debezium's own Kafka clients (MySQL schema history producer/consumer, the signal consumer) do
 * not inherit the Connect worker's security settings: on a TLS or SASL cluster they fail at start
 * unless the connector config carries them. They are derived from the KafkaCluster.
 */
const strimzi = () => ConnectorTarget.strimzi({ connectCluster: 'connect', namespace: 'streaming' });
const kafkaConnect = () => ConnectorTarget.kafkaConnect({ url: 'http://connect.internal:8083' });
const CLIENTS = ['schema.history.internal.producer.', 'schema.history.internal.consumer.', 'signal.consumer.'];
const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule';

function cluster(options: { tls?: boolean; mechanism?: SaslMechanism; connectPassword?: Secret; connectUsername?: string; noSasl?: boolean } = {}) {
  return KafkaCluster.selfManaged({
    bootstrapServers: ['kafka-0.kafka:9093'],
    tls: options.tls,
    sasl: options.noSasl
      ? undefined
      : {
        mechanism: options.mechanism ?? SaslMechanism.SCRAM_SHA_512,
        username: 'debezium',
        password: Secret.fromTerraformVariable('kafka_password'),
        connectPassword: options.connectPassword,
        connectUsername: options.connectUsername,
      },
  });
}

const kafkaSecret = () => Secret.fromKubernetesSecret('kafka-debezium', 'password');

/** The client settings of every Debezium client prefix, as one object per prefix. */
function clientSettings(config: Record<string, string>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const prefix of CLIENTS) {
    out[prefix] = {};
    for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) out[prefix][k.slice(prefix.length)] = v;
  }
  return out;
}

describe('Kafka client security derived from the cluster', () => {
  test('a TLS cluster gives every Debezium client security.protocol=SSL and nothing else', () => {
    const c = new DebeziumConnector(stack(), 'Store', { source: storeMySql(), cluster: cluster({ tls: true, noSasl: true }), target: strimzi() });
    for (const settings of Object.values(clientSettings(c.model.config))) expect(settings).toEqual({ 'security.protocol': 'SSL' });
  });

  test('a plaintext cluster gives the clients no security settings', () => {
    const c = new DebeziumConnector(stack(), 'Store', { source: storeMySql(), cluster: cluster({ tls: false, noSasl: true }), target: strimzi() });
    for (const settings of Object.values(clientSettings(c.model.config))) expect(settings).toEqual({});
  });

  test('SCRAM-SHA-512 without TLS: SASL_PLAINTEXT, the mechanism and a ScramLoginModule whose password is the Strimzi placeholder', () => {
    const s = stack();
    const c = new DebeziumConnector(s, 'Store', {
      source: storeMySql(), cluster: cluster({ tls: false, connectPassword: kafkaSecret() }), target: strimzi(),
    });
    const expected = {
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': `${SCRAM} required username="debezium" password="\${secrets:streaming/kafka-debezium:password}";`,
    };
    for (const settings of Object.values(clientSettings(c.model.config))) expect(settings).toEqual(expected);
    const connector = kubernetesManifests(synthJson(s)).find((m) => m.kind === 'KafkaConnector');
    // Terraform output: "$${" is Terraform's escape for a literal "${".
    expect(connector.spec.config['signal.consumer.sasl.jaas.config']).toBe(expected['sasl.jaas.config'].replace('${', () => '$${'));
    if (validateWithCrds()) expectValidCustomResource(connector);
  });

  test('SCRAM-SHA-256 with TLS: SASL_SSL', () => {
    const c = new DebeziumConnector(stack(), 'Store', {
      source: storeMySql(),
      cluster: cluster({ tls: true, mechanism: SaslMechanism.SCRAM_SHA_256, connectPassword: kafkaSecret() }),
      target: strimzi(),
    });
    expect(c.model.config).toMatchObject({
      'schema.history.internal.producer.security.protocol': 'SASL_SSL',
      'schema.history.internal.producer.sasl.mechanism': 'SCRAM-SHA-256',
      'schema.history.internal.producer.sasl.jaas.config': expect.stringMatching(/^org\.apache\.kafka\.common\.security\.scram\.ScramLoginModule required /),
    });
  });

  test('PLAIN uses the PlainLoginModule, and connectUsername replaces the Terraform user', () => {
    const c = new DebeziumConnector(stack(), 'Store', {
      source: storeMySql(), cluster: cluster({ mechanism: SaslMechanism.PLAIN, connectPassword: kafkaSecret(), connectUsername: 'connect-cdc' }), target: strimzi(),
    });
    expect(c.model.config['signal.consumer.sasl.mechanism']).toBe('PLAIN');
    expect(c.model.config['signal.consumer.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="connect-cdc" password="${secrets:streaming/kafka-debezium:password}";',
    );
  });

  test('Postgres has no schema history: only the signal consumer gets the settings', () => {
    const c = new DebeziumConnector(stack(), 'Shop', {
      source: shopPostgres({ password: Secret.fromKubernetesSecret('pg-cdc', 'password') }),
      cluster: cluster({ tls: false, connectPassword: kafkaSecret() }),
      target: strimzi(),
    });
    expect(c.model.config['signal.consumer.security.protocol']).toBe('SASL_PLAINTEXT');
    expect(Object.keys(c.model.config).filter((k) => k.startsWith('schema.history.'))).toEqual([]);
  });

  test('the Connect service account may read the SASL Secret: same namespace in one Role, another namespace in its own', () => {
    const s = stack();
    new DebeziumConnector(s, 'Store', { source: storeMySql(), cluster: cluster({ connectPassword: kafkaSecret() }), target: strimzi() });
    const roles = kubernetesManifests(synthJson(s)).filter((m) => m.kind === 'Role');
    expect(roles).toEqual([expect.objectContaining({
      metadata: { name: 'store-cdc-secret-reader', namespace: 'streaming' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['mysql-cdc', 'kafka-debezium'], verbs: ['get'] }],
    })]);

    const other = stack();
    new DebeziumConnector(other, 'Store', {
      source: storeMySql(), cluster: cluster({ connectPassword: Secret.fromKubernetesSecret('debezium', 'password', { namespace: 'kafka' }) }), target: strimzi(),
    });
    const manifests = kubernetesManifests(synthJson(other));
    const byNs = (kind: string) => Object.fromEntries(manifests.filter((m) => m.kind === kind).map((m) => [m.metadata.namespace, m]));
    expect(byNs('Role').streaming.rules[0].resourceNames).toEqual(['mysql-cdc']);
    expect(byNs('Role').kafka.rules[0].resourceNames).toEqual(['debezium']);
    expect(byNs('RoleBinding').kafka.subjects).toEqual([{ kind: 'ServiceAccount', name: 'connect-connect', namespace: 'streaming' }]);
    expect(manifests.find((m) => m.kind === 'KafkaConnector').spec.config['signal.consumer.sasl.jaas.config']).toContain('$${secrets:kafka/debezium:password}');
  });

  test('the Terraform password never reaches the connector: the manifest names only the placeholder', () => {
    const s = stack();
    new DebeziumConnector(s, 'Store', { source: storeMySql(), cluster: cluster({ connectPassword: kafkaSecret() }), target: strimzi() });
    const connector = kubernetesManifests(synthJson(s)).find((m) => m.kind === 'KafkaConnector');
    expect(JSON.stringify(connector)).not.toMatch(/kafka_password/);
  });

  test.each([
    ['Strimzi', strimzi],
    ['Kafka Connect', kafkaConnect],
  ])('SASL without a reference the worker can resolve is refused (%s target)', (_name, target) => {
    expect(() => new DebeziumConnector(stack(), 'Store', {
      source: storeMySql({ password: Secret.fromKubernetesSecret('mysql-cdc', 'password', { namespace: 'streaming' }) }), cluster: cluster(), target: target(),
    })).toThrow(/^\[retail-prod\/Store\] cluster\.sasl\.connectPassword must be set when the cluster uses SASL .*\(got nothing\)\. Fix: pass sasl: \{ \.\.\., connectPassword: Secret\.fromKubernetesSecret/);
  });

  test('a Terraform variable as connectPassword is refused where the cluster is defined', () => {
    expect(() => cluster({ connectPassword: Secret.fromTerraformVariable('kafka_password') })).toThrow(
      /^\[KafkaCluster\.selfManaged\] sasl\.connectPassword must be a Kubernetes Secret or config-provider reference .*Fix:/,
    );
    expect(() => cluster({ connectPassword: kafkaSecret(), connectUsername: 'a"b' })).toThrow(/sasl\.connectUsername must be a non-empty user name without quotes/);
  });

  test('explicit kafkaClientConfig keys win over the derived ones, and an explicit sasl.jaas.config needs no connectPassword', () => {
    const jaas = `${SCRAM} required username="cdc" password="\${file:/opt/kafka/external/kafka.properties:password}";`;
    const c = new DebeziumConnector(stack(), 'Store', {
      source: storeMySql(),
      cluster: cluster({ tls: true }),
      target: strimzi(),
      kafkaClientConfig: { 'sasl.jaas.config': jaas, 'ssl.truststore.type': 'PEM', 'security.protocol': 'SASL_PLAINTEXT' },
    });
    for (const settings of Object.values(clientSettings(c.model.config))) {
      expect(settings).toEqual({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': jaas, 'ssl.truststore.type': 'PEM' });
    }
  });

  test('a Kafka Connect target gets the placeholder escaped for Terraform, in the plain config', () => {
    const s = stack();
    new DebeziumConnector(s, 'Store', {
      source: storeMySql({ password: Secret.fromTerraformVariable('mysql_password') }),
      cluster: cluster({ tls: false, connectPassword: Secret.fromConfigProvider('file', '/etc/kafka/sasl.properties', 'password') }),
      target: kafkaConnect(),
    });
    const connector = Object.values<any>(synthJson(s).resource['kafka-connect_connector'])[0];
    expect(connector.config['schema.history.internal.consumer.sasl.jaas.config']).toBe(
      `${SCRAM} required username="debezium" password="$\${file:/etc/kafka/sasl.properties:password}";`,
    );
    expect(connector.config['schema.history.internal.consumer.security.protocol']).toBe('SASL_PLAINTEXT');
  });
});

describe('RealtimePipeline on a SASL cluster', () => {
  test('its connectors get the derived client settings', () => {
    const s = stack();
    const pipeline = new RealtimePipeline(s, 'Inventory', {
      cluster: cluster({ tls: false, connectPassword: kafkaSecret() }),
      kubernetes: { namespace: 'streaming', flinkStateStorageUri: 's3://flink-state/retail' },
      disableLock: true,
    });
    const store = pipeline.addCdcSource('store', CdcSource.mysql({
      hostname: 'mysql.internal', user: 'debezium', password: Secret.fromKubernetesSecret('mysql-cdc', 'password'), serverId: 184054, tables: ['store.orders'],
    }));
    for (const settings of Object.values(clientSettings(store.connector.model.config))) {
      expect(settings).toEqual({
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': `${SCRAM} required username="debezium" password="\${secrets:streaming/kafka-debezium:password}";`,
      });
    }
  });

  test('without a reference for the connectors, addCdcSource is refused with the connector path', () => {
    const pipeline = new RealtimePipeline(stack(), 'Inventory', {
      cluster: cluster(), kubernetes: { namespace: 'streaming', flinkStateStorageUri: 's3://flink-state/retail' }, disableLock: true,
    });
    expect(() => pipeline.addCdcSource('store', CdcSource.mysql({
      hostname: 'mysql.internal', user: 'debezium', password: Secret.fromKubernetesSecret('mysql-cdc', 'password'), serverId: 184054, tables: ['store.orders'],
    }))).toThrow(/^\[retail-prod\/Inventory\/store\] cluster\.sasl\.connectPassword must be set/);
  });
});
