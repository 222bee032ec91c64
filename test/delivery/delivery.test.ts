import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformResource, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { Delivery, KubernetesManifest, SyncWave } from '../../lib';
import * as kafka from '../../lib/providers/kafka';
import { describeWithCrds } from '../conformance/shared';
import { expectValidCustomResource, synthJson } from '../helpers';

function configMap(name: string): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'streaming' }, data: { a: 'b' } };
}

function topic(name: string): any {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name, namespace: 'streaming', labels: { 'strimzi.io/cluster': 'main' } },
    spec: { partitions: 3, replicas: 3 },
  };
}

describe('Delivery.terraform()', () => {
  test('places each manifest as a kubernetes_manifest resource with one provider per stack', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    new KubernetesManifest(stack, 'a', { manifest: configMap('a') });
    new KubernetesManifest(stack, 'b', { manifest: configMap('b') });
    const tf = synthJson(stack);
    expect(Object.keys(tf.provider)).toEqual(['kubernetes']);
    expect(Object.values<any>(tf.resource.kubernetes_manifest).map((r) => r.manifest.metadata.name).sort()).toEqual(['a', 'b']);
  });

  test('is the default when no delivery is set', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    new KubernetesManifest(stack, 'a', { manifest: configMap('a') });
    expect(Delivery.of(stack).isGitOps).toBe(false);
    expect(synthJson(stack).resource.kubernetes_manifest).toBeDefined();
  });

  test('refuses two resources for one Kubernetes object, naming both paths', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    new KubernetesManifest(stack, 'a', { manifest: configMap('same') });
    new KubernetesManifest(stack, 'b', { manifest: { ...configMap('same'), data: { other: 'x' } } });
    new KubernetesManifest(stack, 'c', { manifest: { ...configMap('same'), metadata: { name: 'same', namespace: 'other' } } });
    const message = (() => {
      try {
        synthJson(stack);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    // Exactly one problem: b repeats a; c is the same name in another namespace.
    expect(message.match(/must be defined once per stack/g)).toHaveLength(1);
    expect(message).toContain('[prod/b] ConfigMap "streaming/same" must be defined once per stack (also defined at prod/a)');
  });

  test('configures the provider from options', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    Delivery.use(stack, Delivery.terraform({ kubeconfigPath: '~/.kube/config', kubeconfigContext: 'prod' }));
    new KubernetesManifest(stack, 'a', { manifest: configMap('a') });
    expect(synthJson(stack).provider.kubernetes[0]).toEqual({ config_path: '~/.kube/config', config_context: 'prod' });
  });

  test('a kubeconfig path with ${HOME} is written as literal text, not a Terraform template', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    Delivery.use(stack, Delivery.terraform({ kubeconfigPath: '${HOME}/.kube/config', kubeconfigContext: '%{ctx}' }));
    new KubernetesManifest(stack, 'a', { manifest: configMap('a') });
    expect(synthJson(stack).provider.kubernetes[0]).toEqual({ config_path: '$${HOME}/.kube/config', config_context: '%%{ctx}' });
  });
});

describe('Delivery.terraform() with Terraform references in a manifest', () => {
  test('a reference to another stack becomes a remote-state output there, as in any cdktf resource', () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, 'platform');
    new kafka.provider.KafkaProvider(platform, 'kafka', { bootstrapServers: ['kafka:9092'] });
    const shared = new kafka.topic.Topic(platform, 'shared', { name: 'shared', partitions: 3, replicationFactor: 3 });
    const apps = new TerraformStack(app, 'apps');
    const m = configMap('refs');
    m.data = { topicId: shared.id, literal: '${not-a-reference}' };
    new KubernetesManifest(apps, 'a', { manifest: m });
    app.synth();
    const data = Object.values<any>(JSON.parse(Testing.synth(apps)).resource.kubernetes_manifest)[0].manifest.data;
    expect(data.topicId).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-kafka_topicshared(_\w+)?id\}$/);
    expect(data.literal).toBe('$${not-a-reference}');
    expect(Object.keys(JSON.parse(Testing.synth(platform)).output)).toEqual([expect.stringMatching(/^cross-stack-output-kafka_topicshared/)]);
  });
});

