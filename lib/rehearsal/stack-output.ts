import * as fs from 'fs';
import * as path from 'path';
import type * as Yaml from 'yaml';

/** A Kubernetes object as the stack emitted it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec?: any;
  readonly data?: Record<string, string>;
  /** Where it came from: a manifest file, or a `kubernetes_manifest` resource address. */
  readonly source: string;
}

/** What one synthesized stack holds, read the way the operators and Terraform would read it. */
export interface StackOutput {
  readonly name: string;
  readonly dir: string;
  /** The Terraform JSON (`cdk.tf.json`). */
  readonly terraform: any;
  /** Every Kubernetes object: GitOps manifest files, or `kubernetes_manifest` bodies. */
  readonly objects: KubeObject[];
  /** Plain Prometheus rule files (`prometheus/*.rules.yaml`). */
  readonly ruleFiles: string[];
  /** Source-database setup SQL per connector (`cdc/<connector>-setup.sql`). */
  readonly setupSql: Map<string, string>;
}

let yamlModule: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlModule ??= require('yaml') as typeof Yaml);
}

/** Parse every document of a YAML text. */
export function parseYamlDocuments(text: string): any[] {
  return yaml()
    .parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d !== null && d !== undefined);
}

/** Read `cdktf.out/stacks/<name>` (or any directory with a `cdk.tf.json`). */
export function readStackOutput(dir: string): StackOutput {
  const tfFile = path.join(dir, 'cdk.tf.json');
  if (!fs.existsSync(tfFile)) {
    throw new Error(`${dir} holds no cdk.tf.json: synthesize first (npx cdktf synth) and name a stack under cdktf.out/stacks/`);
  }
  const terraform = JSON.parse(fs.readFileSync(tfFile, 'utf8'));
  const objects: KubeObject[] = [];
  const manifests = path.join(dir, 'manifests');
  if (fs.existsSync(manifests)) {
    for (const file of fs.readdirSync(manifests).sort()) {
      if (!file.endsWith('.yaml') || file === 'kustomization.yaml') continue;
      for (const doc of parseYamlDocuments(fs.readFileSync(path.join(manifests, file), 'utf8'))) {
        objects.push({ ...doc, source: `manifests/${file}` });
      }
    }
  }
  const km = terraform.resource?.kubernetes_manifest ?? {};
  for (const id of Object.keys(km).sort()) {
    objects.push({ ...km[id].manifest, source: `kubernetes_manifest.${id}` });
  }
  const promDir = path.join(dir, 'prometheus');
  const ruleFiles = fs.existsSync(promDir)
    ? fs
      .readdirSync(promDir)
      .filter((f) => f.endsWith('.rules.yaml'))
      .sort()
      .map((f) => path.join(promDir, f))
    : [];
  const setupSql = new Map<string, string>();
  const cdcDir = path.join(dir, 'cdc');
  if (fs.existsSync(cdcDir)) {
    for (const f of fs.readdirSync(cdcDir).sort()) {
      const m = /^(.*)-setup\.sql$/.exec(f);
      if (m) setupSql.set(m[1], fs.readFileSync(path.join(cdcDir, f), 'utf8'));
    }
  }
  return { name: path.basename(dir), dir, terraform, objects, ruleFiles, setupSql };
}

/** The objects of one kind. */
export function objectsOfKind(out: StackOutput, kind: string): KubeObject[] {
  return out.objects.filter((o) => o.kind === kind);
}
