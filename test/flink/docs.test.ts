import * as fs from 'fs';
import * as path from 'path';
import { ExpectationKind } from '../../lib';
import { EXPECTATION_CODES } from '../../lib/flink/expectation';
import { FLINK_RULES } from '../../lib/flink/rules';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'flink.md'), 'utf8');

test('docs/flink.md lists every expectation error code exactly once, in one table', () => {
  expect(EXPECTATION_CODES.map(([, code]) => code)).toEqual([
    'DQ001_NOT_NULL', 'DQ002_BETWEEN', 'DQ003_IN_SET', 'DQ004_MATCHES', 'DQ005_REFERENCES', 'DQ006_FRESHNESS',
  ]);
  expect(EXPECTATION_CODES.map(([kind]) => kind)).toEqual(Object.values(ExpectationKind));
  const rows = doc.split('\n').filter((l) => /^\| `DQ\d{3}_/.test(l));
  expect(rows.map((r) => r.match(/`(DQ\d{3}_[A-Z_]+)`/)![1])).toEqual(EXPECTATION_CODES.map(([, code]) => code));
});

test('docs/flink.md lists every rule id', () => {
  for (const r of FLINK_RULES) expect(doc).toContain(`| ${r.id} |`);
});
