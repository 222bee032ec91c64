import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { hasOwnOverrides } from '../../core/private/cdktf/stack-overrides';
import { mayHoldTokens, tokenFreeResourceBlocks, wrapTokenFree } from '../../core/private/cdktf/token-free';
import { escapeTerraformLiterals, TEMPLATE_START } from '../../core/private/validate';

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

  public toTerraform(): any {
    return tokenFreeResourceBlocks(this, super.toTerraform());
  }

  protected synthesizeAttributes(): Record<string, any> {
    // Escaped at synth, as GitOps files are rendered at synth: changes made to the manifest after
    // construction are written either way. One walk asks both questions: tokens, and literal
    // `${`/`%{` to escape (only token-free strings can need it, and a body with a token is
    // escaped by its own walk).
    let literal = false;
    const tokens = mayHoldTokens(this.body, (s) => (literal ||= TEMPLATE_START.test(s)));
    const body = tokens || literal ? escapeTerraformLiterals(this.body) : this.body;
    // Overrides are deep-merged into the attributes, which needs the body as a plain object.
    if (tokens || hasOwnOverrides(this)) return { manifest: body };
    return { manifest: wrapTokenFree(this, body) };
  }

  protected synthesizeHclAttributes(): Record<string, any> {
    return { manifest: { value: escapeTerraformLiterals(this.body), isBlock: false, type: 'map', storageClassType: 'anyMap' } };
  }
}
