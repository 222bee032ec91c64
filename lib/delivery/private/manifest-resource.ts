import { IResolvable, IResolveContext, TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';

/**
 * A `kubernetes_manifest` Terraform resource that sets only `manifest`, which is all the library
 * uses. The generated binding also builds four nested-block output references per resource, each
 * capturing a full stack trace; with thousands of manifests that construction alone cost about half
 * a second. The synthesized JSON is the same as the binding's (the provider schema conformance tests
 * check it).
 */
export class ManifestResource extends TerraformResource {
  private readonly holdsTokens: boolean;

  constructor(
    scope: Construct,
    id: string,
    private readonly body: Record<string, any>,
  ) {
    super(scope, id, {
      terraformResourceType: 'kubernetes_manifest',
      terraformGeneratorMetadata: { providerName: 'kubernetes', providerVersion: '2.38.0', providerVersionConstraint: '~> 2.0' },
    });
    this.holdsTokens = mayHoldTokens(body);
  }

  protected synthesizeAttributes(): Record<string, any> {
    return { manifest: this.holdsTokens ? this.body : new PlainBody(this.body) };
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
class PlainBody implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly value: Record<string, any>) {}

  public resolve(context: IResolveContext): unknown {
    return context.preparing ? {} : this.value;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** Whether a value may hold a cdktf token (an encoded string or number, or a resolvable object). */
function mayHoldTokens(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${') && Token.isUnresolved(value);
  if (typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(mayHoldTokens);
  if (value && typeof value === 'object') {
    if ((value as object).constructor !== Object) return true;
    const obj = value as Record<string, unknown>;
    for (const k in obj) if (mayHoldTokens(k) || mayHoldTokens(obj[k])) return true;
  }
  return false;
}