describe('Delivery.terraform() with list and map tokens and overrides', () => {
  test('list and map tokens from another stack also become remote-state references', () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, 'platform');
    const brokers = new TerraformVariable(platform, 'brokers', { type: 'list(string)' });
    const tags = new TerraformVariable(platform, 'tags', { type: 'map(string)' });
    const apps = new TerraformStack(app, 'apps');
    const m = configMap('lists');
    m.spec = { brokers: brokers.listValue, tags: Token.asStringMap(tags.value) };
    new KubernetesManifest(apps, 'a', { manifest: m });
    app.synth();
    const spec = Object.values<any>(JSON.parse(Testing.synth(apps)).resource.kubernetes_manifest)[0].manifest.spec;
    expect(spec.brokers).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-varbrokers\}$/);
    expect(spec.tags).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-vartags\}$/);
  });

  test('addOverride on the kubernetes_manifest resource merges into the manifest', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const km = new KubernetesManifest(stack, 'a', { manifest: configMap('a') });
    (km.node.findChild('Resource') as TerraformResource).addOverride('manifest.data.extra', 'x');
    const r = Object.values<any>(synthJson(stack).resource.kubernetes_manifest)[0];
    expect(r.manifest.data).toEqual({ a: 'b', extra: 'x' });
    expect(r.manifest.metadata.name).toBe('a');
  });
});

describe('KubernetesManifest', () => {
  test('refuses a resource without a name, naming the construct path', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    expect(() => new KubernetesManifest(stack, 'bad', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } })).toThrow(
      /\[prod\/bad\] manifest.metadata.name must be a non-empty string \(got nothing\)/,
    );
    expect(() => new KubernetesManifest(stack, 'bad2', { manifest: configMap('Orders_Latest') })).toThrow(/DNS subdomain/);
  });
});

describe('Delivery.gitOps()', () => {
  function gitOpsApp() {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'retail-prod');
    Delivery.use(stack, Delivery.gitOps({ repoUrl: 'https://git.example.com/platform/streams.git', path: 'deploy/retail-prod' }));
    new KubernetesManifest(stack, 'topic', { manifest: topic('orders'), syncWave: SyncWave.TOPICS });
    new KubernetesManifest(stack, 'config', { manifest: configMap('orders-sql') });
    return { app, stack, outdir };
  }

  function read(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const f of fs.readdirSync(d).sort()) {
        const full = path.join(d, f);
        if (fs.statSync(full).isDirectory()) walk(full);
        else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
      }
    };
    walk(dir);
    return out;
  }

  test('writes one file per resource, a kustomization in wave order and an Application', () => {
    const { app, outdir } = synthGitOps();
    const stackDir = path.join(outdir, 'stacks', 'retail-prod');
    expect(fs.readdirSync(path.join(stackDir, 'manifests')).sort()).toEqual([
      '00-configmap-streaming-orders-sql.yaml',
      '02-kafkatopic-streaming-orders.yaml',
      'kustomization.yaml',
    ]);
    const kustomization = parse(fs.readFileSync(path.join(stackDir, 'manifests', 'kustomization.yaml'), 'utf8'));
    expect(kustomization.resources).toEqual(['00-configmap-streaming-orders-sql.yaml', '02-kafkatopic-streaming-orders.yaml']);
    const topicFile = parse(fs.readFileSync(path.join(stackDir, 'manifests', '02-kafkatopic-streaming-orders.yaml'), 'utf8'));
    expect(topicFile.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('2');
    const application = parse(fs.readFileSync(path.join(stackDir, 'argocd-application.yaml'), 'utf8'));
    expect(application.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(application.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(application.spec.source).toEqual({
      repoURL: 'https://git.example.com/platform/streams.git',
      path: 'deploy/retail-prod',
      targetRevision: 'HEAD',
    });
    void app;
  });

  test('keeps Kubernetes resources out of Terraform', () => {
    const { stack } = gitOpsApp();
    expect(synthJson(stack).resource?.kubernetes_manifest).toBeUndefined();
  });

  test('two synths of one definition give byte-identical files', () => {
    const a = synthGitOps();
    const b = synthGitOps();
    expect(read(path.join(b.outdir, 'stacks'))).toEqual(read(path.join(a.outdir, 'stacks')));
  });

  test('fails synth when two resources would share a file', () => {
    const { app, stack } = gitOpsApp();
    new KubernetesManifest(stack, 'again', { manifest: topic('orders'), syncWave: SyncWave.TOPICS });
    expect(() => app.synth()).toThrow(/KafkaTopic "orders" must be unique in the GitOps directory \(also defined at retail-prod\/topic\)/);
  });

  function synthGitOps() {
    const r = gitOpsApp();
    r.app.synth();
    return r;
  }
});

describeWithCrds('Delivery.gitOps() Application', () => {
  test('validates against the Argo CD CRD', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'retail-prod');
    Delivery.use(stack, Delivery.gitOps({ repoUrl: 'https://git.example.com/x.git', path: 'deploy', destinationNamespace: 'streaming' }));
    new KubernetesManifest(stack, 'config', { manifest: configMap('x') });
    app.synth();
    expectValidCustomResource(parse(fs.readFileSync(path.join(outdir, 'stacks', 'retail-prod', 'argocd-application.yaml'), 'utf8')));
  });
});

