import { App, Testing } from 'cdktf';
import { defineExamples } from '../../stacks/examples';
import { expectTerraformConforms, synthJson } from '../helpers';

describe('example stacks', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const stacks = defineExamples(app);

  test.each(stacks.map((s) => [s.node.id, s] as const))('%s conforms to the provider schemas', (_id, stack) => {
    expectTerraformConforms(synthJson(stack));
  });

  test('synthesis is deterministic', () => {
    const again = defineExamples(new App({ outdir: Testing.app().outdir }));
    stacks.forEach((s, i) => expect(Testing.synth(again[i])).toBe(Testing.synth(s)));
  });
});
