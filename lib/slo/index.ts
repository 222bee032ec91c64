// Public API of the slo domain.
export * from './slo-period';
export * from './sli';
export * from './slo';
export * from './rule-group';
export * from './system-alerts';
export * from './slo-rules';
export * from './slo-alert-rules';
export * from './open-slo';
