// Public API of the cdc domain.
export * from './cdc-options';
export * from './column-mask';
export * from './cdc-source';
