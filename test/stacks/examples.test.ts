import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { FlinkSQL } from 'dt-sql-parser';
import { parse, parseAllDocuments } from 'yaml';
import { FlinkSqlJob } from '../../lib';
import { defineExamples } from '../../stacks/examples';
import { CrdValidator } from '../conformance/crd-validator';
import { crdsAvailable, describeWithCrds, describeWithTool } from '../conformance/shared';
import { TerraformSchemaChecker } from '../conformance/terraform-schema';
import { kubernetesManifests, TYPES_CHECKED_ELSEWHERE } from '../helpers';

/** Synthesize the example app to disk, as `cdktf synth` does, with its own lock directory. */
function synthExamples(env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
    const locks = path.join(root, 'locks');
    fs.cpSync(path.join(__dirname, '..', '..', 'pipeline-locks'), locks, { recursive: true });
    const app = new App({ outdir: path.join(root, 'out') });
    const stacks = defineExamples(app, { lockDirectory: locks });
    app.synth();
    return { app, stacks, outdir: path.join(root, 'out'), locks };
  } finally {
    process.env = saved;
  }
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const first = synthExamples();
const output = files(path.join(first.outdir, 'stacks'));
const stackNames = first.stacks.map((s) => s.node.id);
const tfOf = (stack: string) => JSON.parse(output[`${stack}/cdk.tf.json`]);

/** Every Kubernetes resource an example produces: Terraform manifests and GitOps files. */
function allManifests(): Array<[string, any]> {
  const out: Array<[string, any]> = [];
  for (const stack of stackNames) {
    for (const m of kubernetesManifests(tfOf(stack))) out.push([`${stack} (terraform)`, m]);
  }
  for (const [file, text] of Object.entries(output)) {
    if (/\/manifests\/.*\.yaml$/.test(file) && !file.endsWith('kustomization.yaml')) out.push([file, parse(text)]);
    if (file.endsWith('argocd-application.yaml')) out.push([file, parse(text)]);
  }
  return out;
}

