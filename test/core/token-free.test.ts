import { DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, TerraformVariable, Testing, Token, Tokenization } from 'cdktf';
import { KubernetesManifest } from '../../lib';
import { mayHoldTokens } from '../../lib/core/private/cdktf/token-free';
import { KafkaCluster, Topic } from '../../lib/kafka';
import * as kafka from '../../lib/providers/kafka';
import { synthJson } from '../helpers';
import { retailPipeline } from '../pipeline/fixtures';

// Token-free topic blocks and manifest bodies are handed to cdktf's resolver as one value each (the
// synth fast path). These tests pin what must not change with it: tokens still resolve and still
// become cross-stack references, overrides still merge, and the written JSON is the same.

const cluster = () => KafkaCluster.selfManaged({ bootstrapServers: ['kafka-0.kafka:9092'], tls: false });

function topicResource(topic: Topic): TerraformResource {
  return topic.node.findChild('Resource') as TerraformResource;
}

describe('the token check behind the synth fast path', () => {
  test('errs towards "may hold a token" for every cdktf token form', () => {
    const v = new TerraformVariable(new TerraformStack(Testing.app(), 'x'), 'v', {});
    expect(mayHoldTokens({ a: v.stringValue })).toBe(true);
    expect(mayHoldTokens({ a: v.listValue })).toBe(true);
    expect(mayHoldTokens({ a: v.numberValue })).toBe(true);
    expect(mayHoldTokens({ a: Token.asNumberList(v.value) })).toBe(true);
    expect(mayHoldTokens({ a: Token.asStringMap(v.value) })).toBe(true);
    expect(mayHoldTokens({ a: `n=${v.numberValue}` })).toBe(true);
    expect(mayHoldTokens({ a: `n=${Token.asNumberList(v.value)[0]}` })).toBe(true);
    expect(mayHoldTokens({ [v.stringValue]: 'key' })).toBe(true);
    expect(mayHoldTokens({ a: v.value })).toBe(true);
    expect(mayHoldTokens({ a: { creationStack: [], resolve: () => 'x' } })).toBe(true);
  });

  test('sends lists with holes or undefined elements down cdktf\'s path, which drops them', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(mayHoldTokens({ a: [1, , 3] })).toBe(true);
    expect(mayHoldTokens({ a: ['--a', undefined, '--b'] })).toBe(true);
    const stack = new TerraformStack(Testing.app(), 'prod');
    new KubernetesManifest(stack, 'cm', {
      manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'streaming' }, data: { args: ['--a', undefined, '--b'] } },
    });
    expect(Object.values<any>(synthJson(stack).resource.kubernetes_manifest)[0].manifest.data.args).toEqual(['--a', '--b']);
  });

  test('passes plain data, including hashes and numbers that look like exponents', () => {
    expect(mayHoldTokens({ a: ['10 s', 's3://bucket/x', 1, true, null, { b: '${literal}' }] })).toBe(false);
    // cdktf's unique ids end in a hex hash: "…_2DFD89E3" is not the number 89e3 written into a string.
    expect(mayHoldTokens({ uniqueId: 'Bench_src0_Table-shopt1_2DFD89E3', n: '1e5', m: 'x-1.5e+10y', o: 1e300 })).toBe(false);
  });
});

