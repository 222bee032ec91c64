import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { Compatibility, SchemaDefinition, SchemaSubject } from '../../lib/contracts';
import { CONTRACTS_RULES } from '../../lib/contracts/rules';
import { KafkaCluster } from '../../lib/kafka';

const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['kafka:9092'] });
const HISTORY = path.join(__dirname, 'fixtures', 'history');

function subject(compatibility: Compatibility, history: string): SchemaSubject {
  return new SchemaSubject(new TerraformStack(Testing.app(), 's'), 'orders', {
    cluster,
    subjectName: 'orders-value',
    compatibility,
    schema: SchemaDefinition.avroFile(path.join(HISTORY, 'orders-value', 'v2.avsc')),
    historyDirectory: path.join(HISTORY, history),
  });
}

function verdict(id: string, s: SchemaSubject, production = true): string {
  const r = CONTRACTS_RULES.find((x) => x.id === id)!.check(s, { production });
  if (!r.applicable) return 'not applicable';
  return r.isNonCompliant ? `non-compliant: ${r.finding}` : 'compliant';
}

describe('CONTRACTS_RULES', () => {
  test('ids are unique and numbered RP-CONTRACTS-n, and other constructs are not their business', () => {
    const ids = CONTRACTS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^RP-CONTRACTS-\d+$/));
    const stack = new TerraformStack(Testing.app(), 's');
    CONTRACTS_RULES.forEach((r) => expect(r.check(stack, { production: true }).applicable).toBe(false));
  });

  test('RP-CONTRACTS-1: compatibility NONE in production', () => {
    expect(verdict('RP-CONTRACTS-1', subject(Compatibility.BACKWARD, 'orders-value'))).toBe('compliant');
    expect(verdict('RP-CONTRACTS-1', subject(Compatibility.NONE, 'orders-value'))).toBe('non-compliant: orders-value: compatibility is NONE');
    expect(verdict('RP-CONTRACTS-1', subject(Compatibility.NONE, 'orders-value'), false)).toBe('compliant');
  });

  test('RP-CONTRACTS-2: no committed versions for the gate', () => {
    expect(verdict('RP-CONTRACTS-2', subject(Compatibility.BACKWARD, 'orders-value'))).toBe('compliant');
    expect(verdict('RP-CONTRACTS-2', subject(Compatibility.BACKWARD, 'missing'))).toMatch(/non-compliant: orders-value: no committed versions in .*missing/);
  });
});
