import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PlacedManifest } from './placed-manifest';
import { ArtifactFile } from '../../core/private/artifact';
import { dnsLabel } from '../../core/private/naming';
import { ValidationError } from '../../core/private/validation-error';
import { toYaml } from '../../core/private/yaml';
import { GitOpsDeliveryOptions } from '../delivery-options';

const ID = 'GitOpsManifests';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The per-stack directory of manifests for Argo CD: one file per resource named
 * `<wave>-<kind>-<name>.yaml`, a `kustomization.yaml` listing them in apply order, and an Argo CD
 * `Application` (`argocd-application.yaml`) beside the directory.
 */
export class GitOpsDirectory extends Construct {
  public static forStack(stack: TerraformStack, options: GitOpsDeliveryOptions): GitOpsDirectory {
    const existing = stack.node.tryFindChild(ID) as GitOpsDirectory | undefined;
    if (existing) {
      if (JSON.stringify(existing.options) !== JSON.stringify(options)) {
        throw ValidationError.of(
          stack,
          'delivery',
          'one GitOps delivery per stack',
          `${existing.options.repoUrl}#${existing.options.path} and ${options.repoUrl}#${options.path}`,
          'use one Delivery.gitOps() object for every pipeline of the stack, or separate stacks',
        );
      }
      return existing;
    }
    return new GitOpsDirectory(stack, options);
  }

  private readonly manifests: PlacedManifest[] = [];
  public readonly outputDirectory: string;

  private constructor(
    private readonly stack: TerraformStack,
    public readonly options: GitOpsDeliveryOptions,
  ) {
    super(stack, ID);
    for (const [setting, value] of [
      ['repoUrl', options.repoUrl],
      ['path', options.path],
    ] as const) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw ValidationError.of(stack, `Delivery.gitOps({ ${setting} })`, 'a non-empty string', value);
      }
    }
    this.outputDirectory = options.outputDirectory ?? 'manifests';
    this.node.addValidation({ validate: () => this.validateNames() });
    const self = this;
    new ArtifactFile(this, 'Kustomization', {
      fileName: `${this.outputDirectory}/kustomization.yaml`,
      render: () => self.renderFiles().get(`${self.outputDirectory}/kustomization.yaml`)!,
    });
    new ArtifactFile(this, 'Application', {
      fileName: 'argocd-application.yaml',
      render: () => self.renderFiles().get('argocd-application.yaml')!,
    });
  }

  public add(manifest: PlacedManifest) {
    this.manifests.push(manifest);
    new ArtifactFile(manifest, 'File', {
      fileName: `${this.outputDirectory}/${fileNameOf(manifest)}`,
      render: () => toYaml(withWave(manifest)),
    });
  }

  /** Every file this directory writes, path (relative to the stack output) → content. */
  public renderFiles(): Map<string, string> {
    const out = new Map<string, string>();
    const ordered = [...this.manifests].sort(compareManifests);
    for (const m of ordered) out.set(`${this.outputDirectory}/${fileNameOf(m)}`, toYaml(withWave(m)));
    out.set(
      `${this.outputDirectory}/kustomization.yaml`,
      toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ordered.map(fileNameOf),
      }),
    );
    out.set('argocd-application.yaml', toYaml(this.application()));
    return out;
  }

  /** The Argo CD `Application` that syncs the directory. */
  public application(): any {
    const o = this.options;
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: o.applicationName ?? dnsLabel(this.stack.node.id),
        namespace: o.argoCdNamespace ?? 'argocd',
        // Deleting the Application deletes what it deployed, instead of orphaning it.
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: o.project ?? 'default',
        source: { repoURL: o.repoUrl, path: o.path, targetRevision: o.targetRevision ?? 'HEAD' },
        destination: {
          server: o.destinationServer ?? 'https://kubernetes.default.svc',
          ...(o.destinationNamespace ? { namespace: o.destinationNamespace } : {}),
        },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'],
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    };
  }

  private validateNames(): string[] {
    const seen = new Map<string, PlacedManifest>();
    const errors: string[] = [];
    for (const m of this.manifests) {
      const key = fileNameOf(m);
      const other = seen.get(key);
      if (other) {
        errors.push(
          `[${m.node.path}] ${m.kind} "${m.resourceName}" must be unique in the GitOps directory (also defined at ${other.node.path})`,
        );
      }
      seen.set(key, m);
    }
    return errors;
  }
}

function fileNameOf(m: PlacedManifest): string {
  const ns = m.namespace ? `${m.namespace}-` : '';
  return `${String(m.syncWave).padStart(2, '0')}-${m.kind.toLowerCase()}-${ns}${m.resourceName}.yaml`;
}

function compareManifests(a: PlacedManifest, b: PlacedManifest): number {
  return a.syncWave - b.syncWave || fileNameOf(a).localeCompare(fileNameOf(b));
}

function withWave(m: PlacedManifest): any {
  const manifest = m.manifest;
  return {
    ...manifest,
    metadata: {
      ...manifest.metadata,
      annotations: { ...(manifest.metadata.annotations ?? {}), [SYNC_WAVE_ANNOTATION]: String(m.syncWave) },
    },
  };
}