describe('the synth fast path', () => {
  test('writes the same JSON as cdktf does without it', () => {
    const build = (plain: boolean) => {
      const stack = new TerraformStack(Testing.app(), 'prod');
      retailPipeline(stack);
      // Any stack override under `resource` keeps every block plain; this one changes nothing.
      if (plain) stack.addOverride('resource.kafka_topic', {});
      return Testing.synth(stack);
    };
    const fast = build(false);
    expect(JSON.parse(fast).resource.kubernetes_manifest).toBeDefined();
    expect(fast).toBe(build(true));
  });

  test('is taken by token-free topic blocks and manifest bodies, and not by ones holding tokens', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const v = new TerraformVariable(stack, 'v', {});
    const plain = new Topic(stack, 'plain', { cluster: cluster(), topicName: 'plain' });
    const withToken = new Topic(stack, 'token', { cluster: cluster(), topicName: 'token' });
    topicResource(withToken).addOverride('config.x', v.stringValue);
    const cm = (name: string, data: any) =>
      new KubernetesManifest(stack, `cm-${name}`, { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'streaming' }, data } });
    const block = (r: TerraformResource) => Object.values<any>(Object.values<any>(r.toTerraform().resource)[0])[0];
    expect(Tokenization.isResolvable(block(topicResource(plain)))).toBe(true);
    expect(Tokenization.isResolvable(block(topicResource(withToken)))).toBe(false);
    const manifestResource = (km: KubernetesManifest) => km.node.findChild('Resource') as TerraformResource;
    expect(Tokenization.isResolvable(block(manifestResource(cm('plain', { a: 'b' }))))).toBe(true);
    const tokened = block(manifestResource(cm('token', { a: v.stringValue })));
    expect(Tokenization.isResolvable(tokened)).toBe(false);
    expect(Tokenization.isResolvable(tokened.manifest)).toBe(false);
  });

  test('resolves tokens in meta-arguments of a topic resource', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const n = new TerraformVariable(stack, 'n', { type: 'number' });
    const first = new Topic(stack, 'first', { cluster: cluster(), topicName: 'first' });
    const second = new Topic(stack, 'second', { cluster: cluster(), topicName: 'second' });
    const res = topicResource(second);
    res.count = n.numberValue as any;
    res.dependsOn = [topicResource(first).fqn];
    res.lifecycle = { replaceTriggeredBy: [topicResource(first).fqn] };
    const tf = synthJson(stack);
    const firstId = (topicResource(first) as any).friendlyUniqueId;
    const block = tf.resource.kafka_topic[(res as any).friendlyUniqueId];
    expect(block.count).toBe('${var.n}');
    expect(block.depends_on).toEqual([`\${kafka_topic.${firstId}}`]);
    expect(block.lifecycle.replace_triggered_by).toEqual([`\${kafka_topic.${firstId}}`]);
  });

  test('resolves a token given to a topic through an override, and one in a manifest', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const v = new TerraformVariable(stack, 'segment', {});
    const topic = new Topic(stack, 'orders', { cluster: cluster(), topicName: 'orders' });
    topicResource(topic).addOverride('config.segment', v.stringValue);
    new KubernetesManifest(stack, 'cm', {
      manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'streaming' }, data: { n: `${v.numberValue}` } },
    });
    const tf = synthJson(stack);
    const block = Object.values<any>(tf.resource.kafka_topic)[0];
    expect(block.config.segment).toBe('${var.segment}');
    expect(block.name).toBe('orders');
    expect(Object.values<any>(tf.resource.kubernetes_manifest)[0].manifest.data.n).toBe('${var.segment}');
  });

  test('a reference from another stack in a topic block becomes a remote-state output', () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, 'platform');
    new kafka.provider.KafkaProvider(platform, 'kafka', { bootstrapServers: ['kafka:9092'] });
    const shared = new kafka.topic.Topic(platform, 'shared', { name: 'shared', partitions: 3, replicationFactor: 3 });
    const apps = new TerraformStack(app, 'apps');
    const topic = new Topic(apps, 'orders', { cluster: cluster(), topicName: 'orders' });
    topicResource(topic).addOverride('config.x', shared.id);
    app.synth();
    const block = Object.values<any>(JSON.parse(Testing.synth(apps)).resource.kafka_topic)[0];
    expect(block.config.x).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-kafka_topicshared\w*id\}$/);
    expect(Object.keys(JSON.parse(Testing.synth(platform)).output)).toEqual([expect.stringMatching(/^cross-stack-output-kafka_topicshared/)]);
  });

  test('stack overrides still merge into topic blocks and manifest bodies', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const topic = new Topic(stack, 'orders', { cluster: cluster(), topicName: 'orders' });
    const km = new KubernetesManifest(stack, 'cm', {
      manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'streaming' }, data: { a: 'b' } },
    });
    const topicId = (topicResource(topic) as any).friendlyUniqueId;
    const manifestId = (km.node.findChild('Resource') as any).friendlyUniqueId;
    stack.addOverride(`resource.kafka_topic.${topicId}.partitions`, 12);
    stack.addOverride(`resource.kubernetes_manifest.${manifestId}.manifest.data.extra`, 'x');
    const tf = synthJson(stack);
    expect(tf.resource.kafka_topic[topicId].partitions).toBe(12);
    expect(tf.resource.kafka_topic[topicId].name).toBe('orders');
    expect(tf.resource.kubernetes_manifest[manifestId].manifest.data).toEqual({ a: 'b', extra: 'x' });
  });

  test('an element resolved once, as some tools do, still serializes to its plain block', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const topic = new Topic(stack, 'orders', { cluster: cluster(), topicName: 'orders' });
    const once = Tokenization.resolve(topicResource(topic).toTerraform(), { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
    const block = JSON.parse(JSON.stringify(once)).resource.kafka_topic;
    expect(Object.values<any>(block)[0]).toMatchObject({ name: 'orders', replication_factor: 3 });
  });
});
