import { checkCompatibility, CompatLevel, SchemaParseError } from '../../lib/contracts/private/compat';
import { checkAvro, parseAvro } from '../../lib/contracts/private/compat/avro';
import { CheckDirection } from '../../lib/contracts/private/compat/types';

/** A record `shop.Order` with the given fields. */
function order(fields: any[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields, ...extra });
}

const ID = { name: 'order_id', type: 'long' };

function check(previous: string, next: string, level: CompatLevel = 'BACKWARD') {
  return checkCompatibility('AVRO', level, [{ label: 'v1', text: previous }], { label: 'next', text: next });
}

function rules(previous: string, next: string, level: CompatLevel = 'BACKWARD'): string[] {
  return check(previous, next, level).map((i) => `${i.direction} ${i.location} ${i.rule}`);
}

describe('Avro compatibility (avsc resolution)', () => {
  test.each<[string, string, string, CompatLevel, string[]]>([
    ['adding a field with a default is backward compatible', order([ID]), order([ID, { name: 'note', type: 'string', default: '' }]), 'BACKWARD', []],
    ['adding a field without a default is not backward compatible', order([ID]), order([ID, { name: 'note', type: 'string' }]), 'BACKWARD', ['BACKWARD shop.Order.note FIELD_ADDED_WITHOUT_DEFAULT']],
    ['removing a field is backward compatible', order([ID, { name: 'note', type: 'string' }]), order([ID]), 'BACKWARD', []],
    ['removing a field without a default is not forward compatible', order([ID, { name: 'note', type: 'string' }]), order([ID]), 'FORWARD', ['FORWARD shop.Order.note FIELD_ADDED_WITHOUT_DEFAULT']],
    ['removing a field that had a default is forward compatible', order([ID, { name: 'note', type: 'string', default: '' }]), order([ID]), 'FORWARD', []],
    ['promoting int to long is backward compatible', order([{ name: 'qty', type: 'int' }]), order([{ name: 'qty', type: 'long' }]), 'BACKWARD', []],
    ['promoting int to double is backward compatible', order([{ name: 'qty', type: 'int' }]), order([{ name: 'qty', type: 'double' }]), 'BACKWARD', []],
    ['narrowing long to int is refused', order([{ name: 'qty', type: 'long' }]), order([{ name: 'qty', type: 'int' }]), 'BACKWARD', ['BACKWARD shop.Order.qty TYPE_CHANGED']],
    ['a promotion is not forward compatible', order([{ name: 'qty', type: 'int' }]), order([{ name: 'qty', type: 'long' }]), 'FORWARD', ['FORWARD shop.Order.qty TYPE_CHANGED']],
    ['string to bytes is allowed', order([{ name: 'raw', type: 'string' }]), order([{ name: 'raw', type: 'bytes' }]), 'FULL', []],
    ['string to int is refused', order([{ name: 'raw', type: 'string' }]), order([{ name: 'raw', type: 'int' }]), 'BACKWARD', ['BACKWARD shop.Order.raw TYPE_CHANGED']],
    [
      'adding an enum symbol is backward compatible',
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } }]),
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } }]),
      'BACKWARD',
      [],
    ],
    [
      'adding an enum symbol is not forward compatible without an enum default',
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } }]),
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } }]),
      'FORWARD',
      ['FORWARD shop.Order.s ENUM_SYMBOL_UNREADABLE'],
    ],
    [
      'removing an enum symbol is not backward compatible',
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } }]),
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW'] } }]),
      'BACKWARD',
      ['BACKWARD shop.Order.s ENUM_SYMBOL_UNREADABLE'],
    ],
    [
      'removing an enum symbol is backward compatible with an enum default',
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } }]),
      order([{ name: 's', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'UNKNOWN'], default: 'UNKNOWN' } }]),
      'BACKWARD',
      [],
    ],
    ['making a field nullable (a union) is backward compatible', order([{ name: 'note', type: 'string' }]), order([{ name: 'note', type: ['null', 'string'], default: null }]), 'BACKWARD', []],
    ['widening a union is not forward compatible', order([{ name: 'v', type: ['null', 'string'] }]), order([{ name: 'v', type: ['null', 'string', 'long'] }]), 'FORWARD', ['FORWARD shop.Order.v UNION_BRANCH_UNREADABLE']],
    ['narrowing a union is not backward compatible', order([{ name: 'v', type: ['null', 'string', 'long'] }]), order([{ name: 'v', type: ['null', 'string'] }]), 'BACKWARD', ['BACKWARD shop.Order.v UNION_BRANCH_UNREADABLE']],
    ['renaming a field with an alias is backward compatible', order([{ name: 'amount', type: 'double' }]), order([{ name: 'total', aliases: ['amount'], type: 'double' }]), 'BACKWARD', []],
    ['renaming a field without an alias is not backward compatible', order([{ name: 'amount', type: 'double' }]), order([{ name: 'total', type: 'double' }]), 'BACKWARD', ['BACKWARD shop.Order.total FIELD_ADDED_WITHOUT_DEFAULT']],
    ['renaming the record with an alias is backward compatible', order([ID]), JSON.stringify({ type: 'record', name: 'Purchase', namespace: 'shop', aliases: ['shop.Order'], fields: [ID] }), 'BACKWARD', []],
    ['renaming the record without an alias is refused', order([ID]), JSON.stringify({ type: 'record', name: 'Purchase', namespace: 'shop', fields: [ID] }), 'BACKWARD', ['BACKWARD shop.Purchase NAME_CHANGED']],
    [
      'a field added without default inside a nested record is named by its path',
      order([{ name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'id', type: 'long' }] } }]),
      order([{ name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'id', type: 'long' }, { name: 'tier', type: 'string' }] } }]),
      'BACKWARD',
      ['BACKWARD shop.Order.customer.tier FIELD_ADDED_WITHOUT_DEFAULT'],
    ],
    ['array items may be promoted', order([{ name: 'q', type: { type: 'array', items: 'int' } }]), order([{ name: 'q', type: { type: 'array', items: 'long' } }]), 'BACKWARD', []],
    ['map values may not be narrowed', order([{ name: 'm', type: { type: 'map', values: 'long' } }]), order([{ name: 'm', type: { type: 'map', values: 'int' } }]), 'BACKWARD', ['BACKWARD shop.Order.m{} TYPE_CHANGED']],
    ['FULL refuses what either direction refuses', order([ID]), order([ID, { name: 'note', type: 'string' }]), 'FULL', ['BACKWARD shop.Order.note FIELD_ADDED_WITHOUT_DEFAULT']],
    ['FULL accepts an added field with a default', order([ID]), order([ID, { name: 'note', type: 'string', default: '' }]), 'FULL', []],
    ['NONE accepts anything', order([ID]), order([{ name: 'x', type: 'string' }]), 'NONE', []],
  ])('%s', (_name, previous, next, level, expected) => {
    expect(rules(previous, next, level)).toEqual(expected);
  });

  test('the verdict always agrees with avsc itself', () => {
    const prev = parseAvro(order([ID, { name: 'qty', type: 'long' }]), 'v1');
    const next = parseAvro(order([ID, { name: 'qty', type: 'int' }]), 'v2');
    expect(() => next.createResolver(prev)).toThrow();
    expect(checkAvro(prev, next, CheckDirection.BACKWARD)).not.toEqual([]);
  });

  test('messages say what happened in words a user can act on', () => {
    const [i] = check(order([ID]), order([ID, { name: 'note', type: 'string' }]));
    expect(i.message).toMatch(/field "note" is new and has no default.*add a default/);
    const [t] = check(order([{ name: 'qty', type: 'long' }]), order([{ name: 'qty', type: 'int' }]));
    expect(t.message).toMatch(/old data is long but the new schema expects int/);
  });

  test('transitive levels check every previous version, plain levels only the latest', () => {
    const v1 = { label: 'v1', text: order([ID]) };
    const v2 = { label: 'v2', text: order([ID, { name: 'note', type: 'string', default: '' }]) };
    const v3 = { label: 'v3', text: order([ID, { name: 'note', type: 'string' }]) };
    expect(checkCompatibility('AVRO', 'BACKWARD', [v1, v2], v3)).toEqual([]);
    const transitive = checkCompatibility('AVRO', 'BACKWARD_TRANSITIVE', [v1, v2], v3);
    expect(transitive.map((i) => `${i.against} ${i.location} ${i.rule}`)).toEqual(['v1 shop.Order.note FIELD_ADDED_WITHOUT_DEFAULT']);
  });

  test('named types from references resolve', () => {
    const money = JSON.stringify({ type: 'record', name: 'Money', namespace: 'shop', fields: [{ name: 'cents', type: 'long' }] });
    const prev = order([{ name: 'price', type: 'shop.Money' }]);
    expect(checkCompatibility('AVRO', 'BACKWARD', [{ label: 'v1', text: prev }], { label: 'next', text: prev }, { references: [money] })).toEqual([]);
  });

  test.each([
    ['text that is not JSON', '{"type":'],
    ['JSON that is not Avro', '{"type":"recordd","name":"X","fields":[]}'],
  ])('refuses %s with a parse error naming the input', (_name, text) => {
    expect(() => check(order([ID]), text)).toThrow(SchemaParseError);
    expect(() => check(order([ID]), text)).toThrow(/^next: /);
  });
});
