import { CDC_RULES } from '../cdc/rules';
import { CONTRACTS_RULES } from '../contracts/rules';
import { IRule } from '../core/rules';
import { FLINK_RULES } from '../flink/rules';
import { KAFKA_RULES } from '../kafka/rules';
import { SLO_RULES } from '../slo/rules';

/** Every rule the library ships, collected from the domains, sorted by id. */
export const ALL_RULES: IRule[] = sortRules([...KAFKA_RULES, ...CONTRACTS_RULES, ...CDC_RULES, ...FLINK_RULES, ...SLO_RULES]);

function sortRules(rules: IRule[]): IRule[] {
  const key = (id: string) => id.replace(/\d+$/, (n) => n.padStart(4, '0'));
  return [...rules].sort((a, b) => key(a.id).localeCompare(key(b.id)));
}
