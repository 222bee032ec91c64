import { IConstruct } from 'constructs';

/** A Kubernetes resource as a delivery places it: the construct and what identifies the object. */
export interface PlacedManifest extends IConstruct {
  /** The resource as given. */
  readonly manifest: any;
  /** Argo CD sync wave. */
  readonly syncWave: number;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name`. */
  readonly resourceName: string;
  /** `metadata.namespace`, if namespaced. */
  readonly namespace?: string;
}
