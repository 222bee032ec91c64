import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { IConstruct } from 'constructs';

/**
 * cdktf hook: writing files during `cdktf synth`. The only module that imports a deep
 * `cdktf/lib/…` path.
 *
 * Relies on (not public API of cdktf; `addCustomSynthesis` is marked "for use by the CDKTF only"):
 * - `addCustomSynthesis` from `cdktf/lib/synthesize/synthesizer`, whose `onSynthesize` runs once per
 *   `app.synth()` for each construct that registered one, after the stack's aspects and
 *   validations;
 * - the session's `outdir` joined with `manifest.forStack(stack).workingDirectory` is the stack's
 *   output directory, `<outdir>/stacks/<stack id>/`, which already exists and is where
 *   `cdk.tf.json` goes.
 *
 * Checked on cdktf 0.21.0. Guarded by `test/core/cdktf-contract.test.ts`
 * ("lib/core/private/cdktf/custom-synthesis.ts").
 */

/**
 * Run `onSynthesize` when `app.synth()` (`cdktf synth`) writes the stack of `construct`, with the
 * stack's output directory (`cdktf.out/stacks/<stack>/`). It runs after the stack's validations;
 * `Testing.synth` does not run it. One per construct: cdktf keeps a single handler.
 */
export function onStackSynthesis(construct: IConstruct, onSynthesize: (stackDirectory: string) => void): void {
  const stack = TerraformStack.of(construct);
  addCustomSynthesis(construct, {
    onSynthesize: (session) => onSynthesize(path.join(session.outdir, session.manifest.forStack(stack).workingDirectory)),
  });
}
