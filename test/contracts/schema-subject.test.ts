import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AnnotationMetadataEntryType, App, TerraformStack, Testing } from 'cdktf';
import { Compatibility, DataContractRuleMode, SchemaDefinition, SchemaFormat, SchemaSubject } from '../../lib/contracts';
import { Secret } from '../../lib/core';
import { DeadLetterTopic, KafkaCluster, Topic } from '../../lib/kafka';
import { describeWithTool } from '../conformance/shared';
import { expectTerraformConforms, synthJson } from '../helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const HISTORY = path.join(FIXTURES, 'history');
const fixture = (name: string) => path.join(FIXTURES, name);

function confluent(withRegistry = true) {
  return KafkaCluster.confluentCloud({
    environmentId: 'env-abc123',
    clusterId: 'lkc-abc123',
    restEndpoint: 'https://pkc-abc123.eu-central-1.aws.confluent.cloud:443',
    bootstrapEndpoint: 'SASL_SSL://pkc-abc123.eu-central-1.aws.confluent.cloud:9092',
    apiKey: Secret.fromTerraformVariable('confluent_kafka_api_key'),
    apiSecret: Secret.fromTerraformVariable('confluent_kafka_api_secret'),
    schemaRegistry: withRegistry
      ? {
        id: 'lsrc-abc123',
        restEndpoint: 'https://psrc-abc123.eu-central-1.aws.confluent.cloud',
        apiKey: Secret.fromTerraformVariable('confluent_sr_api_key'),
        apiSecret: Secret.fromTerraformVariable('confluent_sr_api_secret'),
      }
      : undefined,
  });
}

const selfManaged = () => KafkaCluster.selfManaged({ bootstrapServers: ['kafka:9092'], schemaRegistryUrl: 'http://schema-registry:8081' });

function newStack() {
  return new TerraformStack(Testing.app(), 'test');
}

describe('SchemaSubject on Confluent Cloud', () => {
  test('registers <topic>-value with BACKWARD compatibility, the config before the schema', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'orders', { cluster: confluent(), topicName: 'orders' });
    const subject = new SchemaSubject(stack, 'schema', {
      topic,
      schema: SchemaDefinition.avroFile(fixture('orders-v3-compatible.avsc')),
      historyDirectory: path.join(HISTORY, 'orders-value'),
    });
    const tf = synthJson(stack);
    const [config] = Object.values<any>(tf.resource.confluent_subject_config);
    const [schemaKey] = Object.keys(tf.resource.confluent_schema);
    const schema = tf.resource.confluent_schema[schemaKey];
    expect(subject.subjectName).toBe('orders-value');
    expect(subject.compatibility).toBe(Compatibility.BACKWARD);
    expect(subject.previousVersionCount).toBe(2);
    expect(config).toMatchObject({ subject_name: 'orders-value', compatibility_level: 'BACKWARD' });
    expect(schema).toMatchObject({ subject_name: 'orders-value', format: 'AVRO', schema: fs.readFileSync(fixture('orders-v3-compatible.avsc'), 'utf8') });
    expect(schema.depends_on).toEqual([expect.stringMatching(/^confluent_subject_config\./)]);
    expectTerraformConforms(tf);
  });

  test('names key subjects <topic>-key and renders references and data-contract rules with a DLQ', () => {
    const stack = newStack();
    const cluster = confluent();
    const topic = new Topic(stack, 'orders', { cluster, topicName: 'orders' });
    const dlq = new DeadLetterTopic(stack, 'dlq', { cluster, source: 'orders-producer' });
    new SchemaSubject(stack, 'key', { topic, isKey: true, schema: SchemaDefinition.avro('"long"') });
    new SchemaSubject(stack, 'value', {
      topic,
      schema: SchemaDefinition.avro(JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'price', type: 'shop.Money' }] })),
      references: [{ name: 'shop.Money', subjectName: 'money-value', version: 1 }],
      rules: [{ name: 'amount_positive', expression: 'message.price.cents >= 0', deadLetterTopic: dlq, doc: 'no negative prices' }],
    });
    const tf = synthJson(stack);
    const schemas = Object.values<any>(tf.resource.confluent_schema);
    expect(schemas.map((s) => s.subject_name).sort()).toEqual(['orders-key', 'orders-value']);
    const value = schemas.find((s) => s.subject_name === 'orders-value');
    expect(value.schema_reference).toEqual([{ name: 'shop.Money', subject_name: 'money-value', version: 1 }]);
    expect(value.ruleset).toEqual({
      domain_rules: [
        {
          name: 'amount_positive',
          kind: 'CONDITION',
          type: 'CEL',
          mode: 'WRITE',
          expr: 'message.price.cents >= 0',
          doc: 'no negative prices',
          on_failure: 'DLQ',
          params: { 'dlq.topic': 'dlq-orders-producer' },
        },
      ],
    });
    expectTerraformConforms(tf);
  });

  test('refuses a Confluent cluster without a Schema Registry', () => {
    const stack = newStack();
    expect(() => new SchemaSubject(stack, 's', { cluster: confluent(false), subjectName: 'x-value', schema: SchemaDefinition.avro('"string"') })).toThrow(
      /cluster.schemaRegistry must be set on a Confluent Cloud cluster/,
    );
  });
});

