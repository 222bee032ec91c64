import { IResolvable, IResolveContext, TerraformResource, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';

/**
 * A `kubernetes_manifest` Terraform resource that sets only `manifest`, which is all the library
 * uses. The generated binding also builds four nested-block output references per resource, each
 * capturing a full stack trace; with thousands of manifests that construction alone cost about half
 * a second. The synthesized JSON is the same as the binding's (the provider schema conformance tests
 * check it), and `addOverride()` on it works as on any resource.
 */
export class ManifestResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly body: Record<string, any>,
  ) {
    super(scope, id, {
      terraformResourceType: 'kubernetes_manifest',
      terraformGeneratorMetadata: { providerName: 'kubernetes', providerVersion: '2.38.0', providerVersionConstraint: '~> 2.0' },
    });
  }

  protected synthesizeAttributes(): Record<string, any> {
    // Overrides are deep-merged into the attributes, which needs the body as a plain object; a body
    // holding tokens must take part in cdktf's preparing pass. Checked at synth, not construction.
    const plain = Object.keys(this.rawOverrides).length > 0 || mayHoldTokens(this.body);
    return { manifest: plain ? this.body : new TokenFreeBody(this.body) };
  }

  protected synthesizeHclAttributes(): Record<string, any> {
    return { manifest: { value: this.body, isBlock: false, type: 'map', storageClassType: 'anyMap' } };
  }
}

/**
 * A manifest body without tokens, handed to cdktf's resolver as one value. cdktf resolves every
 * element twice: once while "preparing" (to discover cross-stack references, which only tokens
 * make) and once for the output. A body without tokens has nothing to discover, so the preparing
 * pass sees an empty object instead of walking thousands of manifests; the output pass gets the
 * body itself. As a resolvable it is also not copied by cdktf's dynamic-block scan and deep merge.
 */
class TokenFreeBody implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly value: Record<string, any>) {}

  public resolve(context: IResolveContext): unknown {
    return context.preparing ? {} : this.value;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** Numbers in exponent notation, which is how a number token looks once written into a string. */
const EXPONENT = /\d[eE][-+]?\d/;

/**
 * Whether a value may hold a cdktf token: a string with a string, list (`#{TfToken[`) or map
 * (`&{TfToken[`) marker or a stringified number token, a number or number-list token, or any
 * object that is not plain data (an `IResolvable`). Errs on the side of "may".
 */
export function mayHoldTokens(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{TfToken[') || EXPONENT.test(value);
  if (typeof value === 'number') return Token.isUnresolved(value) || Token.isUnresolved([value]);
  if (typeof value === 'function') return true;
  if (Array.isArray(value)) return value.some(mayHoldTokens);
  if (value && typeof value === 'object') {
    if ((value as object).constructor !== Object || Tokenization.isResolvable(value)) return true;
    const obj = value as Record<string, unknown>;
    for (const k in obj) if (mayHoldTokens(k) || mayHoldTokens(obj[k])) return true;
  }
  return false;
}
