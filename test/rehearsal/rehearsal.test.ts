import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { summaryLine } from '../../lib/cli/rehearse-command';
import { localSecretPlaceholders, LocalConnect } from '../../lib/rehearsal/connect';
import { missingEngines } from '../../lib/rehearsal/engines';
import { jobScript } from '../../lib/rehearsal/flink';
import { TopicRecord } from '../../lib/rehearsal/kafka';
import { freePorts } from '../../lib/rehearsal/processes';
import { clusterAddresses, compareLatest, deadLetterCodes, parseAlertMatcher, percentile, sourceGroups } from '../../lib/rehearsal/rehearse';
import { checkScenario } from '../../lib/rehearsal/scenario';
import { objectsOfKind, readStackOutput } from '../../lib/rehearsal/stack-output';
import { defineExamples } from '../../stacks/examples';

/** The rehearsal's reading of a synthesized stack and its checks, without the engines (test/e2e runs those). */
let outdir: string;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-unit-'));
  const locks = path.join(outdir, 'locks');
  fs.cpSync(path.join(__dirname, '..', '..', 'pipeline-locks'), locks, { recursive: true });
  const app = new App({ outdir });
  defineExamples(app, { lockDirectory: locks });
  app.synth();
});

const rec = (key: string | null, value: string | null, headers: Record<string, string> = {}): TopicRecord => ({ key, value, headers, seenAt: 0 });

describe('reading a synthesized stack as the operators would', () => {
  test('finds the FlinkDeployment script through the pod template: the ConfigMap key mounted at job.args[0]', () => {
    const out = readStackOutput(path.join(outdir, 'stacks', 'retail-inventory-prod'));
    const [deployment] = objectsOfKind(out, 'FlinkDeployment');
    const { script, configMap } = jobScript(deployment, out.objects);
    expect(configMap).toBe('inventory-orders-latest-sql');
    expect(script).toContain('EXECUTE STATEMENT SET');
    expect(deployment.spec.job.jarURI).toBe('local:///opt/flink/usrlib/sql-runner.jar');
  });

  test('finds the consumer group and topic of each Kafka source the script reads (not its upsert sinks)', () => {
    const out = readStackOutput(path.join(outdir, 'stacks', 'retail-inventory-prod'));
    const [deployment] = objectsOfKind(out, 'FlinkDeployment');
    expect(sourceGroups(jobScript(deployment, out.objects).script)).toEqual([['inventory-orders-latest', 'store.store.orders']]);
  });

  test('refuses a deployment whose script is not mounted, naming the path', () => {
    const out = readStackOutput(path.join(outdir, 'stacks', 'retail-inventory-prod'));
    const [deployment] = objectsOfKind(out, 'FlinkDeployment');
    const moved = { ...deployment, spec: { ...deployment.spec, job: { ...deployment.spec.job, args: ['/elsewhere/job.sql'] } } };
    expect(() => jobScript(moved, out.objects)).toThrow(/no volume of the pod template is mounted at \/elsewhere\/job.sql/);
  });

  test('collects every name the stack uses for the Kafka cluster, longest first, so lists are replaced before their members', () => {
    const out = readStackOutput(path.join(outdir, 'stacks', 'retail-inventory-prod'));
    expect(clusterAddresses(out)).toEqual(['retail-kafka-bootstrap.streaming:9092']);
  });

  test('reads the KafkaConnect metrics rules, setup SQL and rule files the rehearsal applies', () => {
    const out = readStackOutput(path.join(outdir, 'stacks', 'logistics-shipments-prod'));
    const [connect] = objectsOfKind(out, 'KafkaConnect');
    expect(connect.spec.metricsConfig.valueFrom.configMapKeyRef.name).toBe('logistics-connect-metrics');
    expect(out.setupSql.get('logistics-shipping')).toContain('ALTER TABLE public.shipments REPLICA IDENTITY FULL;');
    expect(out.ruleFiles.map((f) => path.basename(f))).toEqual(['logistics-slos.rules.yaml']);
  });

  test('a directory without cdk.tf.json is refused with what to do', () => {
    expect(() => readStackOutput(outdir)).toThrow(/holds no cdk.tf.json: synthesize first/);
  });
});

describe('ports for the engines', () => {
  test('are distinct and below the ephemeral range, so a process binding port 0 cannot take one first', async () => {
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    const range = fs.existsSync('/proc/sys/net/ipv4/ip_local_port_range')
      ? Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
      : 49152;
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(1024);
      expect(p).toBeLessThan(range);
    }
  });
});

