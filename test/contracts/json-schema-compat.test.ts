import { checkCompatibility, CompatLevel, SchemaParseError } from '../../lib/contracts/private/compat';

function obj(properties: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'object', properties, ...extra });
}

function rules(previous: string, next: string, level: CompatLevel = 'BACKWARD'): string[] {
  return checkCompatibility('JSON', level, [{ label: 'v1', text: previous }], { label: 'next', text: next }).map((i) => `${i.direction} ${i.location} ${i.rule}`);
}

describe('JSON Schema compatibility (documented rules)', () => {
  test.each<[string, string, string, CompatLevel, string[]]>([
    ['adding an optional property is backward compatible', obj({ id: { type: 'integer' } }), obj({ id: { type: 'integer' }, note: { type: 'string' } }), 'BACKWARD', []],
    ['a new required property is refused', obj({ id: { type: 'integer' } }), obj({ id: { type: 'integer' }, note: { type: 'string' } }, { required: ['note'] }), 'BACKWARD', ['BACKWARD (root).note REQUIRED_ADDED']],
    ['dropping a requirement is backward compatible', obj({ id: { type: 'integer' } }, { required: ['id'] }), obj({ id: { type: 'integer' } }), 'BACKWARD', []],
    ['dropping a requirement is not forward compatible', obj({ id: { type: 'integer' } }, { required: ['id'] }), obj({ id: { type: 'integer' } }), 'FORWARD', ['FORWARD (root).id REQUIRED_ADDED']],
    ['narrowing number to integer is refused', obj({ amount: { type: 'number' } }), obj({ amount: { type: 'integer' } }), 'BACKWARD', ['BACKWARD (root).amount TYPE_NARROWED']],
    ['widening integer to number is backward compatible', obj({ amount: { type: 'integer' } }), obj({ amount: { type: 'number' } }), 'BACKWARD', []],
    ['dropping null from a type list is refused', obj({ note: { type: ['string', 'null'] } }), obj({ note: { type: 'string' } }), 'BACKWARD', ['BACKWARD (root).note TYPE_NARROWED']],
    ['removing an enum value is refused', obj({ s: { enum: ['NEW', 'PAID'] } }), obj({ s: { enum: ['NEW'] } }), 'BACKWARD', ['BACKWARD (root).s ENUM_NARROWED']],
    ['adding an enum value is backward compatible', obj({ s: { enum: ['NEW'] } }), obj({ s: { enum: ['NEW', 'PAID'] } }), 'BACKWARD', []],
    ['adding an enum value is not forward compatible', obj({ s: { enum: ['NEW'] } }), obj({ s: { enum: ['NEW', 'PAID'] } }), 'FORWARD', ['FORWARD (root).s ENUM_NARROWED']],
    ['introducing an enum is refused', obj({ s: { type: 'string' } }), obj({ s: { type: 'string', enum: ['NEW'] } }), 'BACKWARD', ['BACKWARD (root).s ENUM_NARROWED']],
    [
      'removing a property from a closed content model is refused',
      obj({ id: { type: 'integer' }, note: { type: 'string' } }, { additionalProperties: false }),
      obj({ id: { type: 'integer' } }, { additionalProperties: false }),
      'BACKWARD',
      ['BACKWARD (root).note PROPERTY_REMOVED_CLOSED'],
    ],
    ['removing a property from an open content model is backward compatible', obj({ id: { type: 'integer' }, note: { type: 'string' } }), obj({ id: { type: 'integer' } }), 'BACKWARD', []],
    ['closing an open content model is refused', obj({ id: { type: 'integer' } }), obj({ id: { type: 'integer' } }, { additionalProperties: false }), 'BACKWARD', ['BACKWARD (root) CONTENT_MODEL_CLOSED']],
    ['tightening maxLength is refused', obj({ c: { type: 'string', maxLength: 10 } }), obj({ c: { type: 'string', maxLength: 3 } }), 'BACKWARD', ['BACKWARD (root).c CONSTRAINT_TIGHTENED']],
    [
      'nested properties are named by their path',
      obj({ customer: { type: 'object', properties: { tier: { type: 'string' } } } }),
      obj({ customer: { type: 'object', properties: { tier: { type: 'integer' } } } }),
      'BACKWARD',
      ['BACKWARD (root).customer.tier TYPE_NARROWED'],
    ],
    ['array items are checked', obj({ tags: { type: 'array', items: { type: ['string', 'null'] } } }), obj({ tags: { type: 'array', items: { type: 'string' } } }), 'BACKWARD', ['BACKWARD (root).tags[] TYPE_NARROWED']],
    [
      'local $refs are followed',
      JSON.stringify({ type: 'object', properties: { m: { $ref: '#/$defs/Money' } }, $defs: { Money: { type: 'number' } } }),
      JSON.stringify({ type: 'object', properties: { m: { $ref: '#/$defs/Money' } }, $defs: { Money: { type: 'integer' } } }),
      'BACKWARD',
      ['BACKWARD (root).m TYPE_NARROWED'],
    ],
    ['FULL applies both directions', obj({ s: { enum: ['NEW'] } }), obj({ s: { enum: ['NEW', 'PAID'] } }), 'FULL', ['FORWARD (root).s ENUM_NARROWED']],
  ])('%s', (_name, previous, next, level, expected) => {
    expect(rules(previous, next, level)).toEqual(expected);
  });

  test('a recursive schema terminates', () => {
    const tree = JSON.stringify({ type: 'object', properties: { children: { type: 'array', items: { $ref: '#' } } } });
    expect(rules(tree, tree)).toEqual([]);
  });

  test('refuses input that is not a JSON Schema', () => {
    expect(() => rules(obj({}), '[1,2]')).toThrow(SchemaParseError);
    expect(() => rules(obj({}), '{')).toThrow(/next: not JSON/);
  });
});
