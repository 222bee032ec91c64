/**
 * Schema Registry compatibility levels. BACKWARD: consumers on the new schema read data written
 * with the previous one (upgrade consumers first). FORWARD: consumers on the previous schema read
 * data written with the new one (upgrade producers first). FULL: both. `_TRANSITIVE`: against every
 * previous version, not only the latest. NONE: no check.
 */
export enum Compatibility {
  /** New schema reads data of the latest previous version (the Schema Registry default). */
  BACKWARD = 'BACKWARD',
  /** New schema reads data of every previous version. */
  BACKWARD_TRANSITIVE = 'BACKWARD_TRANSITIVE',
  /** Latest previous schema reads data of the new one. */
  FORWARD = 'FORWARD',
  /** Every previous schema reads data of the new one. */
  FORWARD_TRANSITIVE = 'FORWARD_TRANSITIVE',
  /** BACKWARD and FORWARD against the latest previous version. */
  FULL = 'FULL',
  /** BACKWARD and FORWARD against every previous version. */
  FULL_TRANSITIVE = 'FULL_TRANSITIVE',
  /** No compatibility check. */
  NONE = 'NONE',
}