describe('checks', () => {
  test('an upsert topic holds exactly the expected rows: the last record per key wins, a tombstone deletes', () => {
    const records = [
      rec('{"id":1}', '{"id":1,"status":"NEW"}'),
      rec('{"id":2}', '{"id":2,"status":"NEW"}'),
      rec('{"id":1}', '{"id":1,"status":"PAID","amount":12}'),
      rec('{"id":2}', null),
    ];
    expect(compareLatest(records, ['id'], [{ id: 1, status: 'PAID', amount: 12.0 }])).toBe('');
    expect(compareLatest(records, ['id'], [{ id: 1, status: 'NEW' }])).toBe('key 1: status is "PAID", expected "NEW"');
    expect(compareLatest(records, ['id'], [{ id: 1, status: 'PAID' }, { id: 2, status: 'NEW' }])).toBe('missing key 2');
    expect(compareLatest([...records, rec('{"id":3}', '{"id":3}')], ['id'], [{ id: 1, status: 'PAID' }])).toBe('unexpected key 3');
  });

  test('dead letters are counted by their dlq.error.code header, live records only', () => {
    const records = [
      rec('{"o":1}', '{}', { 'dlq.error.code': 'DQ002_BETWEEN' }),
      rec('{"o":2}', '{}', { 'dlq.error.code': 'DQ003_IN_SET' }),
      rec('{"o":2}', null),
      rec('{"o":3}', '{}'),
    ];
    expect(deadLetterCodes(records)).toEqual({ 'DQ002_BETWEEN': 1, '(no dlq.error.code header)': 1 });
  });

  test('Strimzi secret placeholders become the directory provider\'s absolute paths', () => {
    const connect = { secretsDir: '/work/.rehearsal/x/secrets' } as LocalConnect;
    expect(localSecretPlaceholders('${secrets:streaming/mysql-cdc:password}', connect)).toBe('${secrets:/work/.rehearsal/x/secrets/streaming/mysql-cdc:password}');
    expect(localSecretPlaceholders('plain', connect)).toBe('plain');
  });

  test('percentiles by nearest rank, and the closing line', () => {
    expect(percentile([], 95)).toBeUndefined();
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
    const report = { stack: 's', workDir: '', latenciesMs: [400, 1200, 900], checks: [{ name: 'a', ok: true, detail: '' }, { name: 'b', ok: false, detail: '' }] };
    expect(summaryLine([report])).toBe('rehearsal: 1 stacks, 1 checks passed, 1 failed, p95 commit-to-output 1.2 s');
  });

  test('a malformed scenario is refused naming the file and the field', () => {
    expect(() => checkScenario({ stack: 's', sources: [] }, 'x.json')).toThrow(/x.json: "sources" must list at least one connector/);
    const file = path.join(__dirname, '..', '..', 'rehearsal', 'scenarios', 'retail-inventory-prod.json');
    expect(checkScenario(JSON.parse(fs.readFileSync(file, 'utf8')), file).stack).toBe('retail-inventory-prod');
    const base = { stack: 's', sources: [{ connector: 'c', schema: [], steps: [] }], expect: {} };
    const flood = { name: 'burst', connector: 'c', sql: ['INSERT …'], alerts: ['DeadLetterRateAboveNormal'], withinMinutes: 10 };
    expect(checkScenario({ ...base, flood }, 'x.json').flood?.name).toBe('burst');
    expect(() => checkScenario({ ...base, flood: { ...flood, connector: 'other' } }, 'x.json')).toThrow(/"flood.connector" other is not one of the sources/);
    expect(() => checkScenario({ ...base, flood: { ...flood, alerts: [] } }, 'x.json')).toThrow(/"flood.alerts" must list the alerts/);
    expect(() => checkScenario({ ...base, flood: { ...flood, withinMinutes: 0 } }, 'x.json')).toThrow(/"flood.withinMinutes" must be a positive number/);
    const step = { name: 'after', connector: 'c', sql: ['UPDATE …'], measure: { topic: 't', key: { id: 1 } } };
    expect(checkScenario({ ...base, upgrade: { name: 'delay', job: 'j', steps: [step] } }, 'x.json').upgrade?.job).toBe('j');
    expect(() => checkScenario({ ...base, upgrade: { name: 'delay', job: 'j', steps: [] } }, 'x.json')).toThrow(/"upgrade.steps" must list the changes/);
    expect(() => checkScenario({ ...base, upgrade: { name: 'delay', job: 'j', steps: [{ ...step, measure: undefined }] } }, 'x.json')).toThrow(
      /step after needs "measure"/,
    );
  });

  test('an outage alert is a name with optional label matchers', () => {
    expect(parseAlertMatcher('SLOMissingData')).toEqual({ alertname: 'SLOMissingData' });
    expect(parseAlertMatcher('SLOMissingData{slo=orders-fresh-30s, severity="critical"}')).toEqual({ alertname: 'SLOMissingData', slo: 'orders-fresh-30s', severity: 'critical' });
    expect(() => parseAlertMatcher('SLOMissingData{slo}')).toThrow(/"slo" is not label=value/);
  });

  test('names each missing engine', () => {
    const missing = missingEngines(fs.mkdtempSync(path.join(os.tmpdir(), 'no-tools-')));
    expect(missing).toEqual(expect.arrayContaining(['Kafka (KRaft broker and Connect)', 'OpenTofu', 'Flink 1.20.3 with the SQL runner', 'Flink 2.2.0 with the SQL runner']));
  });
});
