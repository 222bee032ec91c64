export * from './freshness-budget';
export * from './lineage';
