import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { CdcSource, ConnectorTarget, Delivery, Duration, KafkaCluster, PipelineEnvironment, RealtimePipeline, Secret, Sli, Slo, Stream } from '../../lib';
import { describeWithCrds } from '../conformance/shared';
import { expectTerraformConforms, expectValidCustomResource, kubernetesManifests, synthJson } from '../helpers';
import { ORDER_COLUMNS, retailPipeline, revenuePipeline } from './fixtures';

function stack(id = 'retail-prod'): TerraformStack {
  return new TerraformStack(Testing.app(), id);
}

function topics(tf: any): Record<string, any> {
  return Object.fromEntries(Object.values<any>(tf.resource.kafka_topic).map((t) => [t.name, t]));
}

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe('RealtimePipeline', () => {
  test('composes CDC, topics, a gated Flink job and SLO rules under one definition', () => {
    const s = stack();
    const { pipeline, orders } = retailPipeline(s);
    const tf = synthJson(s);
    expect(Object.keys(topics(tf)).sort()).toEqual([
      '__debezium-heartbeat.store',
      '__debezium-schema-history.store',
      '__debezium-signal.store',
      'dlq-inventory-store',
      'dlq-inventory.orders_latest',
      'inventory.orders_latest',
      'store.store.debezium_signal',
      'store.store.inventory',
      'store.store.order_items',
      'store.store.orders',
    ]);
    expect(kubernetesManifests(tf).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'KafkaConnector/inventory-store',
        'FlinkDeployment/inventory-orders-latest',
        'ConfigMap/inventory-orders-latest-sql',
        'PrometheusRule/inventory-slos',
      ]),
    );
    expect(pipeline.sources.store.connectorName).toBe('inventory-store');
    expect(orders.job.jobName).toBe('inventory-orders-latest');
    expect(orders.job.model.deadLetterTopicName).toBe('dlq-inventory.orders_latest');
    expectTerraformConforms(tf);
  });

  test('the output topic is a compacted changelog with the environment durability', () => {
    const s = stack();
    retailPipeline(s);
    const t = topics(synthJson(s))['inventory.orders_latest'];
    expect(t.replication_factor).toBe(3);
    expect(t.config).toMatchObject({ 'cleanup.policy': 'compact,delete', 'min.insync.replicas': '2', 'retention.ms': '172800000' });
  });

  test('one definition deploys to dev on one broker', () => {
    const s = stack('retail-dev');
    retailPipeline(s, { environment: PipelineEnvironment.development() });
    const all = Object.values(topics(synthJson(s)));
    expect(new Set(all.map((t) => t.replication_factor))).toEqual(new Set([1]));
    expect(new Set(all.map((t) => t.config['min.insync.replicas']))).toEqual(new Set(['1']));
  });

  test('the SLO rules carry the operator selector labels and a page alert per SLO', () => {
    const s = stack();
    const { pipeline } = retailPipeline(s);
    const rule = kubernetesManifests(synthJson(s)).find((m) => m.kind === 'PrometheusRule');
    expect(rule.metadata.labels).toMatchObject({ release: 'kps' });
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => r.alert));
    expect(alerts.length).toBeGreaterThanOrEqual(pipeline.slos.length * 2);
    expect(pipeline.alertRules?.slos.map((x) => x.name)).toEqual(pipeline.slos.map((x) => x.name));
  });

  test('an accuracy SLO names the reconciler\'s counters: without them it could never have data', () => {
    const s = stack();
    const { orders } = retailPipeline(s);
    const base = { reconciliationInterval: Duration.minutes(15), objective: 0.999 };
    expect(() => orders.accuracySlo({ ...base } as any)).toThrow(
      /\[retail-prod\/Inventory\/stream-orders_latest\] accuracySlo\(checkedMetric\) must be the name of the counter your row-parity reconciler exports.*Fix: pass checkedMetric and mismatchedMetric/,
    );
    const slo = orders.accuracySlo({ ...base, checkedMetric: 'parity_rows_checked_total', mismatchedMetric: 'parity_rows_mismatched_total' });
    expect(slo._plan().metrics).toEqual(expect.arrayContaining(['parity_rows_checked_total', 'parity_rows_mismatched_total']));
  });

  test('SLOs cannot be added once the rules are placed', () => {
    const s = stack();
    const { pipeline, orders } = retailPipeline(s);
    synthJson(s);
    expect(() => pipeline.addSlo(orders.availabilitySlo({ objective: 0.999 }))).toThrow(/addSlo must be called before synth/);
  });

  test('an SLO name is refused the second time, also after SLOs were pushed to `slos` directly', () => {
    const s = stack();
    const { pipeline, orders } = retailPipeline(s);
    const first = pipeline.slos[0];
    expect(() => pipeline.addSlo(orders.freshnessSlo({ threshold: first.threshold!, objective: first.objective }))).toThrow(
      /\[retail-prod\/Inventory\] addSlo must be SLOs with unique names/,
    );
    const extra = orders.availabilitySlo({ objective: 0.999 });
    pipeline.slos.push(extra);
    expect(() => pipeline.addSlo(orders.availabilitySlo({ objective: 0.999 }))).toThrow(/SLOs with unique names/);
    // Replaced in place (same length): the replaced name is free again, the new one is taken.
    const replaced = pipeline.slos[1];
    pipeline.slos[1] = orders.availabilitySlo({ objective: 0.99 });
    expect(() => pipeline.addSlo(orders.availabilitySlo({ objective: 0.99 }))).toThrow(/SLOs with unique names/);
    expect(() => pipeline.addSlo(replaced)).not.toThrow();
  });

  test('names, sources and streams are checked with the construct path', () => {
    const s = stack();
    const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['k:9092'] });
    expect(() => new RealtimePipeline(s, 'Bad', { cluster, name: 'Has Spaces' })).toThrow(/\[retail-prod\/Bad\] name must be lowercase/);
    const p = new RealtimePipeline(s, 'NoTargets', { cluster, disableLock: true });
    const mysql = CdcSource.mysql({ hostname: 'h', user: 'u', password: Secret.fromKubernetesSecret('s', 'p', { namespace: 'ns' }), serverId: 1, tables: ['a.b'] });
    expect(() => p.addCdcSource('store', mysql)).toThrow(/\[retail-prod\/NoTargets\] connectorTarget must be set.*Fix: pass kubernetes/);
    const { pipeline } = retailPipeline(stack('x'));
    expect(() => pipeline.addCdcSource('store', mysql)).toThrow(/addCdcSource\("store"\) must be a source name used once/);
    expect(() => pipeline.addCdcSource('Store-1', mysql)).toThrow(/addCdcSource\(name\) must be lowercase letters/);
    const noFlink = new RealtimePipeline(stack('y'), 'Cdc', { cluster, connectorTarget: ConnectorTarget.kafkaConnect({ url: 'http://connect:8083' }), disableLock: true });
    const src = noFlink.addCdcSource('store', mysql);
    expect(() => noFlink.addStream('orders', Stream.latestByKey({ from: src.table('a.b'), columns: ORDER_COLUMNS, key: ['order_id'], eventTime: 'event_time' }))).toThrow(
      /\[y\/Cdc\] flinkTarget must be set.*Fix: pass kubernetes/,
    );
  });
});

