import { spawn, spawnSync } from 'child_process';
import { parser } from '@prometheus-io/lezer-promql';
import { PrometheusRuleGroup } from '../../lib';

/** Syntax errors lezer-promql finds in an expression (empty when it parses). */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.to + 20))}`);
    },
  });
  return errors;
}

/** Every expression of the groups that does not parse, with the rule it belongs to. */
export function unparsableExpressions(groups: PrometheusRuleGroup[]): string[] {
  return groups.flatMap((g) =>
    g.rules.flatMap((r) => promqlErrors(r.expr).map((e) => `${g.name}/${r.record ?? r.alert}: ${e}`)),
  );
}

/** Run promtool; returns exit status and combined output. */
export function promtool(tool: string, args: string[], cwd?: string): { status: number; output: string } {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Run promtool without blocking, so two runs can share the two cores. */
export function promtoolAsync(tool: string, args: string[], cwd?: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(tool, args, { cwd });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolve({ status: status ?? -1, output }));
  });
}
