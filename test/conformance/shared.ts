import * as fs from 'fs';
import * as path from 'path';

/**
 * Where the read-only shared folder (CRDs) lives: `../shared` beside the repository, or
 * `REALTIME_PIPELINE_SHARED`. CI always has it; a developer machine may not.
 */
export const SHARED_DIR = process.env.REALTIME_PIPELINE_SHARED ?? path.resolve(__dirname, '..', '..', '..', 'shared');
export const CRD_DIR = path.join(SHARED_DIR, 'crds');

export function crdsAvailable(): boolean {
  return fs.existsSync(CRD_DIR);
}

/**
 * Whether a test should also validate against the CRDs: yes where they are; where they are not,
 * no — except in CI (`REALTIME_PIPELINE_REQUIRE_TOOLS=1`), which fails instead of passing unchecked.
 */
export function validateWithCrds(): boolean {
  if (crdsAvailable()) return true;
  if (process.env.REALTIME_PIPELINE_REQUIRE_TOOLS === '1') {
    throw new Error(`upstream CRDs not found at ${CRD_DIR} (the read-only ../shared/crds beside the clone, or REALTIME_PIPELINE_SHARED); CI requires them`);
  }
  return false;
}

/**
 * `describe` for suites that need the upstream CRDs. Without them the suite is skipped with a title
 * that says why; CI runs with ../shared beside the clone, so it never skips there.
 */
export function describeWithCrds(name: string, fn: () => void) {
  if (crdsAvailable()) {
    describe(name, fn);
  } else if (process.env.REALTIME_PIPELINE_REQUIRE_TOOLS === '1') {
    // CI: the CRDs must be there; a suite that skips would pass whatever the manifests hold.
    describe(name, () => {
      test('needs the upstream CRDs', () => {
        throw new Error(`upstream CRDs not found at ${CRD_DIR} (the read-only ../shared/crds beside the clone, or REALTIME_PIPELINE_SHARED); CI requires them`);
      });
    });
  } else {
    // The suite body is not even collected: it may read the CRDs while it is being defined.
    describe(`${name} [skipped: upstream CRDs not found at ${CRD_DIR} (../shared/crds beside the clone); set REALTIME_PIPELINE_SHARED]`, () => {
      test.skip('needs the upstream CRDs', () => undefined);
    });
  }
}

/** Absolute path of a command-line tool on PATH or in `.tools/bin` (installed by `.ci/install-tools`). */
export function findTool(name: string): string | undefined {
  const dirs = [path.resolve(__dirname, '..', '..', '.tools', 'bin'), ...(process.env.PATH ?? '').split(path.delimiter)];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * `describe` for suites that need an external tool (promtool, initdb, mariadbd, …). Without the tool
 * the suite is skipped with a title that says why and how to get it — except in CI
 * (`REALTIME_PIPELINE_REQUIRE_TOOLS=1`, set by `.ci/run`), where a missing tool fails the suite.
 */
export function describeWithTool(tool: string, installHint: string, name: string, fn: (toolPath: string) => void) {
  const found = findTool(tool);
  if (found) {
    describe(name, () => fn(found));
  } else if (process.env.REALTIME_PIPELINE_REQUIRE_TOOLS === '1') {
    describe(name, () => {
      test(`needs ${tool}`, () => {
        throw new Error(`${tool} not found on PATH or in .tools/bin (${installHint}); CI requires it`);
      });
    });
  } else {
    describe(`${name} [skipped: ${tool} not found; ${installHint}]`, () => {
      test.skip(`needs ${tool}`, () => undefined);
    });
  }
}