describe('Terraform delivery escaping', () => {
  test('literal ${…} and %{…} in a manifest reach Kubernetes verbatim, not as Terraform templates', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const m = configMap('secrets');
    m.data = { password: '${secrets:streaming/mysql-cdc:password}', pattern: '%{x}', escaped: '$${already}' };
    new KubernetesManifest(stack, 'a', { manifest: m });
    const data = Object.values<any>(synthJson(stack).resource.kubernetes_manifest)[0].manifest.data;
    expect(data).toEqual({ password: '$${secrets:streaming/mysql-cdc:password}', pattern: '%%{x}', escaped: '$${already}' });
  });

  test('changes made to the manifest after construction are written, and escaped', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const escaped = configMap('escaped');
    escaped.data = { sh: 'echo ${HOME}' };
    const a = new KubernetesManifest(stack, 'a', { manifest: escaped });
    const b = new KubernetesManifest(stack, 'b', { manifest: configMap('plain') });
    a.manifest.data.added = 'x';
    b.manifest.data.later = 'echo %{y}';
    const byName = Object.fromEntries(
      Object.values<any>(synthJson(stack).resource.kubernetes_manifest).map((r) => [r.manifest.metadata.name, r.manifest.data]),
    );
    expect(byName.escaped).toEqual({ sh: 'echo $${HOME}', added: 'x' });
    expect(byName.plain).toEqual({ a: 'b', later: 'echo %%{y}' });
  });

  test('GitOps files keep the literal text', () => {
    const r = (() => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'retail-prod');
      Delivery.use(stack, Delivery.gitOps({ repoUrl: 'https://git.example.com/x.git', path: 'deploy' }));
      const m = configMap('secrets');
      m.data = { password: '${secrets:streaming/mysql-cdc:password}' };
      new KubernetesManifest(stack, 'a', { manifest: m });
      app.synth();
      return fs.readFileSync(path.join(outdir, 'stacks', 'retail-prod', 'manifests', '00-configmap-streaming-secrets.yaml'), 'utf8');
    })();
    expect(parse(r).data.password).toBe('${secrets:streaming/mysql-cdc:password}');
  });
});

describe('Delivery.gitOps() per stack', () => {
  test('two different GitOps deliveries in one stack are refused', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const a = new Construct(stack, 'a');
    const b = new Construct(stack, 'b');
    Delivery.use(a, Delivery.gitOps({ repoUrl: 'https://git.example.com/x.git', path: 'one' }));
    Delivery.use(b, Delivery.gitOps({ repoUrl: 'https://git.example.com/x.git', path: 'two' }));
    new KubernetesManifest(a, 'm', { manifest: configMap('a') });
    expect(() => new KubernetesManifest(b, 'm', { manifest: configMap('b') })).toThrow(/\[prod\] delivery must be one GitOps delivery per stack/);
  });
});
