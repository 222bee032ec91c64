import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { GitOpsDeliveryOptions, TerraformDeliveryOptions } from './delivery-options';
import { GitOpsDirectory } from './private/gitops-directory';
import { ManifestResource } from './private/manifest-resource';
import { PlacedManifest } from './private/placed-manifest';
import { requireUrlWithoutCredentials } from '../core/private/secrets';
import { findScoped, oncePerStack, setScoped, stackSingleton } from '../core/private/stack-state';
import { escapeTerraformLiterals, requireInstance } from '../core/private/validate';

/**
 * How generated Kubernetes resources reach the cluster.
 *
 * - `Delivery.terraform()`: `kubernetes_manifest` resources in the same stack, applied by
 *   `cdktf deploy`. The resource's CRD must already exist when Terraform plans (the provider reads
 *   the schema from the cluster), so operators must be installed beforehand.
 * - `Delivery.gitOps()`: one YAML file per resource in `cdktf.out/stacks/<stack>/<outputDirectory>/`,
 *   with sync waves and a `kustomization.yaml`, plus an Argo CD `Application` next to it.
 *   Terraform keeps what is not Kubernetes (topics, ACLs, subjects, cloud resources).
 *
 * Set it for a subtree with `Delivery.use(scope, delivery)`; without one, Terraform delivery applies.
 */
export abstract class Delivery {
  /** Kubernetes resources as `kubernetes_manifest` Terraform resources. */
  public static terraform(options: TerraformDeliveryOptions = {}): Delivery {
    return new TerraformDelivery(options);
  }

  /** Kubernetes resources as a directory of manifests for Argo CD. */
  public static gitOps(options: GitOpsDeliveryOptions): Delivery {
    // The repository URL is written into the Argo CD Application: Argo CD reads repository
    // credentials from its own repository Secrets, never from the URL.
    requireUrlWithoutCredentials('Delivery.gitOps', 'repoUrl', options?.repoUrl, 'drop "user:password@" from the URL and register the repository credentials with Argo CD (a repository Secret labelled argocd.argoproj.io/secret-type: repository)');
    requireUrlWithoutCredentials('Delivery.gitOps', 'destinationServer', options?.destinationServer, 'drop "user:password@" from the URL and register the cluster\'s credentials with Argo CD (a cluster Secret labelled argocd.argoproj.io/secret-type: cluster)');
    return new GitOpsDelivery(options);
  }

  /** Use a delivery for every `KubernetesManifest` created below `scope` from now on. */
  public static use(scope: IConstruct, delivery: Delivery): void {
    requireInstance(scope, 'delivery', delivery, Delivery, 'a Delivery (Delivery.terraform() or Delivery.gitOps({…}))', { required: true });
    setScoped(scope, 'delivery', delivery);
  }

  /** The delivery in force for a scope: the nearest one set with `use()`, else Terraform delivery. */
  public static of(scope: IConstruct): Delivery {
    return findScoped<Delivery>(scope, 'delivery') ?? DEFAULT_TERRAFORM;
  }

  /** Whether this delivery writes manifest files for Argo CD. */
  public abstract readonly isGitOps: boolean;

  /** @internal */
  public abstract _place(manifest: PlacedManifest): void;
}

class TerraformDelivery extends Delivery {
  public readonly isGitOps = false;

  constructor(private readonly options: TerraformDeliveryOptions) {
    super();
  }

  public _place(manifest: PlacedManifest): void {
    // Once per stack (a tree walk per manifest would make large stacks quadratic).
    oncePerStack(manifest, 'RealtimePipelineKubernetesProvider', (stack) => {
      if (!stack.node.findAll().some((c: IConstruct) => c instanceof KubernetesProvider)) {
        // A path such as "${HOME}/.kube/config" is literal text, not a Terraform template.
        new KubernetesProvider(stack, 'kubernetes', escapeTerraformLiterals({
          configPath: this.options.kubeconfigPath,
          configContext: this.options.kubeconfigContext,
        }));
      }
    });
    const placed = stackSingleton(manifest, 'RealtimePipelineKubernetesManifests', (stack) => {
      const list: PlacedManifest[] = [];
      stack.node.addValidation({ validate: () => duplicateObjects(list) });
      return list;
    });
    placed.push(manifest);
    new ManifestResource(manifest, 'Resource', manifest.manifest);
  }
}

/**
 * Two `kubernetes_manifest` resources for one Kubernetes object (same API group, kind, namespace and
 * name) would overwrite each other on every apply; refuse them at synth.
 */
function duplicateObjects(placed: PlacedManifest[]): string[] {
  const seen = new Map<string, PlacedManifest>();
  const errors: string[] = [];
  for (const m of placed) {
    const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
    const key = `${group}|${m.kind}|${m.namespace ?? ''}|${m.resourceName}`;
    const other = seen.get(key);
    if (other) {
      errors.push(
        `[${m.node.path}] ${m.kind} "${m.namespace ? `${m.namespace}/` : ''}${m.resourceName}" must be defined once per stack ` +
          `(also defined at ${other.node.path}). Fix: give one of them another name or namespace.`,
      );
    } else {
      seen.set(key, m);
    }
  }
  return errors;
}

class GitOpsDelivery extends Delivery {
  public readonly isGitOps = true;

  constructor(private readonly options: GitOpsDeliveryOptions) {
    super();
  }

  public _place(manifest: PlacedManifest): void {
    GitOpsDirectory.forStack(TerraformStack.of(manifest), this.options).add(manifest);
  }
}

const DEFAULT_TERRAFORM = new TerraformDelivery({});
