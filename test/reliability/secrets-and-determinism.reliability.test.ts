import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import fc from 'fast-check';
import { expectConformingOutput, params, STACK_ID } from './harness';
import { buildPipeline, pipelineDef, terraformSecretNames } from './pipelines';

/** Every file a full synth writes (Terraform JSON, GitOps manifests, setup SQL, schema artifacts). */
function synthToFiles(build: (stack: TerraformStack) => void): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-reliability-full-'));
  try {
    const app: App = Testing.app({ outdir });
    const stack = new TerraformStack(app, STACK_ID);
    build(stack);
    app.synth();
    const files = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.set(path.relative(outdir, full), fs.readFileSync(full, 'utf8'));
      }
    };
    walk(outdir);
    return files;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function stackJson(files: Map<string, string>): string {
  const text = files.get(path.join('stacks', STACK_ID, 'cdk.tf.json'));
  if (text === undefined) throw new Error(`no cdk.tf.json among ${[...files.keys()].join(', ')}`);
  return text;
}

describe('Secrets and determinism over generated whole pipelines', () => {
  test('a planted secret value set only as TF_VAR_<name> of a referenced secret never appears in any synthesized file', () => {
    fc.assert(
      fc.property(pipelineDef, (d) => {
        const planted = `planted-${randomBytes(12).toString('hex')}`;
        const names = terraformSecretNames(d);
        const saved = names.map((n) => [n, process.env[`TF_VAR_${n}`]] as const);
        try {
          for (const n of names) process.env[`TF_VAR_${n}`] = planted;
          const files = synthToFiles((stack) => buildPipeline(stack, d));
          const { tf } = expectConformingOutput(stackJson(files));
          const leaks = [...files].filter(([, text]) => text.includes(planted)).map(([file]) => file);
          expect(leaks).toEqual([]);
          // The references are there instead, as sensitive variables read at apply time.
          const variables = Object.entries<any>(tf.variable ?? {});
          expect(variables.length).toBeGreaterThan(0);
          for (const [name, v] of variables) expect({ name, sensitive: v.sensitive }).toEqual({ name, sensitive: true });
        } finally {
          for (const [n, v] of saved) {
            if (v === undefined) delete process.env[`TF_VAR_${n}`];
            else process.env[`TF_VAR_${n}`] = v;
          }
        }
      }),
      params(40),
    );
  }, 120_000);

  test('the same generated pipeline synthesized in two fresh Apps gives byte-identical files (Terraform JSON, manifests, artifacts)', () => {
    fc.assert(
      fc.property(pipelineDef, (d) => {
        const first = synthToFiles((stack) => buildPipeline(stack, d));
        const second = synthToFiles((stack) => buildPipeline(stack, d));
        expect([...second.keys()]).toEqual([...first.keys()]);
        for (const [file, text] of first) expect({ file, text: second.get(file) }).toEqual({ file, text });
      }),
      params(25),
    );
  }, 120_000);
});
