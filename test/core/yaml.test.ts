import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { emitYaml, toYaml } from '../../lib/core/private/yaml';

describe('emitYaml', () => {
  test('writes Kubernetes-style YAML with the leading keys first and literal blocks', () => {
    const text = toYaml({
      spec: { b: 1, a: [{ name: 'x', value: 'true' }, 'plain'] },
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'm', annotations: { 'argocd.argoproj.io/sync-wave': '3' } },
      data: { 'job.sql': 'SELECT 1;\nSELECT 2;\n' },
    });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  annotations:',
        '    argocd.argoproj.io/sync-wave: "3"',
        '  name: m',
        'spec:',
        '  a:',
        '    - name: x',
        '      value: "true"',
        '    - plain',
        '  b: 1',
        'data:',
        '  job.sql: |',
        '    SELECT 1;',
        '    SELECT 2;',
        '',
      ].join('\n'),
    );
  });

  test('round-trips arbitrary JSON data through a real YAML parser', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'binary' }),
        fc.constantFrom('true', 'no', '1.5', '- a', 'a: b', '#x', ' lead', 'x\n', 'a\n\nb\n\n', '', 'null', '~', '@x', '"q"', "it's"),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        const normalized = JSON.parse(JSON.stringify(v) ?? 'null');
        expect(parse(emitYaml(normalized))).toEqual(normalized);
      }),
      { numRuns: 500 },
    );
  });

  test('is byte-compatible in meaning with the yaml library on a rules file', () => {
    const groups = { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'sum(rate(x[5m])) > 0.1', for: '5m', labels: { severity: 'page' } }] }] };
    expect(parse(emitYaml(groups))).toEqual(parse(stringify(groups)));
  });
});
