import * as fs from 'fs';
import * as path from 'path';
import { runChecked } from './processes';

/**
 * The Terraform half of a stack, applied with OpenTofu and the providers built from source
 * (`rehearsal/install/go-tools.sh`): the stack's own `cdk.tf.json`, plus an override file that
 * points the providers at the local engines (Terraform merges `*_override.tf.json` into the
 * configuration; the synthesized file is not edited).
 */
export async function applyTerraform(
  tools: string,
  stackDir: string,
  workDir: string,
  providerOverrides: Record<string, any>,
  log: (l: string) => void,
): Promise<void> {
  const tofu = path.join(tools, 'bin', 'tofu');
  if (!fs.existsSync(tofu)) throw new Error(`OpenTofu not found at ${tofu}: run rehearsal/install.sh`);
  fs.mkdirSync(workDir, { recursive: true });
  fs.copyFileSync(path.join(stackDir, 'cdk.tf.json'), path.join(workDir, 'cdk.tf.json'));
  // The state stays in the work directory, wherever the stack's backend would keep it.
  const override = { terraform: { backend: { local: { path: path.join(workDir, 'terraform.tfstate') } } }, provider: providerOverrides };
  fs.writeFileSync(path.join(workDir, 'rehearsal_override.tf.json'), JSON.stringify(override, null, 2) + '\n');
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: path.join(tools, 'tofu.rc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_PLUGIN_CACHE_DIR: '',
  };
  const t0 = Date.now();
  await runChecked('tofu init', tofu, ['init', '-input=false', '-no-color'], { cwd: workDir, env, timeoutMs: 300_000 });
  const out = await runChecked('tofu apply', tofu, ['apply', '-input=false', '-no-color', '-auto-approve'], { cwd: workDir, env, timeoutMs: 600_000 });
  const summary = /Apply complete![^\n]*/.exec(out)?.[0] ?? 'applied';
  log(`tofu: ${summary} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  fs.writeFileSync(path.join(workDir, 'apply.log'), out);
}
