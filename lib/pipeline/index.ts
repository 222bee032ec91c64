export * from './freshness-budget';
export * from './lineage';
export * from './pipeline-environment';
export * from './stream';
export * from './pipeline-stream';
export * from './realtime-pipeline';
