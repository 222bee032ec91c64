import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App,
  Aspects,
  DefaultTokenResolver,
  IResolvable,
  IResolveContext,
  StringConcat,
  TerraformElement,
  TerraformLocal,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
  Tokenization,
} from 'cdktf';
import { Construct } from 'constructs';
import { onStackSynthesis } from '../../lib/core/private/cdktf/custom-synthesis';
import { hasOwnOverrides, stackOverridesResources } from '../../lib/core/private/cdktf/stack-overrides';
import { atSynthStart } from '../../lib/core/private/cdktf/synth-start';
import { NUMBER_IN_STRING, STRING_TOKEN_BODY, TOKEN_MARKER, TOKEN_NUMBERS_BELOW } from '../../lib/core/private/cdktf/token-encoding';

// The cdktf behaviour the library relies on beyond cdktf's public API, asserted directly against
// cdktf with hand-made elements and resolvables, not through the library's constructs. Each
// `describe` names the file in lib/core/private/cdktf/ that relies on it: when a cdktf (or CDK
// Terrain) upgrade fails a test here, that file is the one to adapt. docs/cdktf-internals.md
// lists the hooks.

const HOOKS = path.join('lib', 'core', 'private', 'cdktf');
const hook = (file: string) => path.join(HOOKS, file).split(path.sep).join('/');

const outdirs: string[] = [];
function outdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-contract-'));
  outdirs.push(dir);
  return dir;
}
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const written = (dir: string, stack: string) => JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));

/** A resolvable that does what `onResolve` says. */
class Probe implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(private readonly onResolve: (context: IResolveContext) => unknown) {}
  public resolve(context: IResolveContext): unknown {
    return this.onResolve(context);
  }
  public toString(): string {
    return Token.asString(this);
  }
}

/** An element whose `toTerraform()` is a fixed fragment, as a resource's is once its blocks are built. */
class Fragment extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly fragment: Record<string, unknown>,
  ) {
    super(scope, id);
  }

  public toTerraform(): any {
    return this.fragment;
  }
}

/** A resource whose only attribute is a resolvable, as a manifest resource's token-free body is. */
class WrappedAttributeResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly attribute: IResolvable,
  ) {
    super(scope, id, { terraformResourceType: 'kubernetes_manifest' });
  }

  protected synthesizeAttributes(): Record<string, any> {
    return { manifest: this.attribute };
  }
}

describe(`${hook('token-free.ts')} relies on cdktf's resolver`, () => {
  test('app.synth() resolves each element once while preparing, then without, and writes what the second walk gave', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, 'prod');
    const seen: boolean[] = [];
    new Fragment(stack, 'f', {
      locals: {
        probe: new Probe((context) => {
          seen.push(context.preparing === true);
          return context.preparing ? 'preparing' : 'written';
        }),
      },
    });
    app.synth();
    expect(seen).toEqual([true, false]);
    expect(written(dir, 'prod').locals.probe).toBe('written');
  });

  test("a post-processor's result is returned as it is, not walked again", () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const result = { name: 'orders', untouched: new Probe(() => { throw new Error('walked again'); }) };
    const value = new Probe((context) => {
      context.registerPostProcessor({ postProcess: () => result });
      return {};
    });
    const resolved = Tokenization.resolve({ value }, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
    expect(resolved.value).toBe(result);
  });

  test('stack.toTerraform() keeps a resolvable an element resolved to as one value when merging, and writes what it resolves to', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const block = { name: 'orders', partitions: 3 };
    let innerResolutions = 0;
    const inner = new Probe((context) => {
      innerResolutions++;
      context.registerPostProcessor({ postProcess: () => block });
      return {};
    });
    const outer = new Probe((context) => {
      if (!context.preparing) context.registerPostProcessor({ postProcess: () => inner });
      return {};
    });
    new Fragment(stack, 'f', { resource: { kafka_topic: { orders: outer } } });
    const tf = stack.toTerraform();
    // The same object: neither copied by the merge nor walked by the last resolve.
    expect(tf.resource.kafka_topic.orders).toBe(block);
    expect(innerResolutions).toBe(1);
  });

  test('a stack override cannot be merged into such a value (why blocks stay plain when the stack overrides resources)', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const inner = new Probe(() => ({ name: 'orders' }));
    const outer = new Probe((context) => {
      context.registerPostProcessor({ postProcess: () => inner });
      return {};
    });
    new Fragment(stack, 'f', { resource: { kafka_topic: { orders: outer } } });
    stack.addOverride('resource.kafka_topic.orders.config', { 'retention.ms': '1000' });
    expect(() => stack.toTerraform()).toThrow(/cannot be a resolvable token if you specified overrides/);
  });
});

