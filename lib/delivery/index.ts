export * from './delivery';
export * from './kubernetes-manifest';
export * from './sync-wave';
