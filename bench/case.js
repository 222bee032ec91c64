// One benchmark case in a fresh process: `node bench/case.js library|baseline TABLES OUTDIR`.
// Measures wall time from before `require` to the end of `app.synth()`, and peak RSS.
const start = process.hrtime.bigint();
const path = require('path');
const [kind, tablesArg, outdir] = process.argv.slice(2);
const tables = Number(tablesArg);
const TABLES_PER_SOURCE = 50;

function library() {
  const { App, TerraformStack } = require('cdktf');
  const rp = require(path.join(__dirname, '..', 'lib'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  const pipeline = new rp.RealtimePipeline(stack, 'Bench', {
    cluster: rp.KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9092'], tls: false }),
    kubernetes: { namespace: 'streaming', prometheusRuleLabels: { release: 'kps' }, flinkStateStorageUri: 's3://bench/flink', flinkImage: 'registry.example.com/streaming/flink-sql-runner:1.20.3' },
    lock: { directory: path.join(outdir, 'locks') },
  });
  const columns = [
    { name: 'id', type: rp.SqlType.bigint(), notNull: true },
    { name: 'amount', type: rp.SqlType.decimal(12, 2) },
    { name: 'status', type: rp.SqlType.string() },
    { name: 'event_time', type: rp.SqlType.timestamp(3) },
  ];
  for (let s = 0; s * TABLES_PER_SOURCE < tables; s++) {
    const names = [];
    for (let t = s * TABLES_PER_SOURCE; t < Math.min(tables, (s + 1) * TABLES_PER_SOURCE); t++) names.push(`shop.t${t}`);
    const source = pipeline.addCdcSource(`src${s}`, rp.CdcSource.mysql({
      hostname: 'mysql.internal', user: 'debezium', password: rp.Secret.fromKubernetesSecret('mysql-cdc', 'password'),
      serverId: 1000 + s, tables: names,
    }));
    for (const name of names) {
      const stream = pipeline.addStream(`${name.split('.')[1]}_latest`, rp.Stream.latestByKey({
        from: source.table(name), columns, key: ['id'], eventTime: 'event_time',
        expectations: [rp.Expectation.notNull('id'), rp.Expectation.between('amount', 0, 1000000)],
      }));
      pipeline.addSlo(stream.freshnessSlo({ threshold: rp.Duration.seconds(30), objective: 0.99, runbookUrl: 'https://runbooks.example.com/x' }));
    }
  }
  app.synth();
  return stack;
}

function baseline() {
  const { App, TerraformStack } = require('cdktf');
  const { KafkaProvider } = require(path.join(__dirname, '..', 'lib', 'providers', 'kafka', 'provider'));
  const { Topic } = require(path.join(__dirname, '..', 'lib', 'providers', 'kafka', 'topic'));
  const { KubernetesProvider } = require('@cdktf/provider-kubernetes/lib/provider');
  const { Manifest } = require('@cdktf/provider-kubernetes/lib/manifest');
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new KafkaProvider(stack, 'kafka', { bootstrapServers: ['kafka-0.kafka:9092'], tlsEnabled: false });
  new KubernetesProvider(stack, 'kubernetes', {});
  const topic = (id, name, config) =>
    new Topic(stack, id, { name, partitions: 6, replicationFactor: 3, config: { 'min.insync.replicas': '2', ...config } });
  const manifest = (id, m) => new Manifest(stack, id, { manifest: m });
  const groups = [];
  for (let s = 0; s * TABLES_PER_SOURCE < tables; s++) {
    const prefix = `src${s}`;
    topic(`${prefix}-history`, `__debezium-schema-history.${prefix}`, { 'retention.ms': '-1', 'cleanup.policy': 'delete' });
    topic(`${prefix}-heartbeat`, `__debezium-heartbeat.${prefix}`, { 'retention.ms': '86400000', 'cleanup.policy': 'delete' });
    topic(`${prefix}-signal`, `__debezium-signal.${prefix}`, { 'retention.ms': '604800000', 'cleanup.policy': 'delete' });
    topic(`${prefix}-dlq`, `dlq-bench-${prefix}`, { 'retention.ms': '1209600000', 'cleanup.policy': 'delete' });
    const names = [];
    for (let t = s * TABLES_PER_SOURCE; t < Math.min(tables, (s + 1) * TABLES_PER_SOURCE); t++) names.push(`shop.t${t}`);
    manifest(`${prefix}-connector`, {
      apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaConnector',
      metadata: { name: `bench-${prefix}`, namespace: 'streaming', labels: { 'strimzi.io/cluster': 'connect' } },
      spec: { class: 'io.debezium.connector.mysql.MySqlConnector', tasksMax: 1, config: {
        'topic.prefix': prefix, 'database.hostname': 'mysql.internal', 'database.user': 'debezium',
        'database.password': '${secrets:streaming/mysql-cdc:password}', 'database.server.id': String(1000 + s),
        'table.include.list': names.join(','), 'decimal.handling.mode': 'string', 'heartbeat.interval.ms': '10000',
        'schema.history.internal.kafka.topic': `__debezium-schema-history.${prefix}`,
        'schema.history.internal.kafka.bootstrap.servers': 'kafka-0.kafka:9092',
      } },
    });
    for (const name of names) {
      const t = name.split('.')[1];
      topic(`${t}-cdc`, `${prefix}.${name}`, { 'cleanup.policy': 'compact' });
      topic(`${t}-out`, `bench.${t}_latest`, { 'cleanup.policy': 'compact,delete', 'retention.ms': '172800000', 'segment.ms': '3600000' });
      topic(`${t}-dlq`, `dlq-bench.${t}_latest`, { 'cleanup.policy': 'delete', 'retention.ms': '1209600000' });
      const job = `bench-${t}-latest`;
      const sql = [
        `CREATE TABLE t (id BIGINT NOT NULL, amount DECIMAL(12, 2), status STRING, event_time TIMESTAMP(3), WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND) WITH ('connector' = 'kafka', 'topic' = '${prefix}.${name}', 'format' = 'debezium-json');`,
        `CREATE TABLE o (id BIGINT NOT NULL, amount DECIMAL(12, 2), status STRING, event_time TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 'bench.${t}_latest');`,
        `EXECUTE STATEMENT SET BEGIN INSERT INTO o SELECT id, amount, status, event_time FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY event_time DESC) AS rn FROM t) WHERE rn = 1; END;`,
      ].join('\n');
      manifest(`${t}-sql`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${job}-sql`, namespace: 'streaming' }, data: { 'job.sql': sql } });
      manifest(`${t}-job`, {
        apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: job, namespace: 'streaming' },
        spec: {
          image: 'flink:1.20', flinkVersion: 'v1_20', serviceAccount: 'flink',
          flinkConfiguration: {
            'execution.checkpointing.interval': '10 s', 'execution.checkpointing.mode': 'EXACTLY_ONCE',
            'state.backend.type': 'rocksdb', 'execution.checkpointing.incremental': 'true',
            'execution.checkpointing.dir': `s3://bench/flink/checkpoints/${job}`,
            'execution.checkpointing.savepoint-dir': `s3://bench/flink/savepoints/${job}`,
            'high-availability.type': 'kubernetes', 'high-availability.storageDir': `s3://bench/flink/ha/${job}`,
            'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
            'metrics.reporter.prom.port': '9249',
          },
          jobManager: { resource: { cpu: 1, memory: '2048m' } }, taskManager: { resource: { cpu: 1, memory: '4096m' } },
          podTemplate: { spec: { containers: [{ name: 'flink-main-container', volumeMounts: [{ name: 'sql', mountPath: '/opt/flink/sql' }] }], volumes: [{ name: 'sql', configMap: { name: `${job}-sql` } }] } },
          job: { jarURI: 'local:///opt/flink/usrlib/sql-runner.jar', args: ['/opt/flink/sql/job.sql'], parallelism: 2, upgradeMode: 'savepoint' },
        },
      });
      const slo = `bench-${t}-fresh-30s`;
      const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
      groups.push({
        name: `sloth-slo-sli-recordings-${slo}`,
        rules: windows.map((w) => ({
          record: `slo:sli_error:ratio_rate${w}`,
          expr: `avg_over_time((max(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="${job}"}) > bool 30000)[${w}:1m])`,
          labels: { slo, pipeline: 'bench' },
        })),
      });
      groups.push({
        name: `sloth-slo-alerts-${slo}`,
        rules: [
          { alert: 'SLOErrorBudgetBurnPage', expr: `(slo:sli_error:ratio_rate1h{slo="${slo}"} > (14.4 * 0.01) and slo:sli_error:ratio_rate5m{slo="${slo}"} > (14.4 * 0.01)) or (slo:sli_error:ratio_rate6h{slo="${slo}"} > (6 * 0.01) and slo:sli_error:ratio_rate30m{slo="${slo}"} > (6 * 0.01))`, labels: { severity: 'critical', slo }, annotations: { summary: `${slo} burns its budget` } },
          { alert: 'SLOErrorBudgetBurnTicket', expr: `(slo:sli_error:ratio_rate1d{slo="${slo}"} > (3 * 0.01) and slo:sli_error:ratio_rate2h{slo="${slo}"} > (3 * 0.01)) or (slo:sli_error:ratio_rate3d{slo="${slo}"} > (1 * 0.01) and slo:sli_error:ratio_rate6h{slo="${slo}"} > (1 * 0.01))`, labels: { severity: 'warning', slo }, annotations: { summary: `${slo} burns its budget slowly` } },
          { alert: 'SLOMissingData', expr: `absent_over_time(flink_taskmanager_job_task_operator_currentEmitEventTimeLag{job_name="${job}"}[10m])`, for: '5m', labels: { severity: 'critical', slo } },
        ],
      });
    }
  }
  manifest('rules', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'bench-slos', namespace: 'streaming', labels: { release: 'kps' } }, spec: { groups } });
  app.synth();
  return stack;
}

const stack = kind === 'library' ? library() : baseline();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const tfFile = path.join(outdir, 'stacks', 'bench', 'cdk.tf.json');
const tf = require(tfFile);
const outputMb = Math.round(require('fs').statSync(tfFile).size / 1e5) / 10;
const resources = Object.values(tf.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
void stack;
console.log(JSON.stringify({ kind, tables, ms, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), resources, outputMb }));
