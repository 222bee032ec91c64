import { IResolvable, IResolveContext, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { stackOverridesResources } from './stack-overrides';
import { NUMBER_IN_STRING, TOKEN_MARKER, TOKEN_NUMBERS_BELOW } from './token-encoding';

/**
 * cdktf hook: handing token-free values to cdktf's resolver as one value each (the synth fast
 * path of `Topic` and manifest resources, through their `toTerraform()`).
 *
 * Relies on (cdktf's resolver and stack synthesis, not public API):
 * - `app.synth()` resolves every element once with `context.preparing` set, and drops the result;
 *   then `stack.toTerraform()` resolves each element's `toTerraform()` and the merged stack, without;
 * - a resolvable's `registerPostProcessor` result is returned as it is, not walked again;
 * - `stack.toTerraform()` deep-merges the resolved elements keeping a resolvable as one value, and
 *   fails when a stack override has to be merged into one (hence `stackOverridesResources`);
 * - the token encodings of `token-encoding.ts`.
 *
 * Checked on cdktf 0.21.0. Guarded by `test/core/cdktf-contract.test.ts`
 * ("lib/core/private/cdktf/token-free.ts").
 */

/**
 * Token-free values handed to cdktf's resolver as one value each.
 *
 * cdktf walks every value of a stack three times before writing it: once while "preparing" (to
 * discover cross-stack references, which only tokens make), once per element, and once more over
 * the merged stack. At a thousand tables that is millions of strings tested for token markers, a
 * large part of the synth time. A value without tokens has nothing to resolve, so the library
 * hands it over wrapped: it answers an empty object to each walk and comes back through the
 * resolve context's post-processor, which runs after the walk and whose result is not walked again:
 *
 * - the preparing and per-element walks get a `ResolvedValue` back: still a resolvable, so cdktf's
 *   deep merge keeps it as one value instead of copying it;
 * - the walk over the merged stack gets the value itself, which is what is written.
 *
 * Anything that resolves an element only once and serializes it still gets the value, through
 * `toJSON` (reading it as an object gets the wrapper). The written value is the construct's own
 * object, not a copy: `stack.toTerraform()` is for writing, changing its result changes the
 * construct.
 */
class TokenFreeValue implements IResolvable {
  public readonly creationStack: string[] = [];
  private readonly resolved: ResolvedValue;

  constructor(value: Record<string, any>) {
    this.resolved = new ResolvedValue(value);
  }

  public resolve(context: IResolveContext): unknown {
    // The preparing pass only looks for tokens, and its result is dropped.
    if (!context.preparing) context.registerPostProcessor({ postProcess: () => this.resolved });
    return {};
  }

  public toJSON(): Record<string, any> {
    return this.resolved.toJSON();
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** The value once its element has been resolved: resolves to the value, without walking it. */
class ResolvedValue implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly value: Record<string, any>) {}

  public resolve(context: IResolveContext): unknown {
    context.registerPostProcessor({ postProcess: () => this.value });
    return {};
  }

  public toJSON(): Record<string, any> {
    return this.value;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/**
 * `value`, known to be token-free (`mayHoldTokens`), wrapped for cdktf's resolver, or `value` itself
 * when the stack has overrides under `resource`: cdktf deep-merges stack overrides into the merged
 * stack, which needs plain objects to merge into. Checked at synth, when the definition is complete.
 */
export function wrapTokenFree(scope: IConstruct, value: Record<string, any>): Record<string, any> {
  return stackOverridesResources(scope) ? value : (new TokenFreeValue(value) as unknown as Record<string, any>);
}

/**
 * `tf` (an element's `toTerraform()` output: `{ resource: { type: { name: block } } }`) with each
 * token-free resource block wrapped (`wrapTokenFree`). Attributes the resource already wrapped
 * (a manifest body) are taken as they are, unwrapped into the block: what is written is plain.
 */
export function tokenFreeResourceBlocks(scope: IConstruct, tf: Record<string, any>): Record<string, any> {
  const byType = tf.resource;
  if (!byType || typeof byType !== 'object' || stackOverridesResources(scope)) return tf;
  const resource: Record<string, any> = {};
  for (const type of Object.keys(byType)) {
    const blocks: Record<string, any> = {};
    for (const name of Object.keys(byType[type])) blocks[name] = tokenFreeBlock(byType[type][name]);
    resource[type] = blocks;
  }
  return { ...tf, resource };
}

function tokenFreeBlock(block: Record<string, any>): Record<string, any> {
  if (!block || typeof block !== 'object' || block.constructor !== Object) return block;
  const plain: Record<string, any> = {};
  for (const key of Object.keys(block)) {
    const value = block[key];
    if (value instanceof TokenFreeValue) {
      plain[key] = value.toJSON();
    } else if (mayHoldTokens(key) || mayHoldTokens(value)) {
      return block;
    } else {
      plain[key] = value;
    }
  }
  return new TokenFreeValue(plain) as unknown as Record<string, any>;
}

/** Whether a string holds a string, list or map token marker, or a stringified number token. */
function stringMayHoldTokens(value: string): boolean {
  if (value.includes(TOKEN_MARKER)) return true;
  if (!value.includes('e+')) return false; // every token number is far above 1e21
  for (const match of value.matchAll(NUMBER_IN_STRING)) {
    const n = parseFloat(match[0]);
    if (Token.isUnresolved(n) || Token.isUnresolved([n])) return true;
  }
  return false;
}

/**
 * Whether a value may hold a cdktf token: a string with a string, list (`#{TfToken[`) or map
 * (`&{TfToken[`) marker or a stringified number token, a number or number-list token, or any
 * object that is not plain data (an `IResolvable`). Errs on the side of "may". A list with
 * `undefined` elements or holes also counts: cdktf's resolver removes them, JSON would write `null`.
 *
 * `visitString` sees every token-free string and key on the way, so a caller can ask a second
 * question in the same walk; the walk stops at the first token, so it sees them all only when the
 * answer is `false`.
 */
export function mayHoldTokens(value: unknown, visitString?: (s: string) => void): boolean {
  if (typeof value === 'string') {
    if (stringMayHoldTokens(value)) return true;
    visitString?.(value);
    return false;
  }
  if (typeof value === 'number') return value < TOKEN_NUMBERS_BELOW && (Token.isUnresolved(value) || Token.isUnresolved([value]));
  if (typeof value === 'function') return true;
  if (Array.isArray(value)) {
    // cdktf drops `undefined` elements and holes from lists; such a list takes its path.
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || value[i] === undefined || mayHoldTokens(value[i], visitString)) return true;
    }
    return false;
  }
  if (value && typeof value === 'object') {
    if ((value as object).constructor !== Object || Tokenization.isResolvable(value)) return true;
    const obj = value as Record<string, unknown>;
    for (const k in obj) if (mayHoldTokens(k, visitString) || mayHoldTokens(obj[k], visitString)) return true;
  }
  return false;
}