describe('RealtimePipeline scraping', () => {
  function monitors(tf: any) {
    return kubernetesManifests(tf).filter((m) => m.kind === 'PodMonitor');
  }

  test('a PodMonitor selects exactly the pipeline\'s Flink pods, on the port the pod template declares', () => {
    const s = stack();
    retailPipeline(s);
    const all = kubernetesManifests(synthJson(s));
    const flink = monitors(synthJson(s)).find((m) => m.metadata.name === 'inventory-flink');
    expect(flink.metadata).toMatchObject({ namespace: 'streaming', labels: { release: 'kps' } });
    const deployments = all.filter((m) => m.kind === 'FlinkDeployment');
    expect(flink.spec.selector.matchExpressions).toEqual([
      { key: 'app.kubernetes.io/name', operator: 'In', values: deployments.map((d) => d.metadata.name).sort() },
    ]);
    for (const d of deployments) {
      const podLabels = d.spec.podTemplate.metadata.labels;
      expect(flink.spec.selector.matchExpressions[0].values).toContain(podLabels['app.kubernetes.io/name']);
      const ports = d.spec.podTemplate.spec.containers[0].ports;
      expect(ports).toContainEqual({ name: flink.spec.podMetricsEndpoints[0].port, containerPort: Number(d.spec.flinkConfiguration['metrics.reporter.prom.port']), protocol: 'TCP' });
    }
  });

  test('the Connect cluster of the connectors gets one PodMonitor on Strimzi\'s metrics port, however many pipelines share it', () => {
    const s = stack();
    retailPipeline(s);
    const second = new RealtimePipeline(s, 'Billing', {
      cluster: KafkaCluster.selfManaged({ bootstrapServers: ['k:9092'], tls: false }),
      kubernetes: { namespace: 'streaming', connectCluster: 'connect', flinkStateStorageUri: 's3://b/f' },
      disableLock: true,
    });
    second.addCdcSource('ledger', CdcSource.mysql({ hostname: 'h', user: 'u', password: Secret.fromKubernetesSecret('s', 'p'), serverId: 2, tables: ['ledger.entries'] }));
    const connect = monitors(synthJson(s)).filter((m) => m.spec.selector.matchLabels?.['strimzi.io/kind'] === 'KafkaConnect');
    expect(connect).toHaveLength(1);
    expect(connect[0]).toMatchObject({
      metadata: { name: 'connect-metrics', namespace: 'streaming' },
      spec: { selector: { matchLabels: { 'strimzi.io/cluster': 'connect' } }, podMetricsEndpoints: [{ port: 'tcp-prometheus', path: '/metrics' }] },
    });
  });

  test('podMonitors: false leaves scraping to the platform', () => {
    const s = stack();
    const cluster = KafkaCluster.selfManaged({ bootstrapServers: ['k:9092'], tls: false });
    const p = new RealtimePipeline(s, 'Quiet', {
      cluster,
      kubernetes: { namespace: 'streaming', flinkStateStorageUri: 's3://b/f', podMonitors: false, flinkImage: 'registry.example.com/flink-sql:1.20' },
      disableLock: true,
    });
    const src = p.addCdcSource('store', CdcSource.mysql({ hostname: 'h', user: 'u', password: Secret.fromKubernetesSecret('s', 'p'), serverId: 1, tables: ['store.orders'] }));
    p.addStream('orders', Stream.latestByKey({ from: src.table('store.orders'), columns: ORDER_COLUMNS, key: ['order_id'], eventTime: 'event_time' }));
    const tf = synthJson(s);
    expect(kubernetesManifests(tf).some((m) => m.kind === 'FlinkDeployment')).toBe(true);
    expect(monitors(tf)).toEqual([]);
  });

  test('with GitOps, rules and monitors sync before the workloads they watch', () => {
    const outdir = tmp('waves-');
    const app = new App({ outdir });
    retailPipeline(new TerraformStack(app, 'retail-prod'), { delivery: Delivery.gitOps({ repoUrl: 'https://git.example.com/x.git', path: 'deploy' }) });
    app.synth();
    const dir = path.join(outdir, 'stacks', 'retail-prod', 'manifests');
    const wave = new Map<string, number[]>();
    for (const f of fs.readdirSync(dir).filter((x) => x !== 'kustomization.yaml')) {
      const m = parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      wave.set(m.kind, [...(wave.get(m.kind) ?? []), Number(m.metadata.annotations['argocd.argoproj.io/sync-wave'])]);
    }
    const latest = (kinds: string[]) => Math.max(...kinds.flatMap((k) => wave.get(k) ?? []));
    const earliest = (kinds: string[]) => Math.min(...kinds.flatMap((k) => wave.get(k) ?? []));
    expect(wave.get('PodMonitor')?.length).toBe(2);
    expect(latest(['PrometheusRule', 'PodMonitor'])).toBeLessThanOrEqual(0);
    expect(latest(['PrometheusRule', 'PodMonitor'])).toBeLessThan(earliest(['KafkaConnector', 'FlinkDeployment']));
  });
});

