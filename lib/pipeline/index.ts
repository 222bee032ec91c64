export * from './freshness-budget';
export * from './lineage';
export * from './pipeline-environment';