describe('SchemaSubject on a self-managed cluster', () => {
  test('writes the schema and the registry requests as artifacts next to cdk.tf.json', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'rp-subj-')) });
    const stack = new TerraformStack(app, 'retail');
    new SchemaSubject(stack, 's', {
      cluster: selfManaged(),
      subjectName: 'orders-value',
      compatibility: Compatibility.FULL_TRANSITIVE,
      schema: SchemaDefinition.jsonSchemaFile(fixture('orders-json-compatible.json')),
      rules: [{ name: 'id_set', expression: 'message.order_id > 0', mode: DataContractRuleMode.WRITEREAD }],
      historyDirectory: path.join(HISTORY, 'does-not-exist'),
    });
    app.synth();
    const dir = path.join(app.outdir, 'stacks', 'retail', 'schemas');
    expect(fs.readdirSync(dir).sort()).toEqual(['orders-value.config.json', 'orders-value.json', 'orders-value.registration.json']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'orders-value.config.json'), 'utf8'))).toEqual({ compatibility: 'FULL_TRANSITIVE' });
    const registration = JSON.parse(fs.readFileSync(path.join(dir, 'orders-value.registration.json'), 'utf8'));
    expect(registration.schemaType).toBe('JSON');
    expect(registration.schema).toBe(fs.readFileSync(fixture('orders-json-compatible.json'), 'utf8'));
    expect(registration.ruleSet.domainRules[0]).toEqual({ name: 'id_set', kind: 'CONDITION', type: 'CEL', mode: 'WRITEREAD', expr: 'message.order_id > 0', onFailure: 'ERROR' });
    const tf = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'retail', 'cdk.tf.json'), 'utf8'));
    expect(tf.resource).toBeUndefined();
  });

  test('says so when there is no committed history to compare with', () => {
    const subject = new SchemaSubject(newStack(), 's', { cluster: selfManaged(), subjectName: 'new-value', schema: SchemaDefinition.avro('"string"'), historyDirectory: path.join(HISTORY, 'nope') });
    const infos = subject.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.INFO).map((m) => String(m.data));
    expect(infos.join()).toMatch(/no committed versions.*Commit the registered schema there as v1\.avsc/);
    expect(subject.previousVersionCount).toBe(0);
  });
});

describe('the offline compatibility gate', () => {
  test('fails synth on an incompatible Avro change, naming the subject, the field and the rule', () => {
    const stack = newStack();
    expect(
      () =>
        new SchemaSubject(stack, 'orders', {
          cluster: selfManaged(),
          subjectName: 'orders-value',
          schema: SchemaDefinition.avroFile(fixture('orders-v3-breaking.avsc')),
          historyDirectory: path.join(HISTORY, 'orders-value'),
        }),
    ).toThrow(/\[test\/orders\] schema of subject "orders-value" must be BACKWARD compatible with .*v2\.avsc .*shop\.Order\.store_id.*FIELD_ADDED_WITHOUT_DEFAULT/);
  });

  test('transitive levels compare with every committed version', () => {
    const make = (compatibility: Compatibility) =>
      new SchemaSubject(newStack(), 'orders', {
        cluster: selfManaged(),
        subjectName: 'orders-value',
        compatibility,
        schema: SchemaDefinition.avroFile(fixture('orders-v3-drops-currency-default.avsc')),
        historyDirectory: path.join(HISTORY, 'orders-value'),
      });
    expect(() => make(Compatibility.BACKWARD)).not.toThrow();
    expect(() => make(Compatibility.BACKWARD_TRANSITIVE)).toThrow(/BACKWARD_TRANSITIVE compatible with .*v1\.avsc.*shop\.Order\.currency/);
  });

  test('NONE skips the check', () => {
    expect(
      () =>
        new SchemaSubject(newStack(), 'orders', {
          cluster: selfManaged(),
          subjectName: 'orders-value',
          compatibility: Compatibility.NONE,
          schema: SchemaDefinition.avroFile(fixture('orders-v3-breaking.avsc')),
          historyDirectory: path.join(HISTORY, 'orders-value'),
        }),
    ).not.toThrow();
  });

  test('JSON Schema changes are gated by the documented rules', () => {
    const make = (file: string) =>
      new SchemaSubject(newStack(), 'orders', { cluster: selfManaged(), subjectName: 'orders-json', schema: SchemaDefinition.jsonSchemaFile(fixture(file)), historyDirectory: path.join(HISTORY, 'orders-json') });
    expect(make('orders-json-compatible.json').format).toBe(SchemaFormat.JSON);
    expect(() => make('orders-json-breaking.json')).toThrow(/subject "orders-json".*\(root\)\.status: property "status" is now required.*REQUIRED_ADDED/);
  });

  test('an unparseable schema is reported as such', () => {
    expect(() => SchemaDefinition.avroFile(fixture('broken.avsc'))).toThrow(/schema must be JSON text/);
    expect(() => SchemaDefinition.avroFile(fixture('missing.avsc'))).toThrow(/filePath must be a readable file.*ENOENT/);
  });

  test('an invalid Avro schema fails the gate with a parse message', () => {
    expect(
      () =>
        new SchemaSubject(newStack(), 'orders', {
          cluster: selfManaged(),
          subjectName: 'orders-value',
          schema: SchemaDefinition.avro('{"type":"record","name":"Order","fields":[{"name":"x","type":"strin"}]}'),
          historyDirectory: path.join(HISTORY, 'orders-value'),
        }),
    ).toThrow(/must be a valid AVRO schema.*not a valid Avro schema/);
  });
});

