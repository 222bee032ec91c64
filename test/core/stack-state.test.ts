import { App, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { dnsLabel, flinkIdentifier, kebabCase, pipelineNames } from '../../lib/core/private/naming';
import { defaultProvider, findScoped, oncePerStack, setScoped, stackProvider, stackSingleton } from '../../lib/core/private/stack-state';
import { requireWholeNumber } from '../../lib/core/private/validate';

/** A provider as the generated bindings write one: the alias is the subclass's own property. */
class TestProvider extends TerraformProvider {
  private _alias?: string;
  constructor(scope: Construct, id: string, alias?: string) {
    super(scope, id, { terraformResourceType: 'test', terraformGeneratorMetadata: { providerName: 'test' } });
    this._alias = alias;
  }
  public get alias(): string | undefined {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
}

describe('stack state', () => {
  test('stackSingleton: one value per stack, found again under its id', () => {
    const app = new App();
    const a = new TerraformStack(app, 'a');
    const b = new TerraformStack(app, 'b');
    let made = 0;
    const get = (scope: Construct) => stackSingleton(scope, 'Registry', () => ({ n: ++made }));
    const first = get(new Construct(a, 'x'));
    expect(get(new Construct(a, 'y'))).toBe(first);
    expect(get(b)).not.toBe(first);
    expect(made).toBe(2);
  });

  test('stackSingleton: a construct created under (stack, id) is that singleton', () => {
    const stack = new TerraformStack(new App(), 's');
    const c = stackSingleton(stack, 'Thing', (s, id) => new Construct(s, id));
    expect(stack.node.tryFindChild('Thing')).toBe(c);
    expect(stackSingleton(stack, 'Thing', () => new Construct(stack, 'Other'))).toBe(c);
  });

  test('oncePerStack registers once per stack', () => {
    const app = new App();
    const stack = new TerraformStack(app, 's');
    const calls: string[] = [];
    oncePerStack(stack, 'Check', (s) => calls.push(s.node.id));
    oncePerStack(new Construct(stack, 'c'), 'Check', (s) => calls.push(s.node.id));
    oncePerStack(new TerraformStack(app, 't'), 'Check', (s) => calls.push(s.node.id));
    expect(calls).toEqual(['s', 't']);
  });

  test('stackProvider: the first of a type is unaliased, each further key aliased, the same key shared', () => {
    const stack = new TerraformStack(new App(), 's');
    const make = (key: string) =>
      stackProvider(stack, { type: TestProvider, key, id: 'kafka-connect', create: (s, id, alias) => new TestProvider(s, id, alias) });
    const one = make('https://a');
    const two = make('https://b');
    expect(make('https://a')).toBe(one);
    expect([one.node.id, one.alias]).toEqual(['kafka-connect', undefined]);
    expect([two.node.id, two.alias]).toEqual(['kafka-connect-2', 'kafka_connect_2']);
  });

  test('defaultProvider reuses the unaliased provider of a type, whoever made it', () => {
    const stack = new TerraformStack(new App(), 's');
    new TestProvider(stack, 'aliased', 'other');
    const mine = new TestProvider(stack, 'mine');
    expect(defaultProvider(stack, TestProvider, (s) => new TestProvider(s, 'new'))).toBe(mine);
    const empty = new TerraformStack(new App(), 'e');
    expect(defaultProvider(empty, TestProvider, (s) => new TestProvider(s, 'new')).node.id).toBe('new');
  });

  test('setScoped / findScoped: the nearest scope wins, false counts', () => {
    const stack = new TerraformStack(new App(), 's');
    const outer = new Construct(stack, 'outer');
    const inner = new Construct(outer, 'inner');
    const leaf = new Construct(inner, 'leaf');
    expect(findScoped(leaf, 'production')).toBeUndefined();
    setScoped(outer, 'production', true);
    setScoped(inner, 'production', false);
    expect(findScoped(leaf, 'production')).toBe(false);
    expect(findScoped(new Construct(outer, 'sibling'), 'production')).toBe(true);
  });
});

describe('naming', () => {
  test.each([
    ['RetailInventory', 'retail-inventory'],
    ['orders_v2', 'orders-v2'],
    ['-Job-', 'job'],
    ['ABC', 'abc'],
  ])('kebabCase(%s) = %s', (id, name) => expect(kebabCase(id)).toBe(name));

  test.each([
    ['Retail_Inventory-Prod', undefined, 'retail-inventory-prod'],
    ['--a..b--', undefined, 'a-b'],
    ['abcdef-ghi', 7, 'abcdef'],
  ])('dnsLabel(%s, %s) = %s', (text, max, label) => expect(dnsLabel(text, max)).toBe(label));

  test('pipeline names follow the documented conventions', () => {
    expect(pipelineNames.streamTopic('inventory', 'orders_latest')).toBe('inventory.orders_latest');
    expect(pipelineNames.streamJob('inventory', 'orders_latest')).toBe('inventory-orders-latest');
    expect(pipelineNames.connector('inventory', 'store_db')).toBe('inventory-store-db');
    expect(pipelineNames.streamSlo('inventory', 'orders_latest', 'fresh-30s')).toBe('inventory-orders_latest-fresh-30s');
    expect(flinkIdentifier('store.orders')).toBe('store_orders');
  });
});

describe('requireWholeNumber', () => {
  test.each([
    [0, { min: 1 }, /n must be a whole number >= 1 \(got 0\)/],
    [1.5, {}, /n must be a whole number \(got 1.5\)/],
    [70000, { min: 1, max: 65535 }, /n must be a whole number between 1 and 65535 \(got 70000\)/],
    [undefined, { min: 1 }, /n must be a whole number >= 1/],
    ['3', { min: 1 }, /n must be a whole number >= 1/],
    [0, { min: 1, limit: 'a registered version number >= 1' }, /n must be a registered version number >= 1/],
  ])('refuses %p with %p', (value, limits, message) => {
    expect(() => requireWholeNumber('Thing', 'n', value, limits)).toThrow(message);
  });

  test('lets optional undefined, in-range values and unresolved tokens pass', () => {
    expect(() => requireWholeNumber('Thing', 'n', undefined, { min: 1, optional: true })).not.toThrow();
    expect(() => requireWholeNumber('Thing', 'n', 3, { min: 1, max: 3 })).not.toThrow();
    expect(() => requireWholeNumber('Thing', 'n', Token.asNumber({ resolve: () => 0 }), { min: 1 })).not.toThrow();
  });
});
