import { Compatibility } from './compatibility';
import { SchemaSubject } from './schema-subject';
import { ruleFor } from '../core/private/define-rule';
import { IRule, RuleLevel } from '../core/rules';

const rule = ruleFor((n): n is SchemaSubject => SchemaSubject.isSchemaSubject(n));

/** The schema-contract footguns, one rule each (ids RP-CONTRACTS-n; listed in RULES.md). */
export const CONTRACTS_RULES: IRule[] = [
  rule(
    'RP-CONTRACTS-1',
    RuleLevel.ERROR,
    'Production subjects have a compatibility level other than NONE.',
    'With NONE the registry accepts any new version: one producer deploy can make every consumer fail to deserialize (or, worse, misread) the topic, and the offline gate is skipped too.',
    'Use Compatibility.BACKWARD (the default) or a stricter level; register a new subject for a deliberate break.',
    (s, ctx) => (ctx.production && s.compatibility === Compatibility.NONE ? `${s.subjectName}: compatibility is NONE` : undefined),
  ),
  rule(
    'RP-CONTRACTS-2',
    RuleLevel.WARNING,
    'Production subjects have committed previous versions for the offline compatibility gate.',
    'Without the registered versions in the repository, synth cannot tell that a change breaks consumers; the registry refuses it only at apply time, after the producer code has shipped.',
    'Commit the registered schema as v1.<ext> (and every later version) in the subject\'s historyDirectory (default schemas/<subject>/).',
    (s, ctx) => (ctx.production && s.previousVersionCount === 0 ? `${s.subjectName}: no committed versions in ${s.historyDirectory}` : undefined),
  ),
];
