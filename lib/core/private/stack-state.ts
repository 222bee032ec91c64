import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';

/**
 * The one home of state the library keeps beyond a single construct:
 *
 * - `stackSingleton`: one object per stack (a per-stack validation, a registry, a lock file), found
 *   again with `tryFindChild` under a fixed id;
 * - `stackProvider`: one Terraform provider per stack and configuration, aliased after the first;
 *   `defaultProvider`: the stack's unaliased provider of a type;
 * - `setScoped` / `findScoped`: a setting for a subtree, read from the nearest scope that set it
 *   (the delivery in force, whether a subtree is production).
 */

/** A value kept as a child of the stack, for state that is not a construct itself. */
class StackValue<T> extends Construct {
  constructor(
    scope: Construct,
    id: string,
    public readonly value: T,
  ) {
    super(scope, id);
  }
}

/**
 * The stack's single `T` under `id`, created on first use. `create` may make a construct with
 * `(stack, id)` (found again as that child) or return any other value (kept in a hidden child).
 */
export function stackSingleton<T>(scope: IConstruct, id: string, create: (stack: TerraformStack, id: string) => T): T {
  const stack = TerraformStack.of(scope);
  const found = stack.node.tryFindChild(id);
  if (found) return (found instanceof StackValue ? found.value : found) as T;
  const made = create(stack, id);
  if (stack.node.tryFindChild(id) === undefined) new StackValue(stack, id, made);
  return made;
}

/**
 * Run `register` once per stack for `id`: a stack-wide validation added by the first construct
 * that needs it.
 */
export function oncePerStack(scope: IConstruct, id: string, register: (stack: TerraformStack) => void): void {
  stackSingleton(scope, id, (stack) => {
    register(stack);
    return true;
  });
}

/** Options of `stackProvider`. */
export interface StackProviderOptions<P extends TerraformProvider> {
  /** The provider class: every provider of this class in the stack counts for the alias. */
  readonly type: new (...args: any[]) => P;
  /** What makes two uses share a provider (a cluster object, a URL). */
  readonly key: unknown;
  /** Construct id of the first provider (`kafka`); later ones get `<id>-<n>`. */
  readonly id: string;
  /** Creates the provider: `alias` is undefined for the stack's first one of the type, else `<id>_<n>`. */
  readonly create: (stack: TerraformStack, id: string, alias: string | undefined) => P;
}

/**
 * One provider per stack and key. The first provider of a type in a stack is the default one (no
 * alias); each further configuration is aliased, so resources pick theirs with `provider`.
 */
export function stackProvider<P extends TerraformProvider>(scope: IConstruct, options: StackProviderOptions<P>): P {
  const byKey = stackSingleton(scope, 'RealtimePipelineProviders', () => new Map<unknown, TerraformProvider>());
  const existing = byKey.get(options.key);
  if (existing) return existing as P;
  const stack = TerraformStack.of(scope);
  const index = stack.node.children.filter((c) => c instanceof options.type).length;
  const id = index === 0 ? options.id : `${options.id}-${index + 1}`;
  const alias = index === 0 ? undefined : `${options.id.replace(/-/g, '_')}_${index + 1}`;
  const provider = options.create(stack, id, alias);
  byKey.set(options.key, provider);
  return provider;
}

/** The stack's default (unaliased) provider of a type, created with `create` when there is none. */
export function defaultProvider<P extends TerraformProvider>(
  scope: IConstruct,
  type: new (...args: any[]) => P,
  create: (stack: TerraformStack) => P,
): P {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.children.find((c): c is P => c instanceof type && !(c as P).alias);
  return existing ?? create(stack);
}

/** Set a value for `scope` and everything below it. */
export function setScoped(scope: IConstruct, key: string, value: unknown): void {
  (scope as any)[Symbol.for(`cdktf-realtime-pipeline.${key}`)] = value;
}

/** The value set for the nearest scope of `node` (itself included), or undefined. */
export function findScoped<T>(node: IConstruct, key: string): T | undefined {
  const symbol = Symbol.for(`cdktf-realtime-pipeline.${key}`);
  const scopes = node.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const value = (scopes[i] as any)[symbol];
    if (value !== undefined) return value as T;
  }
  return undefined;
}
