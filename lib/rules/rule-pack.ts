import { Annotations, IAspect } from 'cdktf';
import { IConstruct } from 'constructs';
import { ALL_RULES } from './all-rules';
import { RuleSuppressions } from './suppressions';
import { findScoped, setScoped } from '../core/private/stack-state';
import { ValidationError } from '../core/private/validation-error';
import { IRule, RuleContext, RuleLevel } from '../core/rules';

/** Props of `RulePack`. */
export interface RulePackProps {
  /**
   * The rules to apply.
   * @default RulePack.allRules()
   */
  readonly rules?: IRule[];
  /**
   * Whether constructs are in production unless a scope says otherwise with
   * `RulePack.setProduction()`. Durability rules (replication, compatibility NONE, …) only fire
   * in production.
   * @default true
   */
  readonly production?: boolean;
}

/**
 * The field's footguns as a cdktf Aspect, cdk-nag style: every rule has a stable id, a level, an
 * explanation and a fix. ERROR findings fail synth (as validations naming the construct path);
 * WARNING findings are printed as warning annotations. Suppress per construct with a reason via
 * `RuleSuppressions.add()`. `RULES.md` lists every rule.
 *
 * `Aspects.of(app).add(new RulePack())` — `RealtimePipeline` adds one to its stack by default.
 */
export class RulePack implements IAspect {
  /** Every rule the library ships, in id order. */
  public static allRules(): IRule[] {
    return [...ALL_RULES];
  }

  /** Mark a scope (a pipeline, a stack) as production or not for the rules. */
  public static setProduction(scope: IConstruct, production: boolean): void {
    setScoped(scope, 'production', production);
  }

  /** Whether a construct is in production, as the rules see it. */
  public static isProduction(node: IConstruct, fallback = true): boolean {
    return findScoped<boolean>(node, 'production') ?? fallback;
  }

  /** The rules this pack applies. */
  public readonly rules: IRule[];
  private readonly production: boolean;
  private readonly visited = new WeakSet<IConstruct>();

  constructor(props: RulePackProps = {}) {
    this.rules = props.rules ?? RulePack.allRules();
    this.production = props.production ?? true;
    const ids = new Set<string>();
    for (const r of this.rules) {
      if (ids.has(r.id)) throw ValidationError.of('RulePack', 'rules', 'rules with unique ids', r.id);
      ids.add(r.id);
    }
  }

  public visit(node: IConstruct): void {
    // cdktf may invoke aspects more than once (Testing.synth, then app.synth): report once.
    if (this.visited.has(node)) return;
    this.visited.add(node);
    // Most constructs meet no rule that asks: look the environment up only when one does.
    let production: boolean | undefined;
    const fallback = this.production;
    const context: RuleContext = {
      get production() {
        return (production ??= RulePack.isProduction(node, fallback));
      },
    };
    for (const rule of this.rules) {
      const result = rule.check(node, context);
      if (!result.isNonCompliant) continue;
      // A suppression and its reason live in the construct metadata of the scope that declared it.
      if (RuleSuppressions.find(node, rule.id)) continue;
      const message = `[${rule.id}] ${rule.summary}: ${result.finding} Fix: ${rule.fix} (suppress with RuleSuppressions.add(construct, [{ id: '${rule.id}', reason }]))`;
      if (rule.level === RuleLevel.ERROR) {
        node.node.addValidation({ validate: () => [message] });
      } else {
        Annotations.of(node).addWarning(message);
      }
    }
  }
}
