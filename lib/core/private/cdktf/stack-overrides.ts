import { TerraformElement, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * cdktf hook: reading the overrides users add with `addOverride()`.
 *
 * Relies on (not public API of cdktf):
 * - `stack.addOverride(path, value)` stores the value under its dotted path in the stack's private
 *   `rawOverrides` (`stack.addOverride('resource.kafka_topic.x.config', …)` lands in
 *   `rawOverrides.resource`), which `stack.toTerraform()` deep-merges into the merged stack;
 * - `element.addOverride(path, value)` stores it in the element's protected `rawOverrides`, which
 *   `TerraformResource.toTerraform()` deep-merges into the attributes `synthesizeAttributes()` gave.
 *
 * Checked on cdktf 0.21.0. Guarded by `test/core/cdktf-contract.test.ts`
 * ("lib/core/private/cdktf/stack-overrides.ts").
 */

/**
 * Whether the stack of `scope` has overrides that reach into resources (`stack.addOverride
 * ('resource.…', …)`), or whether that cannot be told: then every value stays plain.
 */
export function stackOverridesResources(scope: IConstruct): boolean {
  const overrides = (TerraformStack.of(scope) as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides;
  return overrides === null || typeof overrides !== 'object' || overrides.resource !== undefined;
}

/** Whether `element` has overrides of its own (`element.addOverride(…)`). */
export function hasOwnOverrides(element: TerraformElement): boolean {
  return Object.keys((element as unknown as { rawOverrides: Record<string, unknown> }).rawOverrides).length > 0;
}
