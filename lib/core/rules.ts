import { IConstruct } from 'constructs';

/** How serious a rule's finding is. */
export enum RuleLevel {
  /** Synth fails. */
  ERROR = 'error',
  /** Synth succeeds; the finding is printed as a warning annotation. */
  WARNING = 'warning',
}

/** The facts a rule may depend on besides the construct itself. */
export interface RuleContext {
  /**
   * Whether the construct belongs to a production environment. Rules about durability
   * (replication, compatibility NONE, …) only fire in production.
   */
  readonly production: boolean;
}

/** What one rule says about one construct. */
export class RuleResult {
  /** The construct follows the rule. */
  public static compliant(): RuleResult {
    return new RuleResult(false, true);
  }
  /** The rule does not apply to this construct. */
  public static notApplicable(): RuleResult {
    return new RuleResult(false, false);
  }
  /** The construct breaks the rule; `finding` says how, naming the setting and its value. */
  public static nonCompliant(finding: string): RuleResult {
    return new RuleResult(true, true, finding);
  }

  private constructor(
    /** True when the construct breaks the rule. */
    public readonly isNonCompliant: boolean,
    /** True when the rule applies to the construct. */
    public readonly applicable: boolean,
    /** How the construct breaks the rule. */
    public readonly finding?: string,
  ) {}
}

/**
 * One check of the rule pack (cdk-nag style): a stable id, a level, an explanation and a fix, and
 * a pure function from a construct to a result. The ids are listed in RULES.md.
 */
export interface IRule {
  /** Stable id, e.g. `RP-KAFKA-1`. Never reused for another meaning. */
  readonly id: string;
  /** Level of a finding. */
  readonly level: RuleLevel;
  /** One line: what the rule wants. */
  readonly summary: string;
  /** Why it matters (what goes wrong in the field). */
  readonly explanation: string;
  /** What to change. */
  readonly fix: string;
  /** Check one construct. Returns `RuleResult.notApplicable()` for constructs the rule is not about. */
  check(node: IConstruct, context: RuleContext): RuleResult;
}
