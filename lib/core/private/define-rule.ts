import { IConstruct } from 'constructs';
import { IRule, RuleContext, RuleLevel, RuleResult } from '../rules';

/**
 * A rule about one kind of construct: `check` returns the finding (naming the setting and its
 * value) or `undefined` when the construct complies; other constructs are not applicable.
 */
export function defineRule<T extends IConstruct>(
  applies: (node: IConstruct) => node is T,
  id: string,
  level: RuleLevel,
  summary: string,
  explanation: string,
  fix: string,
  check: (node: T, context: RuleContext) => string | undefined,
): IRule {
  return {
    id,
    level,
    summary,
    explanation,
    fix,
    check: (node: IConstruct, context: RuleContext) => {
      if (!applies(node)) return RuleResult.notApplicable();
      const finding = check(node, context);
      return finding === undefined ? RuleResult.compliant() : RuleResult.nonCompliant(finding);
    },
  };
}

/** `defineRule` bound to one kind of construct, for a domain's list of rules. */
export function ruleFor<T extends IConstruct>(applies: (node: IConstruct) => node is T) {
  return (
    id: string,
    level: RuleLevel,
    summary: string,
    explanation: string,
    fix: string,
    check: (node: T, context: RuleContext) => string | undefined,
  ): IRule => defineRule(applies, id, level, summary, explanation, fix, check);
}
