/** Options for `Delivery.terraform()`. */
export interface TerraformDeliveryOptions {
  /**
   * Path of the kubeconfig the `kubernetes` provider uses.
   * @default - the provider's own defaults (`KUBE_CONFIG_PATH`, in-cluster config)
   */
  readonly kubeconfigPath?: string;
  /**
   * kubeconfig context the `kubernetes` provider uses.
   * @default - the kubeconfig's current context
   */
  readonly kubeconfigContext?: string;
}

/** Options for `Delivery.gitOps()`. */
export interface GitOpsDeliveryOptions {
  /** Git repository Argo CD syncs from, e.g. `https://git.example.com/platform/streams.git`. */
  readonly repoUrl: string;
  /** Directory in that repository holding the generated manifests, e.g. `deploy/retail-prod`. */
  readonly path: string;
  /**
   * Git revision Argo CD tracks.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Name of the Argo CD `Application`.
   * @default - the stack name
   */
  readonly applicationName?: string;
  /**
   * Namespace Argo CD runs in (where the `Application` lives).
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * Argo CD project.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Cluster API server the resources go to.
   * @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;
  /**
   * Default namespace for resources that name none.
   * @default - each resource's own namespace
   */
  readonly destinationNamespace?: string;
  /**
   * Directory under the stack output (`cdktf.out/stacks/<stack>/`) the manifests are written to.
   * @default 'manifests'
   */
  readonly outputDirectory?: string;
}
