import { IConstruct } from 'constructs';
import { IRule, RuleContext, RuleLevel, RuleResult } from '../rules';

/**
 * A rule about one kind of construct: `check` returns the finding (naming the setting and its
 * value), `undefined` when the construct complies, or a `RuleResult` (e.g. not applicable in
 * development); other constructs are not applicable. The one way every domain defines its rules.
 */
export function defineRule<T extends IConstruct>(
  applies: (node: IConstruct) => node is T,
  id: string,
  level: RuleLevel,
  summary: string,
  explanation: string,
  fix: string,
  check: (node: T, context: RuleContext) => RuleResult | string | undefined,
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
      if (finding instanceof RuleResult) return finding;
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
    check: (node: T, context: RuleContext) => RuleResult | string | undefined,
  ): IRule => defineRule(applies, id, level, summary, explanation, fix, check);
}