describe(`${hook('token-encoding.ts')} relies on cdktf's token encoding`, () => {
  const value = new Probe(() => 'resolved');
  const number = new Probe(() => 42);

  test('string, list and map tokens carry the marker the hook looks for', () => {
    expect(Token.asString(value)).toMatch(new RegExp(`^\\$\\{${STRING_TOKEN_BODY}\\}$`));
    expect(Token.asString(value).startsWith(`$${TOKEN_MARKER}`)).toBe(true);
    expect(Token.asList(value)[0].startsWith(`#${TOKEN_MARKER}`)).toBe(true);
    expect(Object.keys(Token.asStringMap(value))[0].startsWith(`&${TOKEN_MARKER}`)).toBe(true);
    expect(Object.keys(Token.asAnyMap(value))[0].startsWith(`&${TOKEN_MARKER}`)).toBe(true);
  });

  test('number and number-list tokens are doubles below the bound the hook uses, and unresolved', () => {
    for (let i = 0; i < 200; i++) {
      const n = Token.asNumber(number);
      const listElement = Token.asNumberList(number)[0];
      expect(n).toBeLessThanOrEqual(TOKEN_NUMBERS_BELOW);
      expect(listElement).toBeLessThanOrEqual(TOKEN_NUMBERS_BELOW);
      expect(Token.isUnresolved(n)).toBe(true);
      expect(Token.isUnresolved([listElement])).toBe(true);
    }
  });

  test("a number token written into a string is found by the hook's pattern, where cdktf's resolver finds it", () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const n = Token.asNumber(number);
    const text = `retention=${n}ms`;
    expect(text).toContain('e+');
    expect([...text.matchAll(NUMBER_IN_STRING)].map((m) => parseFloat(m[0]))).toEqual([n]);
    expect(Tokenization.resolve(text, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) })).toBe('retention=42ms');
  });
});

describe(`${hook('stack-overrides.ts')} relies on where cdktf keeps overrides`, () => {
  test("stack.addOverride('resource.…') lands in the stack's rawOverrides.resource", () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    expect((stack as any).rawOverrides).toEqual({});
    expect(stackOverridesResources(stack)).toBe(false);
    stack.addOverride('terraform.required_version', '>= 1.5');
    expect(stackOverridesResources(stack)).toBe(false);
    stack.addOverride('resource.kafka_topic.orders.config', { 'retention.ms': '1000' });
    expect((stack as any).rawOverrides.resource).toEqual({ kafka_topic: { orders: { config: { 'retention.ms': '1000' } } } });
    expect(stackOverridesResources(stack)).toBe(true);
  });

  test("element.addOverride() lands in the element's rawOverrides, which a resource cannot merge into a resolvable attribute", () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const resource = new WrappedAttributeResource(stack, 'cm', new Probe(() => ({ kind: 'ConfigMap' })));
    expect((resource as any).rawOverrides).toEqual({});
    expect(hasOwnOverrides(resource)).toBe(false);
    expect(() => resource.toTerraform()).not.toThrow();
    resource.addOverride('manifest.metadata.name', 'cm');
    expect((resource as any).rawOverrides).toEqual({ manifest: { metadata: { name: 'cm' } } });
    expect(hasOwnOverrides(resource)).toBe(true);
    expect(() => resource.toTerraform()).toThrow(/cannot be a resolvable token if you specified overrides/);
  });
});