describeWithTool('buf', 'npm i -D @bufbuild/buf', 'the offline compatibility gate for Protobuf', () => {
  const make = (file: string) =>
    new SchemaSubject(newStack(), 'orders', { cluster: selfManaged(), subjectName: 'orders-proto', schema: SchemaDefinition.protobufFile(fixture(file)), historyDirectory: path.join(HISTORY, 'orders-proto') });

  test('accepts a change that reserves what it removes', () => {
    expect(make('orders-proto-compatible.proto').previousVersionCount).toBe(1);
  });

  test('fails on a field type change, naming the field and the buf rule', () => {
    expect(() => make('orders-proto-breaking.proto')).toThrow(/subject "orders-proto".*Order\.amount.*buf:FIELD_/);
  });

  test('resolves imports from the references given their schema', () => {
    const subject = new SchemaSubject(newStack(), 'payments', {
      cluster: selfManaged(),
      subjectName: 'payments-value',
      schema: SchemaDefinition.protobufFile(fixture('payments-proto-next.proto')),
      references: [{ name: 'shop/money.proto', subjectName: 'money-value', version: 1, schema: SchemaDefinition.protobufFile(fixture('money.proto')) }],
      historyDirectory: path.join(HISTORY, 'payments-proto'),
    });
    expect(subject.previousVersionCount).toBe(1);
  });

  test('names a missing import as an invalid schema', () => {
    expect(
      () =>
        new SchemaSubject(newStack(), 'payments', {
          cluster: selfManaged(),
          subjectName: 'payments-value',
          schema: SchemaDefinition.protobufFile(fixture('payments-proto-next.proto')),
          historyDirectory: path.join(HISTORY, 'payments-proto'),
        }),
    ).toThrow(/subject "payments-value" must be a valid PROTOBUF schema.*imported file does not exist.*give each imported file .* as a reference with its schema/s);
  });
});

describe('SchemaSubject props', () => {
  test.each([
    ['neither topic nor subject name', { cluster: selfManaged() }, /subjectName must be set, or a topic given/],
    ['both topic and subject name', { subjectName: 'x', topic: 'TOPIC' }, /subjectName must be unset when topic is set/],
    ['no cluster', { subjectName: 'x' }, /cluster must be a KafkaCluster/],
    ['an unknown compatibility', { cluster: selfManaged(), subjectName: 'x', compatibility: 'SIDEWAYS' }, /compatibility must be one of BACKWARD/],
    ['a reference without version', { cluster: selfManaged(), subjectName: 'x', references: [{ name: 'a', subjectName: 'a-value', version: 0 }] }, /references\[0\].version must be a registered version number >= 1/],
    ['a rule without expression', { cluster: selfManaged(), subjectName: 'x', rules: [{ name: 'r', expression: ' ' }] }, /rules\[0\].expression must be a non-empty CEL expression/],
    ['duplicate rule names', { cluster: selfManaged(), subjectName: 'x', rules: [{ name: 'r', expression: 'true' }, { name: 'r', expression: 'true' }] }, /rules\[1\].name must be unique/],
  ])('refuses %s', (_name, props: any, message) => {
    const stack = newStack();
    const resolved = { ...props, topic: props.topic === 'TOPIC' ? new Topic(stack, 't', { cluster: selfManaged(), topicName: 'orders' }) : props.topic };
    expect(() => new SchemaSubject(stack, 's', { schema: SchemaDefinition.avro('"string"'), historyDirectory: path.join(HISTORY, 'nope'), ...resolved })).toThrow(message);
  });

  test('refuses a DLQ on another cluster', () => {
    const stack = newStack();
    const dlq = new DeadLetterTopic(stack, 'dlq', { cluster: selfManaged(), source: 'x' });
    expect(
      () => new SchemaSubject(stack, 's', { cluster: selfManaged(), subjectName: 'x', schema: SchemaDefinition.avro('"string"'), rules: [{ name: 'r', expression: 'true', deadLetterTopic: dlq }] }),
    ).toThrow(/rules\[0\].deadLetterTopic must be on the subject's cluster/);
  });
});