describe('RealtimePipeline freshness budget', () => {
  test('watermark delay + window + checkpoint over the threshold fails synth with the budget table', () => {
    const s = stack();
    revenuePipeline(s, Duration.seconds(60), Duration.seconds(30));
    expect(() => synthJson(s)).toThrow(
      /freshness budget of SLO "inventory-revenue_per_minute-fresh-1m" must be <= the threshold 60 s \(got 111.005 s\)[\s\S]*\| Flink inventory-revenue-per-minute \| watermark delay \(window emitted after watermark\) \| 20 s \|[\s\S]*checkpoint interval \(exactly-once sink[^|]*\| 30 s \|/,
    );
  });

  test('within budget, the table is written next to the synth output', () => {
    const outdir = tmp('budget-');
    const app = new App({ outdir });
    revenuePipeline(new TerraformStack(app, 'retail-prod'), Duration.minutes(5), Duration.seconds(30));
    app.synth();
    const report = fs.readFileSync(path.join(outdir, 'stacks', 'retail-prod', 'pipelines', 'inventory', 'freshness-budget.md'), 'utf8');
    expect(report).toContain('## inventory-revenue_per_minute-fresh-5m — threshold 300 s: within budget');
    expect(report).toContain('| **total** | | **111.005 s** |');
  });

  test('a latest-by-key stream only pays for transport: updates are emitted without waiting for the watermark', () => {
    const { pipeline } = retailPipeline(stack());
    const [budget] = pipeline.freshnessBudgets();
    expect(budget.hops.map((h) => h.setting)).not.toContain('watermark delay (window emitted after watermark)');
    expect(budget.total.toMilliseconds()).toBe(1005);
  });

  test('only the SLOs a stream made get its budget, whatever their subject says', () => {
    const { pipeline, orders } = retailPipeline(stack());
    const sli = Sli.gauge({ metric: 'lag_seconds' });
    // Same subject labels as the stream's own SLOs, but made by the user: no budget.
    pipeline.addSlo(Slo.freshness({ name: 'user-fresh', threshold: Duration.seconds(1), objective: 0.99, sli, subject: { pipeline: 'inventory', stream: 'orders_latest' } }));
    // A subject naming no stream (an inherited property name included) is no stream.
    pipeline.addSlo(Slo.freshness({ name: 'odd-fresh', threshold: Duration.seconds(1), objective: 0.99, sli, subject: { pipeline: 'inventory', stream: 'constructor' } }));
    expect(pipeline.freshnessBudgets().map((b) => b.slo)).toEqual([pipeline.slos[0].name]);
    expect(orders.streamName).toBe('orders_latest');
  });
});

describe('RealtimePipeline artifacts', () => {
  function synthToDisk(delivery?: Delivery) {
    const outdir = tmp('pipeline-');
    const app = new App({ outdir });
    retailPipeline(new TerraformStack(app, 'retail-prod'), { delivery });
    app.synth();
    return path.join(outdir, 'stacks', 'retail-prod');
  }

  test('the SVG lineage is opt-in, rendered at synth with no output limit, and never fails synth', () => {
    const bin = tmp('bin-');
    // A stand-in for Graphviz's dot that answers with 3 MB (a 1,000-table lineage is this large).
    fs.writeFileSync(path.join(bin, 'dot'), "#!/bin/sh\ncat >/dev/null\nhead -c 3000000 /dev/zero | tr '\\0' x\n", { mode: 0o755 });
    const synthWith = (pathEnv: string, lineageSvg?: boolean) => {
      const saved = process.env.PATH;
      const writes: string[] = [];
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
        writes.push(String(chunk));
        return true;
      });
      try {
        process.env.PATH = pathEnv;
        const outdir = tmp('svg-');
        const app = new App({ outdir });
        retailPipeline(new TerraformStack(app, 'retail-prod'), { lineageSvg });
        app.synth();
        return { file: path.join(outdir, 'stacks', 'retail-prod', 'pipelines', 'inventory', 'lineage.svg'), stderr: writes.join('') };
      } finally {
        process.env.PATH = saved;
        spy.mockRestore();
      }
    };
    const withDot = `${bin}:${process.env.PATH}`;
    expect(fs.existsSync(synthWith(withDot).file)).toBe(false);
    const big = synthWith(withDot, true);
    expect(big.stderr).toBe('');
    expect(fs.statSync(big.file).size).toBe(3_000_000);
    const none = synthWith(tmp('empty-bin-'), true);
    expect(fs.existsSync(none.file)).toBe(false);
    expect(none.stderr).toContain('[retail-prod/Inventory] lineageSvg: lineage.svg not written (Graphviz (dot) is not installed); lineage.dot has the same graph');
  });

  test('lineage is written as OpenLineage JSON, Mermaid and DOT', () => {
    const dir = path.join(synthToDisk(), 'pipelines', 'inventory');
    const events = JSON.parse(fs.readFileSync(path.join(dir, 'lineage.openlineage.json'), 'utf8'));
    expect(events.map((e: any) => e.job.name)).toEqual(['inventory-store', 'inventory-orders-latest']);
    expect(events[0].inputs).toContainEqual({ namespace: 'mysql://mysql.internal:3306', name: 'store.orders' });
    expect(fs.readFileSync(path.join(dir, 'lineage.mmd'), 'utf8')).toMatch(/^flowchart LR/);
    expect(fs.readFileSync(path.join(dir, 'lineage.dot'), 'utf8')).toContain('"dlq-inventory.orders_latest"');
    expect(fs.readFileSync(path.join(dir, 'openslo.yaml'), 'utf8')).toContain('kind: SLO');
  });

  test('GitOps delivery writes the Kubernetes resources as files and keeps them out of Terraform', () => {
    const dir = synthToDisk(Delivery.gitOps({ repoUrl: 'https://git.example.com/platform/streams.git', path: 'deploy/retail-prod' }));
    const files = fs.readdirSync(path.join(dir, 'manifests')).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        '03-kafkaconnector-streaming-inventory-store.yaml',
        '04-flinkdeployment-streaming-inventory-orders-latest.yaml',
        '00-prometheusrule-streaming-inventory-slos.yaml',
        '00-podmonitor-streaming-inventory-flink.yaml',
        'kustomization.yaml',
      ]),
    );
    const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    expect(tf.resource.kubernetes_manifest).toBeUndefined();
    expect(Object.keys(tf.resource.kafka_topic).length).toBe(10);
  });

  test('two synths of the GitOps pipeline are byte-identical', () => {
    const delivery = () => Delivery.gitOps({ repoUrl: 'https://git.example.com/x.git', path: 'deploy' });
    const read = (dir: string) =>
      Object.fromEntries(
        walk(dir).map((f) => [path.relative(dir, f), fs.readFileSync(f, 'utf8')]),
      );
    expect(read(synthToDisk(delivery()))).toEqual(read(synthToDisk(delivery())));
  });
});

describeWithCrds('RealtimePipeline manifests (strict CRD validation)', () => {
  test('every Kubernetes resource validates against its CRD', () => {
    const s = stack();
    retailPipeline(s);
    const manifests = kubernetesManifests(synthJson(s)).filter((m) => m.apiVersion !== 'v1' && !m.apiVersion.startsWith('rbac'));
    expect(manifests.length).toBeGreaterThanOrEqual(3);
    manifests.forEach(expectValidCustomResource);
  });

  test('the GitOps Application validates too', () => {
    const outdir = tmp('app-');
    const app = new App({ outdir });
    retailPipeline(new TerraformStack(app, 'retail-prod'), {
      delivery: Delivery.gitOps({ repoUrl: 'https://git.example.com/x.git', path: 'deploy', destinationNamespace: 'streaming' }),
    });
    app.synth();
    expectValidCustomResource(parse(fs.readFileSync(path.join(outdir, 'stacks', 'retail-prod', 'argocd-application.yaml'), 'utf8')));
  });
});

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
