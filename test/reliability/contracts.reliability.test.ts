import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { HOSTILITY, dnsLabel, enumOrJunk, hostileString, identifier, intLike, nameLike, opt, rarely } from './arbitraries';
import { confluentCloud, selfManaged } from './clusters';
import { params, synthOrRefuse, Tally, timeout } from './harness';
import { Compatibility, DataContractRuleMode, DataContractRuleType, SchemaDefinition, SchemaSubject } from '../../lib/contracts';
import { Topic } from '../../lib/kafka';

/** No committed history: the gate has nothing to compare, so each run is independent of the disk. */
const NO_HISTORY = path.join(os.tmpdir(), 'cdktf-reliability-no-schema-history');

const avroType = fc.constantFrom('"string"', '"long"', '"int"', '"boolean"', '"double"', '["null","string"]', '{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}');

/** Avro record schemas: valid most of the time, sometimes with bad names, duplicate fields or broken JSON. */
const avroText = fc.oneof(
  {
    weight: HOSTILITY,
    arbitrary: fc
      .tuple(
        nameLike(identifier),
        fc.uniqueArray(fc.tuple(nameLike(identifier), avroType), { minLength: 1, maxLength: 4, selector: ([n]) => n }),
        opt(fc.oneof(fc.string({ maxLength: 30 }), hostileString)),
      )
      .map(([name, fields, doc]) =>
        JSON.stringify({ type: 'record', name, ...(doc === undefined ? {} : { doc }), fields: fields.map(([n, t]) => ({ name: n, type: JSON.parse(t) })) }),
      ),
  },
  { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('{', '{"type":"record"}', '"string"', '[]', '{"type":"record","name":"a","fields":[{"name":"x","type":"nope"}]}')) },
);

const jsonSchemaText = fc.oneof(
  { weight: HOSTILITY, arbitrary: fc.uniqueArray(nameLike(identifier), { minLength: 1, maxLength: 3 }).map((props) => JSON.stringify({ type: 'object', properties: Object.fromEntries(props.map((p) => [p, { type: 'string' }])) })) },
  { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('{', '[]', '{"type":"nonsense"}')) },
);

const protobufText = fc.oneof(
  {
    weight: HOSTILITY,
    arbitrary: fc
      .tuple(nameLike(identifier), fc.uniqueArray(nameLike(identifier), { minLength: 1, maxLength: 3 }))
      .map(([msg, fields]) => `syntax = "proto3";\npackage retail;\n\nmessage M${msg} {\n${fields.map((f, i) => `  string ${f} = ${i + 1};`).join('\n')}\n}\n`),
  },
  { weight: 1, arbitrary: fc.oneof(hostileString, fc.constant('syntax = "proto3";\nmessage {')) },
);

const schema = fc.oneof(
  { weight: 3, arbitrary: avroText.map((t) => ({ describe: `avro ${t}`, make: () => SchemaDefinition.avro(t) })) },
  { weight: 1, arbitrary: jsonSchemaText.map((t) => ({ describe: `jsonSchema ${t}`, make: () => SchemaDefinition.jsonSchema(t) })) },
  { weight: 1, arbitrary: protobufText.map((t) => ({ describe: `protobuf ${t}`, make: () => SchemaDefinition.protobuf(t) })) },
);

const rule = fc.record({
  name: nameLike(identifier),
  expression: fc.oneof({ weight: HOSTILITY, arbitrary: fc.constantFrom('message.amount >= 0', 'size(message.id) > 0') }, { weight: 1, arbitrary: hostileString }),
  type: opt(fc.constantFrom(...Object.values(DataContractRuleType))),
  mode: opt(fc.constantFrom(...Object.values(DataContractRuleMode))),
  doc: opt(fc.oneof(fc.string({ maxLength: 20 }), hostileString)),
  disabled: opt(fc.boolean()),
});

const subjectDef = fc.record({
  schema,
  naming: fc.oneof(
    fc.record({ topicName: nameLike(dnsLabel), isKey: opt(fc.boolean()) }),
    fc.record({ subjectName: fc.oneof({ weight: HOSTILITY, arbitrary: dnsLabel.map((s) => `${s}-value`) }, { weight: 1, arbitrary: hostileString }) }),
  ),
  compatibility: opt(enumOrJunk(Object.values(Compatibility))),
  references: rarely(fc.array(fc.record({ name: nameLike(dnsLabel), subjectName: nameLike(dnsLabel), version: intLike(1, 20) }), { maxLength: 2 })),
  rules: rarely(fc.array(rule, { maxLength: 2 })),
});

describe('Schema subjects under generated input', () => {
  test('any Avro, JSON Schema or Protobuf subject on either cluster synthesizes conforming output or is refused with a ValidationError', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.boolean(), fc.array(subjectDef, { minLength: 1, maxLength: 3 }), (confluent, defs) => {
        tally.record(
          synthOrRefuse((stack) => {
            const cluster = confluent ? confluentCloud() : selfManaged();
            defs.forEach((d, i) => {
              const n = d.naming as any;
              const topic = n.topicName !== undefined ? new Topic(stack, `Topic${i}`, { cluster, topicName: n.topicName }) : undefined;
              new SchemaSubject(stack, `Subject${i}`, {
                schema: d.schema.make(),
                topic,
                isKey: n.isKey,
                subjectName: n.subjectName,
                cluster: topic ? undefined : cluster,
                compatibility: d.compatibility,
                references: d.references,
                rules: d.rules,
                historyDirectory: NO_HISTORY,
              });
            });
          }),
        );
      }),
      params(200),
    );
    tally.report('contracts');
    expect(tally.synthesized).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, timeout(200, 60));
});
