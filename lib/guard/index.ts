export * from './pipeline-lock';
