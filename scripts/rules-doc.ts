import * as fs from 'fs';
import * as path from 'path';
import { RulePack } from '../lib/rules';
import { renderRulesMarkdown } from '../lib/rules/rules-doc';

fs.writeFileSync(path.join(__dirname, '..', 'RULES.md'), renderRulesMarkdown(RulePack.allRules()));
console.log(`RULES.md: ${RulePack.allRules().length} rules`);
