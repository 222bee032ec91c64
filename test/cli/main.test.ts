import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('realtime-pipeline', () => {
  const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

  test.each([['--version'], ['-V'], ['version']])('%s prints the package version and exits 0', async (flag) => {
    const r = await cli([flag]);
    expect(r).toEqual({ code: 0, out: version, err: '' });
  });

  test('--help names the --version option', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--version/);
  });

  test('slo rules --help exits 0 through the dispatcher', async () => {
    const r = await cli(['slo', 'rules', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/usage: realtime-pipeline slo rules FILE/);
  });

  test('an unknown command still exits 2', async () => {
    expect((await cli(['--versoin'])).code).toBe(2);
  });
});
