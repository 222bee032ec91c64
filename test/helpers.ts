import { Testing, TerraformStack } from 'cdktf';
import { CrdValidator } from './conformance/crd-validator';
import { TerraformSchemaChecker } from './conformance/terraform-schema';

/** Types whose provider schema is not in providers/; `kubernetes_manifest` bodies go through CRD checks. */
export const TYPES_CHECKED_ELSEWHERE = ['kubernetes_manifest'];

/** Synthesize a stack with validations on (`Testing.synth(stack, true)`) and parse it. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** Fail with every violation listed when the Terraform JSON does not match the provider schemas. */
export function expectTerraformConforms(tf: any) {
  const violations = TerraformSchemaChecker.forProjectProviders().check(tf, {
    allowTypesWithoutSchema: TYPES_CHECKED_ELSEWHERE,
  });
  expect(violations.map((v) => `${v.address}: ${v.message}`)).toEqual([]);
}

/** Fail with every violation listed when a custom resource does not validate against its CRD. */
export function expectValidCustomResource(resource: any) {
  const violations = CrdValidator.shared().validate(resource);
  expect(violations.map((v) => `${v.resource}${v.path}: ${v.message}`)).toEqual([]);
}

/** All `kubernetes_manifest` bodies of a synthesized stack. */
export function kubernetesManifests(tf: any): any[] {
  return Object.values<any>(tf.resource?.kubernetes_manifest ?? {}).map((r) => r.manifest);
}