describe('example stacks', () => {
  test('are the retail (and its Postgres variant), payments and platform examples', () => {
    expect(stackNames).toEqual(['retail-inventory-prod', 'logistics-shipments-prod', 'payments-fraud-prod', 'platform-topics']);
  });

  test.each(stackNames)('%s conforms to the provider schemas', (stack) => {
    const violations = TerraformSchemaChecker.forProjectProviders().check(tfOf(stack), { allowTypesWithoutSchema: TYPES_CHECKED_ELSEWHERE });
    expect(violations.map((v) => `${v.address}: ${v.message}`)).toEqual([]);
  });

  test('the retail example is delivered by GitOps: manifests, kustomization and Application', () => {
    const dir = 'retail-inventory-prod/manifests';
    const names = Object.keys(output).filter((f) => f.startsWith(dir)).map((f) => path.basename(f));
    expect(names).toEqual(
      expect.arrayContaining([
        '01-kafkaconnect-streaming-retail-connect.yaml',
        '03-kafkaconnector-streaming-inventory-store.yaml',
        '04-flinkdeployment-streaming-inventory-orders-latest.yaml',
        '00-prometheusrule-streaming-inventory-slos.yaml',
        '00-podmonitor-streaming-inventory-flink.yaml',
        '00-podmonitor-streaming-retail-connect-metrics.yaml',
        'kustomization.yaml',
      ]),
    );
    expect(tfOf('retail-inventory-prod').resource.kubernetes_manifest).toBeUndefined();
    expect(output['retail-inventory-prod/argocd-application.yaml']).toContain('path: deploy/retail-inventory-prod');
  });

  test('the payments example runs on Confluent Cloud: a managed connector, Flink statements, subjects', () => {
    const tf = tfOf('payments-fraud-prod');
    expect(Object.keys(tf.resource)).toEqual(
      expect.arrayContaining(['confluent_connector', 'confluent_flink_statement', 'confluent_kafka_topic', 'confluent_schema', 'confluent_subject_config']),
    );
    const connector = Object.values<any>(tf.resource.confluent_connector)[0];
    expect(connector.config_nonsensitive['connector.class']).toBe('PostgresCdcSourceV2');
    expect(Object.values<any>(tf.resource.confluent_subject_config).map((c) => c.compatibility_level)).toContain('BACKWARD');
  });

  test('synthesizing twice gives byte-identical files, and matches the committed lock files', () => {
    expect(files(path.join(synthExamples().outdir, 'stacks'))).toEqual(output);
    const committed = path.join(__dirname, '..', '..', 'pipeline-locks');
    expect(files(first.locks)).toEqual(files(committed));
  });

  test('no secret value ever reaches the output', () => {
    const variables = new Set<string>();
    for (const stack of stackNames) for (const v of Object.keys(tfOf(stack).variable ?? {})) variables.add(v);
    expect(variables.size).toBeGreaterThan(5);
    const planted = Object.fromEntries([...variables].map((v, i) => [`TF_VAR_${v}`, `planted-secret-${i}-7f3a9c`]));
    const leaked = files(path.join(synthExamples(planted).outdir, 'stacks'));
    for (const [file, text] of Object.entries(leaked)) expect([file, text.includes('planted-secret-')]).toEqual([file, false]);
    for (const stack of stackNames) {
      for (const v of Object.values<any>(tfOf(stack).variable ?? {})) expect(v.sensitive).toBe(true);
    }
  });

  test('the output holds no undefined, NaN or [object Object]', () => {
    for (const [file, text] of Object.entries(output)) {
      expect([file, /\bundefined\b|\bNaN\b|\[object Object\]/.test(text)]).toEqual([file, false]);
    }
  });

  test('every Flink SQL script and statement parses with the Flink SQL grammar', () => {
    const parser = new FlinkSQL();
    const jobs = first.stacks.flatMap((s) => s.node.findAll().filter((c): c is FlinkSqlJob => c instanceof FlinkSqlJob));
    expect(jobs.length).toBe(4);
    // dt-sql-parser's grammar has no `ALTER TABLE … ADD (…)` / `MODIFY WATERMARK` (the forms that
    // shape a Confluent Cloud table over a Terraform topic; Flink 1.20.3 accepts the ADD form, see
    // test/flink/deploy-options.test.ts): those statements are checked there, not here.
    const grammarKnows = (sql: string) => !/^ALTER TABLE \S+ (ADD \(|MODIFY WATERMARK )/.test(sql.trim());
    let checked = 0;
    for (const job of jobs) {
      // A Confluent Cloud job runs statement by statement: its script is only their concatenation.
      const statements = [...job.model.ddlStatements, job.model.dmlStatement];
      const texts = job.confluentStatements.length > 0 ? statements : [job.model.script, ...statements];
      for (const sql of texts.filter(grammarKnows)) {
        checked++;
        expect([job.jobName, parser.validate(sql).map((e) => e.message)]).toEqual([job.jobName, []]);
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describeWithCrds('example manifests (strict CRD validation)', () => {
  test('every custom resource, including the Argo CD Application, validates against its CRD', () => {
    const validator = CrdValidator.shared();
    const custom = allManifests().filter(([, m]) => !['v1', 'rbac.authorization.k8s.io/v1'].includes(m.apiVersion));
    expect(custom.map(([, m]) => m.kind)).toEqual(
      expect.arrayContaining(['KafkaConnect', 'KafkaConnector', 'FlinkDeployment', 'PrometheusRule', 'Application']),
    );
    for (const [where, m] of custom) {
      expect([where, validator.validate(m).map((v) => `${v.path}: ${v.message}`)]).toEqual([where, []]);
    }
    expect(crdsAvailable()).toBe(true);
  });
});

describeWithTool('promtool', 'run `bash .ci/install-tools`', 'example Prometheus rules (promtool)', (promtool) => {
  test('every generated rules file passes promtool check rules', () => {
    const ruleFiles = Object.keys(output).filter((f) => f.endsWith('.rules.yaml'));
    expect(ruleFiles.length).toBe(3);
    const paths = ruleFiles.map((f) => path.join(first.outdir, 'stacks', f));
    const result = execFileSync(promtool, ['check', 'rules', ...paths], { encoding: 'utf8' });
    expect(result).toMatch(/SUCCESS/);
    for (const f of ruleFiles) expect(parseAllDocuments(output[f]).length).toBe(1);
  });
});

test('Testing.synth of every example runs the validations and the rule pack without errors', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'examples-validate-')) });
  const locks = fs.mkdtempSync(path.join(os.tmpdir(), 'locks-'));
  for (const stack of defineExamples(app, { lockDirectory: locks })) {
    expect(() => Testing.synth(stack as TerraformStack, true)).not.toThrow();
  }
});