describe(`${hook('custom-synthesis.ts')} relies on cdktf's custom synthesis`, () => {
  test('app.synth() runs the handler once, after aspects and validations, with the directory cdk.tf.json is written to', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, 'prod');
    new TerraformLocal(stack, 'l', 'v');
    const order: string[] = [];
    Aspects.of(stack).add({ visit: (node) => (node === stack ? order.push('aspect') : undefined) });
    stack.node.addValidation({
      validate: () => {
        order.push('validation');
        return [];
      },
    });
    onStackSynthesis(new Construct(stack, 'artifact'), (stackDirectory) => {
      order.push(`synthesis in ${path.relative(dir, stackDirectory)}`);
      fs.mkdirSync(path.join(stackDirectory, 'pipelines'), { recursive: true });
      fs.writeFileSync(path.join(stackDirectory, 'pipelines', 'artifact.txt'), 'content');
    });
    app.synth();
    expect(order).toEqual(['aspect', 'validation', `synthesis in ${path.join('stacks', 'prod')}`]);
    expect(fs.readFileSync(path.join(dir, 'stacks', 'prod', 'pipelines', 'artifact.txt'), 'utf8')).toBe('content');
    expect(written(dir, 'prod').locals).toBeDefined();
  });

  test('Testing.synth does not run it', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    let calls = 0;
    onStackSynthesis(new Construct(stack, 'artifact'), () => calls++);
    Testing.synth(stack, true);
    expect(calls).toBe(0);
  });
});

describe(`${hook('synth-start.ts')} relies on cdktf invoking aspects at every synth`, () => {
  test('the aspect runs once per synth, before validations', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const construct = new Construct(stack, 'pipeline');
    new Construct(construct, 'child');
    const order: string[] = [];
    atSynthStart(construct, () => order.push('start'));
    stack.node.addValidation({
      validate: () => {
        order.push('validation');
        return [];
      },
    });
    Testing.synth(stack, true);
    Testing.synth(stack, true);
    expect(order).toEqual(['start', 'validation', 'start', 'validation']);
  });

  test('constructs it creates are synthesized, visited by the aspects above them, and their custom synthesis runs', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, 'prod');
    const construct = new Construct(stack, 'pipeline');
    const visited: string[] = [];
    Aspects.of(stack).add({ visit: (node) => visited.push(node.node.path) });
    let calls = 0;
    atSynthStart(construct, () => {
      calls++;
      new TerraformLocal(construct, 'added', 'created at synth');
      onStackSynthesis(new Construct(construct, 'file'), (stackDirectory) => fs.writeFileSync(path.join(stackDirectory, 'created-at-synth.txt'), 'content'));
    });
    app.synth();
    expect(calls).toBe(1);
    expect(visited).toContain('prod/pipeline/added');
    expect(Object.values(written(dir, 'prod').locals)).toEqual(['created at synth']);
    expect(fs.existsSync(path.join(dir, 'stacks', 'prod', 'created-at-synth.txt'))).toBe(true);
  });
});

describe(`cdktf internals are used in ${hook('')} only`, () => {
  const lib = path.join(__dirname, '..', '..', 'lib');
  const fenced = path.join(lib, 'core', 'private', 'cdktf');
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return full === path.join(lib, 'providers') ? [] : sources(full);
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
    });
  const RULES: Array<[RegExp, string]> = [
    [/['"`]cdktf\/lib\//, 'imports a deep cdktf/lib/ path'],
    [/\brawOverrides\b/, 'reads rawOverrides'],
    [/TfToken/, "spells cdktf's token marker"],
  ];
  const offences = (files: string[]) =>
    files.flatMap((f) => RULES.filter(([re]) => re.test(fs.readFileSync(f, 'utf8'))).map(([, what]) => `${path.relative(lib, f)} ${what}`));

  test('no file outside the folder imports a cdktf/lib/ path, reads rawOverrides or spells a token marker', () => {
    const files = sources(lib);
    expect(files.length).toBeGreaterThan(100);
    expect(offences(files.filter((f) => !f.startsWith(fenced + path.sep)))).toEqual([]);
  });

  test('the check sees the hooks themselves (it is not vacuous)', () => {
    const found = offences(sources(fenced));
    expect(found).toContain(`${path.join('core', 'private', 'cdktf', 'custom-synthesis.ts')} imports a deep cdktf/lib/ path`);
    expect(found).toContain(`${path.join('core', 'private', 'cdktf', 'stack-overrides.ts')} reads rawOverrides`);
  });
});
