export * from './delivery';
export * from './delivery-options';
export * from './kubernetes-manifest';
export * from './sync-wave';
