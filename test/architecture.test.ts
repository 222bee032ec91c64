import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The library's shape, checked on its sources: imports form no cycle (a cycle makes load order
 * matter and couples two files for every change), and state beyond one construct lives in one
 * home (`lib/core/private/stack-state.ts`).
 */

const LIB = path.join(__dirname, '..', 'lib');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(LIB, 'providers')) out.push(...sources(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

const FILES = sources(LIB);
const rel = (f: string) => path.relative(LIB, f);

/** Relative imports of a file, type-only ones included (they still couple the files). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (target) out.push(target);
  }
  return out;
}

function findCycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!graph.has(g)) continue;
      if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].map(rel));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

describe('library architecture', () => {
  test('the sources were found (the checks below look at something)', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.map(rel)).toContain(path.join('pipeline', 'realtime-pipeline.ts'));
  });

  test('imports form no cycle, type-only imports included', () => {
    expect(findCycles(FILES)).toEqual([]);
  });

  test('the cycle finder finds a cycle (it is not vacuous)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-cycle-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { A } from './a';\nexport type B = A;\n");
    fs.writeFileSync(path.join(dir, 'c.ts'), "import { A } from './a';\nexport type C = A;\n");
    const cycles = findCycles(['a.ts', 'b.ts', 'c.ts'].map((f) => path.join(dir, f)));
    expect(cycles).toHaveLength(1);
    expect(cycles[0].map((f) => path.basename(f))).toEqual(['a.ts', 'b.ts', 'a.ts']);
  });

  test('per-stack and per-scope state lives in core/private/stack-state.ts only', () => {
    const offenders: string[] = [];
    for (const f of FILES) {
      if (rel(f) === path.join('core', 'private', 'stack-state.ts')) continue;
      const text = fs.readFileSync(f, 'utf8');
      // A module-level WeakMap or a property planted on a stack or scope is state with no home.
      if (/^const \w+ = new WeakMap/m.test(text)) offenders.push(`${rel(f)}: module-level WeakMap`);
      if (/\((stack|scope|node|provider|scopes\[i\])( as any)?\)\[(Symbol\.for|[A-Z_]+\])/.test(text)) offenders.push(`${rel(f)}: property planted on a construct`);
    }
    expect(offenders).toEqual([]);
  });
});
