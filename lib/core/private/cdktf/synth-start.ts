import { Aspects } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * cdktf hook: running code at synth, once the user's definition is complete, through an aspect
 * that may create constructs.
 *
 * Relies on (cdktf's `invokeAspects`, whose behaviour is not documented API):
 * - every synth (`app.synth()`, `Testing.synth`, `Testing.fullSynth`) invokes the stack's aspects
 *   once, each aspect visiting each construct at most once, before validations and before the
 *   stack is resolved for writing;
 * - constructs an aspect creates during the walk are synthesized (their custom synthesis
 *   included), and those created below the visited construct are visited by the aspects above
 *   them (the rule pack on the stack).
 *
 * `app.synth()` resolves every stack once in "preparing" mode, to create cross-stack references,
 * before it invokes aspects: what the callback creates must not reference another stack.
 *
 * Checked on cdktf 0.21.0. Guarded by `test/core/cdktf-contract.test.ts`
 * ("lib/core/private/cdktf/synth-start.ts").
 */

/**
 * Run `callback` at the start of every synth of the stack of `construct`, once the definition is
 * complete: before validation, and before anything is written. Constructs it creates below
 * `construct` are synthesized and checked like any other. It must not add aspects (cdktf skips an
 * aspect added while aspects run).
 */
export function atSynthStart(construct: IConstruct, callback: () => void): void {
  Aspects.of(construct).add({
    visit: (node: IConstruct) => {
      if (node === construct) callback();
    },
  });
}
