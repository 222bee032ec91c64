export * from './compatibility';
export * from './schema-definition';
export * from './schema-subject';
