import { IConstruct } from 'constructs';
import { ValidationError } from '../core/private/validation-error';

/** One suppressed rule, with the reason a reviewer can read. */
export interface RuleSuppression {
  /** Rule id, e.g. `RP-KAFKA-1`. */
  readonly id: string;
  /** Why the finding is acceptable here (at least 10 characters). */
  readonly reason: string;
}

const METADATA_TYPE = 'cdktf-realtime-pipeline:rule-suppressions';

/**
 * Suppress rule-pack findings on a construct and everything below it. Every suppression needs a
 * reason; it is recorded in the construct's metadata, so it shows up in reviews of the definition.
 */
export class RuleSuppressions {
  /** Suppress rules on `scope` and its children. */
  public static add(scope: IConstruct, suppressions: RuleSuppression[]): void {
    for (const s of suppressions) {
      if (typeof s.id !== 'string' || !/^RP-[A-Z]+-\d+$/.test(s.id)) {
        throw ValidationError.of(scope, 'suppression id', 'a rule id like RP-KAFKA-1', s.id);
      }
      if (typeof s.reason !== 'string' || s.reason.trim().length < 10) {
        throw ValidationError.of(
          scope,
          `suppression reason for ${s.id}`,
          'an explanation of at least 10 characters',
          s.reason,
          'say why the finding is acceptable for this construct',
        );
      }
    }
    scope.node.addMetadata(METADATA_TYPE, suppressions.map((s) => ({ id: s.id, reason: s.reason.trim() })));
  }

  /** The suppression in force for a rule on a construct (its own or an ancestor's), if any. */
  public static find(node: IConstruct, ruleId: string): RuleSuppression | undefined {
    for (const scope of [...node.node.scopes].reverse()) {
      for (const entry of scope.node.metadata) {
        if (entry.type !== METADATA_TYPE) continue;
        const hit = (entry.data as RuleSuppression[]).find((s) => s.id === ruleId);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  private constructor() {}
}
