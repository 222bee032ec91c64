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
 * `describe` for suites that need the upstream CRDs. Without them the suite is skipped with a title
 * that says why; CI runs with ../shared beside the clone, so it never skips there.
 */
export const describeWithCrds: jest.Describe = crdsAvailable()
  ? describe
  : (Object.assign(
    (name: string, fn: () => void) =>
      describe.skip(`${name} [skipped: CRDs not found at ${CRD_DIR}; set REALTIME_PIPELINE_SHARED]`, fn),
    describe,
  ) as jest.Describe);
