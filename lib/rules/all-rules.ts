import { IRule } from '../core/rules';

/** Every rule the library ships, collected from the domains, sorted by id. */
export const ALL_RULES: IRule[] = sortRules([]);

function sortRules(rules: IRule[]): IRule[] {
  const key = (id: string) => id.replace(/\d+$/, (n) => n.padStart(4, '0'));
  return [...rules].sort((a, b) => key(a.id).localeCompare(key(b.id)));
}
