import * as path from 'path';
import { main } from '../../lib/cli/main';
import { run } from '../../lib/cli/schemas-command';
import { describeWithTool } from '../conformance/shared';

const FIXTURES = path.join(__dirname, '..', 'contracts', 'fixtures');
const f = (name: string) => path.join(FIXTURES, name);
const HISTORY = path.join(FIXTURES, 'history');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('realtime-pipeline schemas check', () => {
  test('exits 0 when NEXT may follow PREVIOUS', async () => {
    const r = await cli(['check', '--format', 'avro', '--compatibility', 'BACKWARD', path.join(HISTORY, 'orders-value', 'v2.avsc'), f('orders-v3-compatible.avsc')]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/BACKWARD compatible/);
  });

  test('exits 1 with the field and rule when it may not', async () => {
    const r = await cli(['check', '--format', 'avro', '--compatibility', 'BACKWARD', path.join(HISTORY, 'orders-value', 'v2.avsc'), f('orders-v3-breaking.avsc')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not BACKWARD compatible/);
    expect(r.out).toMatch(/shop\.Order\.store_id: field "store_id" is new and has no default.*\[rule FIELD_ADDED_WITHOUT_DEFAULT\]/);
  });

  test('checks a directory of versions, all of them for transitive levels', async () => {
    const args = (level: string) => ['check', '--format', 'avro', '--compatibility', level, path.join(HISTORY, 'orders-value'), f('orders-v3-drops-currency-default.avsc')];
    expect((await cli(args('BACKWARD'))).code).toBe(0);
    const transitive = await cli(args('backward_transitive'));
    expect(transitive.code).toBe(1);
    expect(transitive.out).toMatch(/against .*v1\.avsc: BACKWARD: shop\.Order\.currency/);
  });

  test('defaults to BACKWARD and accepts --flag=value', async () => {
    const r = await cli(['check', '--format=json', path.join(HISTORY, 'orders-json', 'v1.json'), f('orders-json-breaking.json')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/REQUIRED_ADDED/);
    expect(r.out).toMatch(/ENUM_NARROWED/);
  });

  test.each([
    ['a missing file', ['check', '--format', 'avro', f('nope.avsc'), f('orders-v3-compatible.avsc')], /cannot read .*nope\.avsc/],
    ['an unparseable schema', ['check', '--format', 'avro', path.join(HISTORY, 'orders-value', 'v2.avsc'), f('broken.avsc')], /broken\.avsc: not JSON/],
    ['a missing --format', ['check', f('a'), f('b')], /--format is required/],
    ['an unknown format', ['check', '--format', 'xml', f('a'), f('b')], /--format must be avro, protobuf or json/],
    ['an unknown level', ['check', '--format', 'avro', '--compatibility', 'SIDEWAYS', f('a'), f('b')], /--compatibility must be one of BACKWARD/],
    ['one file only', ['check', '--format', 'avro', f('a')], /expected PREVIOUS and NEXT, got 1/],
    ['an unknown sub-command', ['lint'], /unknown schemas command "lint"/],
    ['an unknown option', ['check', '--frmat', 'avro'], /unknown option --frmat/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test('refuses to check Avro files as JSON Schema instead of passing them, and says which format they are', async () => {
    // The Avro change drops a default and adds a required field: a JSON Schema check would find nothing.
    const r = await cli(['check', '--format', 'json', path.join(HISTORY, 'orders-value', 'v2.avsc'), f('orders-v3-breaking.avsc')]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/v2\.avsc is an Avro schema, not a JSON Schema: it declares an Avro "type": "record"\. Fix: run with --format avro/);
  });

  test('refuses a JSON Schema or Protobuf file checked as Avro, and Avro files checked as Protobuf', async () => {
    const json = await cli(['check', '--format', 'avro', path.join(HISTORY, 'orders-json', 'v1.json'), f('orders-json-compatible.json')]);
    expect(json.code).toBe(2);
    expect(json.err).toMatch(/v1\.json is a JSON Schema, not an Avro schema.*Fix: run with --format json/);
    const proto = await cli(['check', '--format', 'json', path.join(HISTORY, 'orders-proto', 'v1.proto'), f('orders-proto-compatible.proto')]);
    expect(proto.code).toBe(2);
    expect(proto.err).toMatch(/v1\.proto is a Protobuf schema, not a JSON Schema.*--format protobuf/);
    const avro = await cli(['check', '--format', 'protobuf', path.join(HISTORY, 'orders-value', 'v2.avsc'), f('orders-v3-compatible.avsc')]);
    expect(avro.code).toBe(2);
    expect(avro.err).toMatch(/is an Avro schema, not a Protobuf schema/);
  });

  test('still checks JSON Schema files as JSON', async () => {
    const r = await cli(['check', '--format', 'json', path.join(HISTORY, 'orders-json', 'v1.json'), f('orders-json-compatible.json')]);
    expect(r).toMatchObject({ code: 0, err: '' });
  });

  test('is reachable through the realtime-pipeline entry point', async () => {
    const out: string[] = [];
    const code = await main(['schemas', '--help'], { out: (t) => out.push(t), err: () => undefined });
    expect(code).toBe(0);
    expect(out.join()).toMatch(/schemas check --format avro\|protobuf\|json/);
  });
});

describeWithTool('buf', 'npm i -D @bufbuild/buf', 'realtime-pipeline schemas check --format protobuf', () => {
  test('exits 0 for a compatible change and 1 with the buf rule for a breaking one', async () => {
    const prev = path.join(HISTORY, 'orders-proto', 'v1.proto');
    expect((await cli(['check', '--format', 'protobuf', prev, f('orders-proto-compatible.proto')])).code).toBe(0);
    const broken = await cli(['check', '--format', 'protobuf', '--compatibility', 'FULL', prev, f('orders-proto-breaking.proto')]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/Order\.amount: .*\[rule buf:FIELD_/);
  });
});
