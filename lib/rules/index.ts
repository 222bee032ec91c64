export * from './rule-pack';
export * from './suppressions';
