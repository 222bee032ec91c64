import * as fs from 'fs';
import * as path from 'path';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { IRule, RuleLevel, RulePack, RuleResult, RuleSuppressions } from '../../lib';
import { renderRulesMarkdown } from '../../lib/rules/rules-doc';

class Thing extends Construct {
  constructor(scope: Construct, id: string, public readonly replicas: number) {
    super(scope, id);
  }
}

function rule(id: string, level: RuleLevel): IRule {
  return {
    id,
    level,
    summary: 'Things have at least 3 replicas in production',
    explanation: 'One broker loss must not lose data.',
    fix: 'set replicas to 3',
    check: (node: IConstruct, ctx) => {
      if (!(node instanceof Thing)) return RuleResult.notApplicable();
      if (!ctx.production) return RuleResult.notApplicable();
      return node.replicas >= 3 ? RuleResult.compliant() : RuleResult.nonCompliant(`replicas is ${node.replicas}.`);
    },
  };
}

function stackWith(level: RuleLevel, replicas: number) {
  const stack = new TerraformStack(Testing.app(), 'prod');
  const thing = new Thing(stack, 'orders', replicas);
  Aspects.of(stack).add(new RulePack({ rules: [rule('RP-TEST-1', level)] }));
  return { stack, thing };
}

function warnings(node: IConstruct): string[] {
  return node.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}

describe('RulePack', () => {
  test('an ERROR finding fails synth with the rule id, the construct path, the finding and the fix', () => {
    const { stack } = stackWith(RuleLevel.ERROR, 1);
    expect(() => Testing.synth(stack, true)).toThrow(
      /prod\/orders.*\[RP-TEST-1\] Things have at least 3 replicas in production: replicas is 1\. Fix: set replicas to 3/s,
    );
  });

  test('a compliant construct passes', () => {
    const { stack } = stackWith(RuleLevel.ERROR, 3);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('a WARNING finding is an annotation, not a failure, reported once', () => {
    const { stack, thing } = stackWith(RuleLevel.WARNING, 1);
    Testing.synth(stack, true);
    Testing.synth(stack, true);
    expect(warnings(thing)).toHaveLength(1);
    expect(warnings(thing)[0]).toMatch(/^\[RP-TEST-1\]/);
  });

  test('a suppression with a reason silences the finding for the construct and its children', () => {
    const { stack, thing } = stackWith(RuleLevel.ERROR, 1);
    RuleSuppressions.add(stack, [{ id: 'RP-TEST-1', reason: 'dev cluster with a single broker' }]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(warnings(thing)).toEqual([]);
    expect(RuleSuppressions.find(thing, 'RP-TEST-1')?.reason).toBe('dev cluster with a single broker');
  });

  test('a suppression without a real reason is refused', () => {
    const { thing } = stackWith(RuleLevel.ERROR, 1);
    expect(() => RuleSuppressions.add(thing, [{ id: 'RP-TEST-1', reason: 'ok' }])).toThrow(
      /suppression reason for RP-TEST-1 must be an explanation of at least 10 characters/,
    );
  });

  test('production can be turned off per scope', () => {
    const { stack } = stackWith(RuleLevel.ERROR, 1);
    RulePack.setProduction(stack, false);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('rule ids are unique', () => {
    expect(() => new RulePack({ rules: [rule('RP-TEST-1', RuleLevel.ERROR), rule('RP-TEST-1', RuleLevel.WARNING)] })).toThrow(
      /unique ids/,
    );
  });
});

describe('the shipped rules', () => {
  const rules = RulePack.allRules();

  test('have stable, well-formed ids, a summary, an explanation and a fix', () => {
    for (const r of rules) {
      expect(r.id).toMatch(/^RP-[A-Z]+-\d+$/);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.explanation.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(5);
    }
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  test('RULES.md is generated from them and up to date (npx projen rules:doc)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'RULES.md'), 'utf8');
    expect(committed).toBe(renderRulesMarkdown(rules));
  });
});
