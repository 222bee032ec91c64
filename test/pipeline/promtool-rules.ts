import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { promtool } from '../slo/validators';

/**
 * Run `promtool test rules` suites (1-minute evaluation) against a rules file; `promtool`'s output
 * when a suite fails, so the test shows which sample differed.
 */
export function expectPromtoolTestsPass(tool: string, rulesYaml: string, tests: unknown[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-rules-'));
  fs.writeFileSync(path.join(dir, 'rules.yaml'), rulesYaml);
  fs.writeFileSync(path.join(dir, 'test.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
  const result = promtool(tool, ['test', 'rules', 'test.yaml'], dir);
  expect(result.output).toContain('SUCCESS');
  expect(result.status).toBe(0);
}
